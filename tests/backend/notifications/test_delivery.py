"""The delivery machinery against a real SMTP server: claim before send, retry on 4xx and
lost connections, fail on 5xx, never send a row twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.mail.backends.smtp import EmailBackend

from backend.accounts.models import User
from backend.config.celery import app as celery_app
from backend.game.models import Round
from backend.notifications.models import EmailDelivery, Kind
from backend.notifications.sending import TemporarySendError
from backend.notifications.services import deliver_chunk, fanout
from backend.notifications.tasks import send_chunk
from tests.factories import EmailDeliveryFactory, RoundFactory, UserFactory

from .smtp import Sink, free_port

pytestmark = pytest.mark.django_db

Status = EmailDelivery.Status


@pytest.fixture
def players(db: Any) -> list[User]:
    return [UserFactory(email=f"player{n}@example.com") for n in range(3)]


@pytest.fixture
def rnd(db: Any) -> Round:
    """An open first round, opened ten minutes ago."""
    return RoundFactory(number=1, opens_at=dt.datetime.now(tz=dt.UTC) - dt.timedelta(minutes=10))


@pytest.fixture
def retries_in_process() -> Iterator[None]:
    """Eager tasks retry in-process (countdowns skipped) instead of raising Retry."""
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = previous


def rows(rnd: Round) -> dict[str, tuple[str, int]]:
    return {
        d.player.email: (d.status, d.attempts)
        for d in EmailDelivery.objects.filter(round=rnd).select_related("player")
    }


def test_it_retries_a_451_and_sends_each_email_once(
    smtp: Sink, rnd: Round, players: list[User], retries_in_process: None
) -> None:
    smtp.fail_data = ["451 4.3.0 Try again later"]  # the first DATA of the chunk
    fanout(kind=Kind.ROUND_OPEN, round_id=rnd.pk)
    assert sorted(r.recipients[0] for r in smtp.received) == [p.email for p in players]
    assert rows(rnd) == {
        players[0].email: (Status.SENT, 2),
        players[1].email: (Status.SENT, 2),
        players[2].email: (Status.SENT, 2),
    }
    # The retry is the same task: it re-claimed its own rows.
    assert EmailDelivery.objects.values("owner").distinct().count() == 1


def test_it_keeps_what_was_accepted_before_a_temporary_error(
    smtp: Sink, rnd: Round, players: list[User]
) -> None:
    first = deliver_chunk(kind=Kind.ROUND_OPEN, round_id=rnd.pk, player_ids=[players[0].pk])
    smtp.fail_data = ["421 4.7.0 Too many messages, slow down"]
    with pytest.raises(TemporarySendError):
        deliver_chunk(kind=Kind.ROUND_OPEN, round_id=rnd.pk, player_ids=[p.pk for p in players])
    assert first.sent == 1
    assert rows(rnd) == {
        players[0].email: (Status.SENT, 1),
        players[1].email: (Status.RETRYING, 1),
        players[2].email: (Status.RETRYING, 1),
    }
    retried = deliver_chunk(
        kind=Kind.ROUND_OPEN, round_id=rnd.pk, player_ids=[p.pk for p in players]
    )
    assert (retried.claimed, retried.sent) == (2, 2)
    assert len(smtp.received) == 3


def test_it_marks_a_refused_address_failed_and_goes_on(
    smtp: Sink, rnd: Round, players: list[User]
) -> None:
    smtp.refuse = {players[1].email}
    fanout(kind=Kind.ROUND_OPEN, round_id=rnd.pk)
    assert sorted(r.recipients[0] for r in smtp.received) == [players[0].email, players[2].email]
    failed = EmailDelivery.objects.get(player=players[1])
    assert failed.status == Status.FAILED
    assert "550" in failed.detail


def test_it_retries_when_the_server_cannot_be_reached(
    smtp: Sink, rnd: Round, players: list[User], settings: Any
) -> None:
    working = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there
    with pytest.raises(TemporarySendError):
        deliver_chunk(kind=Kind.ROUND_OPEN, round_id=rnd.pk, player_ids=[players[0].pk])
    assert rows(rnd) == {players[0].email: (Status.RETRYING, 1)}
    settings.EMAIL_PORT = working
    deliver_chunk(kind=Kind.ROUND_OPEN, round_id=rnd.pk, player_ids=[players[0].pk])
    assert rows(rnd) == {players[0].email: (Status.SENT, 2)}
    assert len(smtp.received) == 1


def test_it_gives_up_on_the_last_try(smtp: Sink, rnd: Round, players: list[User]) -> None:
    smtp.fail_data = ["451 4.3.0 Try again later"] * 10
    report = deliver_chunk(
        kind=Kind.ROUND_OPEN, round_id=rnd.pk, player_ids=[players[0].pk], final=True
    )
    assert report.failed == 1
    row = EmailDelivery.objects.get(player=players[0])
    assert row.status == Status.FAILED
    assert "451" in row.detail


def test_the_task_stops_after_five_retries(
    smtp: Sink, rnd: Round, players: list[User], retries_in_process: None
) -> None:
    smtp.fail_data = ["451 4.3.0 Try again later"] * 10
    send_chunk.delay(kind=Kind.ROUND_OPEN, round_id=rnd.pk, player_ids=[players[0].pk])
    row = EmailDelivery.objects.get(player=players[0])
    assert (row.status, row.attempts) == (Status.FAILED, 6)  # 1 try + 5 retries
    assert len(smtp.fail_data) == 4
    assert smtp.received == []


def test_it_never_resends_a_row_a_crashed_worker_left_sending(
    smtp: Sink, rnd: Round, players: list[User]
) -> None:
    EmailDeliveryFactory(
        player=players[0],
        kind=Kind.ROUND_OPEN,
        key=f"round_open:{rnd.pk}",
        round=rnd,
        status=Status.SENDING,
    )
    fanout(kind=Kind.ROUND_OPEN, round_id=rnd.pk)
    deliver_chunk(kind=Kind.ROUND_OPEN, round_id=rnd.pk, player_ids=[players[0].pk])
    assert players[0].email not in [r.recipients[0] for r in smtp.received]
    assert len(smtp.received) == 2


def test_it_claims_a_recipient_once_even_when_listed_twice(
    smtp: Sink, rnd: Round, players: list[User]
) -> None:
    report = deliver_chunk(
        kind=Kind.ROUND_OPEN, round_id=rnd.pk, player_ids=[players[0].pk, players[0].pk]
    )
    assert report.sent == 1
    assert len(smtp.received) == 1


def test_it_sends_a_chunk_over_one_connection(
    smtp: Sink, rnd: Round, players: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:

    opened: list[int] = []
    original = EmailBackend.open

    def counting_open(self: Any) -> Any:
        new = original(self)
        if new:
            opened.append(1)
        return new

    monkeypatch.setattr(EmailBackend, "open", counting_open)
    deliver_chunk(kind=Kind.ROUND_OPEN, round_id=rnd.pk, player_ids=[p.pk for p in players])
    assert len(smtp.received) == 3
    assert len(opened) == 1
