"""League invitations go through the notifications machinery: layout, log, once each."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from backend.leagues.models import EmailInvitation, League
from backend.leagues.services import email_invitation_create
from backend.notifications.models import EmailDelivery, Kind
from backend.notifications.tasks import send_email_invitation
from tests.factories import LeagueFactory, UserFactory

from .smtp import Sink

pytestmark = pytest.mark.django_db


@pytest.fixture
def league(owner: Any) -> League:
    return LeagueFactory(owner=owner, name="Les Turfistes")


def invite(league: League, owner: Any, capture: Any, email: str = "friend@example.com") -> Any:
    with capture(execute=True):
        return email_invitation_create(league=league, actor=owner, email=email)


def test_it_sends_the_invitation_in_the_common_layout(
    smtp: Sink, league: League, owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    invitation = invite(league, owner, django_capture_on_commit_callbacks)
    (mail,) = smtp.received
    assert "Alice invites you to the league “Les Turfistes”" in mail.subject
    link = f"https://paddock.example/leagues/join/{invitation.token}"
    assert f'href="{link}"' in mail.html
    assert "Paddock" in mail.html
    row = EmailDelivery.objects.get(kind=Kind.LEAGUE_INVITATION)
    assert (row.to_email, row.status) == ("friend@example.com", EmailDelivery.Status.SENT)
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_a_retried_task_does_not_send_it_twice(
    smtp: Sink, league: League, owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    invitation = invite(league, owner, django_capture_on_commit_callbacks)
    EmailInvitation.objects.filter(pk=invitation.pk).update(sent_at=None)  # crash before marking
    assert send_email_invitation.delay(invitation.pk).get() is False
    assert len(smtp.received) == 1


def test_a_resend_is_a_new_email(
    smtp: Sink, league: League, owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    invite(league, owner, django_capture_on_commit_callbacks)
    invite(league, owner, django_capture_on_commit_callbacks)
    assert len(smtp.received) == 2


def test_it_writes_to_a_known_player_in_their_language(
    smtp: Sink, league: League, owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    UserFactory(email="marie@example.com", language="fr")
    invite(league, owner, django_capture_on_commit_callbacks, email="marie@example.com")
    (mail,) = smtp.received
    assert "vous invite" in mail.subject
    assert "Rejoindre la ligue" in mail.text
    assert mail.header("Content-Language") == "fr"


def test_it_sends_nothing_when_the_invitation_rolls_back(
    smtp: Sink, league: League, owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    def invite_then_crash() -> None:
        with transaction.atomic():
            email_invitation_create(league=league, actor=owner, email="x@example.com")
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        invite_then_crash()
    assert smtp.received == []
    assert not EmailDelivery.objects.exists()
