"""The claim: one INSERT … ON CONFLICT DO NOTHING RETURNING takes the rows nobody holds,
a row waiting for a retry is taken over, a row someone else holds is never ours."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.accounts.models import User
from backend.notifications.models import EmailDelivery, Kind
from backend.notifications.sending import Outgoing, claim
from tests.factories import EmailDeliveryFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = EmailDelivery.Status
KEY = "unanswered_alert:1"


@pytest.fixture
def players(db: Any) -> list[User]:
    return [UserFactory(email=f"claim{n}@example.com") for n in range(4)]


def message(player: User | None, to: str = "", points: int = 0) -> Outgoing:
    return Outgoing(
        to=player.email if player else to,
        subject="s",
        text="t",
        html="<p>t</p>",
        language="fr",
        player_id=player.pk if player else None,
        payload={"points": points},
    )


def take(messages: list[Outgoing], owner: str = "task-1") -> list[tuple[int, Outgoing]]:
    return claim(kind=Kind.UNANSWERED_ALERT, key=KEY, round_id=None, owner=owner, messages=messages)


def test_a_claim_inserts_one_sending_row_per_recipient_in_one_statement(
    players: list[User],
) -> None:
    messages = [message(p, points=n) for n, p in enumerate(players)]
    messages.append(message(None, to="guest@example.com", points=9))
    with CaptureQueriesContext(connection) as queries:
        claimed = take(messages)
    assert len(queries.captured_queries) == 1
    assert [m for _, m in claimed] == messages
    rows = {row.pk: row for row in EmailDelivery.objects.all()}
    assert sorted(rows) == sorted(pk for pk, _ in claimed)
    for pk, m in claimed:
        row = rows[pk]
        assert (row.player_id, row.to_email, row.kind, row.key, row.round_id) == (
            m.player_id,
            m.to,
            Kind.UNANSWERED_ALERT,
            KEY,
            None,
        )
        assert (row.status, row.owner, row.attempts, row.language, row.detail) == (
            Status.SENDING,
            "task-1",
            1,
            "fr",
            "",
        )
        assert row.payload == m.payload
        assert len(row.claim) == 32
        assert row.created_at is not None
        assert row.updated_at is not None
        assert row.sent_at is None
    assert len({row.claim for row in rows.values()}) == 1


def test_a_recipient_someone_holds_is_not_claimed_again(players: list[User]) -> None:
    first = take([message(players[0]), message(None, to="guest@example.com")])
    again = take(
        [message(players[0]), message(players[1]), message(None, to="guest@example.com")],
        owner="task-2",
    )
    assert len(first) == 2
    assert [m.player_id for _, m in again] == [players[1].pk]
    assert EmailDelivery.objects.count() == 3
    assert EmailDelivery.objects.get(player=players[0]).owner == "task-1"


@pytest.mark.parametrize("status", [Status.SENT, Status.SENDING, Status.FAILED, Status.SKIPPED])
def test_a_row_in_any_other_state_stays_as_it_is(players: list[User], status: str) -> None:
    EmailDeliveryFactory(player=players[0], kind=Kind.UNANSWERED_ALERT, key=KEY, status=status)
    assert take([message(players[0])]) == []
    row = EmailDelivery.objects.get(player=players[0])
    assert (row.status, row.attempts) == (status, 1)


def test_a_row_waiting_for_a_retry_is_taken_over_with_what_is_emailed_now(
    players: list[User],
) -> None:
    waiting = EmailDeliveryFactory(
        player=players[0],
        kind=Kind.UNANSWERED_ALERT,
        key=KEY,
        status=Status.RETRYING,
        payload={"points": 1},
    )
    claimed = take([message(players[0], points=5), message(players[1], points=6)])
    assert sorted(m.player_id for _, m in claimed) == [players[0].pk, players[1].pk]
    assert {m.player_id: pk for pk, m in claimed}[players[0].pk] == waiting.pk
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts, waiting.owner) == (Status.SENDING, 2, "task-1")
    assert waiting.payload == {"points": 5}
    assert EmailDelivery.objects.count() == 2


def test_a_claim_larger_than_a_statement_takes_goes_in_several(
    players: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection.ops, "bulk_batch_size", lambda fields, objs: 3)
    messages = [message(p) for p in players] + [
        message(None, to=f"guest{n}@example.com") for n in range(3)
    ]
    claimed = take(messages)
    assert [m for _, m in claimed] == messages
    assert EmailDelivery.objects.filter(status=Status.SENDING).count() == 7
