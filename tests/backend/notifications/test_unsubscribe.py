"""One-click unsubscribe (RFC 8058) from a real email's List-Unsubscribe header, no login."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from backend.accounts.models import User
from backend.game.models import Round
from backend.notifications.links import unsubscribe_url
from backend.notifications.models import EmailDelivery, EmailPreference, Kind, Topic
from backend.notifications.services import fanout, league_invitation_send
from backend.notifications.tokens import make_token
from backend.notifications.views import unsubscribe_view
from tests.factories import LeagueFactory, RoundFactory, UserFactory

from .smtp import Sink

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(db: Any) -> User:
    return UserFactory(email="alice@example.com", language="en")


@pytest.fixture
def rnd(db: Any) -> Round:
    return RoundFactory(number=1, opens_at=dt.datetime.now(tz=dt.UTC) - dt.timedelta(minutes=5))


@pytest.fixture
def browser() -> Client:
    """A mail client or a browser without a session: CSRF is enforced as in production."""
    return Client(enforce_csrf_checks=True)


def link_path(user: User, topic: str) -> str:
    return f"/api/v1/notifications/unsubscribe/{make_token(user_id=user.pk, topic=topic)}/"


def header_url(sink: Sink) -> str:
    (mail,) = sink.received
    match = re.match(r"<(https://[^>]+)>", mail.header("List-Unsubscribe"))
    assert match, mail.header("List-Unsubscribe")
    return match.group(1)


def wants(user: User, topic: str) -> bool:
    preference = EmailPreference.objects.filter(player=user).first()
    return True if preference is None else bool(getattr(preference, topic))


def test_it_asks_for_confirmation_on_get(browser: Client, alice: User) -> None:
    response = browser.get(link_path(alice, Topic.ROUND_OPEN))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<form method="post"' in body
    assert "alice@example.com" in body
    assert wants(alice, "round_open")  # a link scanner's GET changes nothing


def test_it_unsubscribes_on_a_one_click_post_without_csrf(browser: Client, alice: User) -> None:
    response = browser.post(
        link_path(alice, Topic.RESULTS),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert not wants(alice, "results")
    assert wants(alice, "round_open")  # only the topic the link names


def test_it_answers_in_the_players_language(browser: Client) -> None:
    marie = UserFactory(email="marie@example.com", language="fr")
    response = browser.post(link_path(marie, Topic.REMINDERS))
    assert "Vous êtes désabonné" in response.content.decode()


def test_it_refuses_a_tampered_link(browser: Client, alice: User) -> None:
    token = make_token(user_id=alice.pk, topic=Topic.RESULTS)
    forged = token.replace(token[-4:], "AAAA" if token[-4:] != "AAAA" else "BBBB")
    response = browser.post(f"/api/v1/notifications/unsubscribe/{forged}/")
    assert response.status_code == 404
    assert wants(alice, "results")


def test_it_is_the_only_view_exempt_from_csrf() -> None:
    assert getattr(unsubscribe_view, "csrf_exempt", False) is True


def test_the_emailed_link_unsubscribes_and_the_next_fanout_skips_the_player(
    smtp: Sink, browser: Client, alice: User, rnd: Round
) -> None:
    fanout(kind=Kind.ROUND_OPEN, round_id=rnd.pk)
    url = header_url(smtp)
    path = urlsplit(url).path
    assert browser.get(path).status_code == 200
    assert (
        browser.post(
            path,
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        ).status_code
        == 200
    )
    assert not wants(alice, "round_open")

    smtp.reset()
    later = RoundFactory(number=2, season=rnd.season, opens_at=rnd.opens_at)
    fanout(kind=Kind.ROUND_OPEN, round_id=later.pk)
    assert smtp.received == []
    skipped = EmailDelivery.objects.get(player=alice, round=later)
    assert (skipped.status, skipped.detail) == (EmailDelivery.Status.SKIPPED, "opted_out")


def test_it_puts_no_unsubscribe_header_on_a_league_invitation(smtp: Sink) -> None:

    owner = UserFactory(display_name="Alice")
    league = LeagueFactory(owner=owner, name="Les Turfistes")
    invitation = league.email_invitations.create(
        email="friend@example.com",
        invited_by=owner,
        expires_at=dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=30),
    )
    assert league_invitation_send(invitation_id=invitation.pk)
    (mail,) = smtp.received
    assert mail.header("List-Unsubscribe") == ""
    assert mail.header("List-Unsubscribe-Post") == ""


@pytest.mark.parametrize(
    "token",
    [
        make_token(user_id=1, topic=Topic.RESULTS),
        make_token(user_id=98765, topic=Topic.REMINDERS),
        "a-b_c.d:e",
        "needs quoting é %20 ?",
    ],
)
def test_the_unsubscribe_link_is_the_one_reverse_writes(token: str, settings: Any) -> None:
    for site_url in ("https://paddock.example", "https://other.example/sub"):
        settings.SITE_URL = site_url
        for _ in range(2):  # then from what was kept for that site
            expected = site_url + reverse("notifications:unsubscribe", kwargs={"token": token})
            assert unsubscribe_url(token) == expected
