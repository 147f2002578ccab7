"""/go/bet/<token>: a signed token, re-checked eligibility, a click, a 302 to the partner."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from backend.game.models import Round
from backend.handoff import tokens
from backend.handoff.models import HandoffClick
from backend.handoff.selectors.offers import betting_offer_for
from backend.handoff.tokens import BetLink, make_token
from tests.backend.handoff.test_eligibility import INELIGIBLE
from tests.factories import PreferenceFactory


def _win_link(owner: Any, open_round: Any) -> str:
    offer = betting_offer_for(player=owner, round=open_round)
    assert offer is not None
    return offer.actions[0].path


def _link(owner: Any, open_round: Any, partner: Any, **overrides: Any) -> str:
    values: dict[str, Any] = {
        "player_id": owner.pk,
        "round_id": open_round.pk,
        "runner_number": 7,
        "bet_kind": "win",
        "page": "pick",
        "partner_id": partner.pk,
        **overrides,
    }
    return f"/go/bet/{make_token(BetLink(**values))}"


def _as(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _refused(response: Any, status: int = 404) -> None:
    assert response.status_code == status
    assert "Location" not in response
    assert not HandoffClick.objects.exists()


def test_it_records_the_click_and_redirects_to_the_partners_url(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    response = _as(owner).get(_win_link(owner, open_round), HTTP_USER_AGENT="Mozilla/5.0 " * 40)
    assert response.status_code == 302
    click = HandoffClick.objects.get()
    assert (click.player, click.round, click.partner) == (owner, open_round, partner)
    assert (click.runner_number, click.bet_kind, click.page) == (7, "win", "pick")
    assert len(click.user_agent) == 255
    meeting = open_round.race.meeting
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc) == ("https", "bets.example.com")
    assert location.path == (
        f"/turf/{meeting.date:%d%m%Y}/R{meeting.number}/C{open_round.race.number}"
    )
    assert parse_qs(location.query) == {
        "bet": ["E_SIMPLE_GAGNANT"],
        "runner": ["7"],
        "utm_source": ["paddock"],
        "utm_medium": ["game"],
        "utm_campaign": [f"round-{open_round.pk}"],
        "utm_content": ["pick-win"],
        "paddock_click": [str(click.public_id)],
    }
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_it_records_each_click(partner: Any, owner: Any, open_round: Any, pick: Any) -> None:
    offer = betting_offer_for(player=owner, round=open_round)
    assert offer is not None
    client = _as(owner)
    for action in offer.actions:
        assert client.get(action.path).status_code == 302
    assert sorted(HandoffClick.objects.values_list("bet_kind", "runner_number")) == [
        ("place", 3),
        ("win", 7),
    ]


def test_it_records_an_anonymous_click_against_the_tokens_player(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    response = _as(None).get(_win_link(owner, open_round))
    assert response.status_code == 302
    assert HandoffClick.objects.get().player == owner


def test_it_refuses_another_players_token(
    partner: Any, owner: Any, outsider: Any, open_round: Any, pick: Any
) -> None:
    _refused(_as(outsider).get(_win_link(owner, open_round)))


def test_it_refuses_a_tampered_token(partner: Any, owner: Any, open_round: Any, pick: Any) -> None:
    path = _win_link(owner, open_round)
    token = path.removeprefix("/go/bet/")
    last = "A" if token[-1] != "A" else "B"
    _refused(_as(owner).get(f"/go/bet/{token[:-1]}{last}"))
    payload, _, signature = token.rpartition(":")
    _refused(_as(owner).get(f"/go/bet/{payload}x:{signature}"))


@pytest.mark.parametrize(
    "forge",
    [
        lambda p: signing.dumps(p, salt="another-salt", compress=True),
        lambda p: signing.dumps(p, key="attacker-key", salt=tokens.SALT, compress=True),
        lambda p: signing.dumps(p, salt=tokens.SALT, compress=True).rpartition(":")[0] + ":x",
        lambda p: "not-a-token",
        lambda p: signing.dumps(p[:3], salt=tokens.SALT),
        lambda p: signing.dumps({"url": "https://evil.example/"}, salt=tokens.SALT),
    ],
)
def test_it_refuses_a_forged_token(
    partner: Any, owner: Any, open_round: Any, pick: Any, forge: Any
) -> None:
    payload = [owner.pk, open_round.pk, 7, "w", "k", partner.pk]
    _refused(_as(owner).get(f"/go/bet/{forge(payload)}"))


def test_it_refuses_an_expired_token(
    partner: Any, owner: Any, open_round: Any, pick: Any, monkeypatch: Any
) -> None:
    eight_days_ago = time.time() - dt.timedelta(days=8).total_seconds()
    with monkeypatch.context() as patched:
        patched.setattr("django.core.signing.time.time", lambda: eight_days_ago)
        path = _win_link(owner, open_round)
    _refused(_as(owner).get(path))


def test_it_accepts_a_six_day_old_token(
    partner: Any, owner: Any, open_round: Any, pick: Any, monkeypatch: Any
) -> None:
    six_days_ago = time.time() - dt.timedelta(days=6).total_seconds()
    with monkeypatch.context() as patched:
        patched.setattr("django.core.signing.time.time", lambda: six_days_ago)
        path = _win_link(owner, open_round)
    assert _as(owner).get(path).status_code == 302


@pytest.mark.parametrize("case", sorted(INELIGIBLE))
def test_it_refuses_a_player_who_is_no_longer_eligible(
    partner: Any, owner: Any, open_round: Any, pick: Any, case: str
) -> None:
    path = _win_link(owner, open_round)
    make_ineligible, _ = INELIGIBLE[case]
    make_ineligible(owner)
    _refused(_as(None).get(path), status=403 if case == "self_excluded" else 404)


def test_it_answers_410_once_the_race_has_started_and_says_why(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    path = _win_link(owner, open_round)
    Round.objects.filter(pk=open_round.pk).update(
        status=Round.Status.LOCKED, locks_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = _as(owner).get(path)
    assert response.status_code == 410
    assert "Location" not in response
    page = response.content.decode()
    assert "This race has started" in page
    assert '<html lang="en">' in page
    assert not HandoffClick.objects.exists()


def test_it_answers_410_in_french_to_a_french_reader(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    owner.language = "fr"
    owner.save()
    path = _win_link(owner, open_round)
    Round.objects.filter(pk=open_round.pk).update(status=Round.Status.SETTLED)
    response = _as(None).get(path)  # from an email, signed out
    assert response.status_code == 410
    page = response.content.decode()
    assert "Cette course est partie" in page
    assert '<html lang="fr">' in page


@pytest.mark.parametrize(
    ("preference", "words"),
    [
        ({"self_excluded_until": dt.timedelta(days=30)}, "You excluded yourself"),
        ({"break_until": dt.timedelta(hours=5)}, "You are taking a break"),
    ],
)
@pytest.mark.usefixtures("partner", "pick")
def test_it_answers_403_to_a_player_excluded_or_on_a_break(
    owner: Any, open_round: Any, preference: Any, words: str
) -> None:
    path = _win_link(owner, open_round)
    PreferenceFactory(player=owner, **{k: timezone.now() + v for k, v in preference.items()})
    response = _as(owner).get(path)
    assert response.status_code == 403
    assert "Location" not in response
    assert words in response.content.decode()
    assert not HandoffClick.objects.exists()


def test_it_refuses_a_link_to_a_partner_no_longer_offered(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    path = _win_link(owner, open_round)
    partner.active = False
    partner.save()
    _refused(_as(owner).get(path))


def test_it_refuses_a_token_for_a_runner_not_in_the_race(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    _refused(_as(owner).get(_link(owner, open_round, partner, runner_number=42)))


def test_it_ignores_anything_added_to_the_link(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    path = _win_link(owner, open_round)
    response = _as(owner).get(f"{path}?next=https://evil.example/&url=//evil.example")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.netloc == "bets.example.com"
    assert "evil" not in response["Location"]


def test_it_lands_on_the_partners_host_whatever_its_campaign_parameters(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    partner.campaign_params = {"next": "https://evil.example/", "u": "@evil.example"}
    partner.save()
    response = _as(owner).get(_win_link(owner, open_round))
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc) == ("https", "bets.example.com")


def test_it_answers_only_get(partner: Any, owner: Any, open_round: Any, pick: Any) -> None:
    assert _as(owner).post(_win_link(owner, open_round)).status_code == 405
    assert not HandoffClick.objects.exists()
