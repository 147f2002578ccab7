"""The pick lock under contention: 50 players submit from 50 connections at once, their
requests spread across the round's `locks_at` (set half a second ahead on the database
clock). No pick is accepted after the lock and none answered 2xx is lost.

"After the lock" is judged by the database clock: a trigger records the statement time of
every write to the picks table, which is the time the pick statement compares with
`locks_at`.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.common.db import db_now
from backend.game.models import Pick, Round
from tests.reliability.conftest import open_round

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PLAYERS = 50
SPREAD = 0.25  # seconds each side of the lock

AUDIT_SQL = """
CREATE TABLE reliability_pick_audit (
    player_id bigint NOT NULL,
    statement_at timestamptz NOT NULL,
    op text NOT NULL
);
CREATE FUNCTION reliability_pick_audit() RETURNS trigger AS $$
BEGIN
    INSERT INTO reliability_pick_audit VALUES (NEW.player_id, statement_timestamp(), TG_OP);
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER reliability_pick_audit AFTER INSERT OR UPDATE ON game_pick
    FOR EACH ROW EXECUTE FUNCTION reliability_pick_audit();
"""
DROP_AUDIT_SQL = """
DROP TRIGGER IF EXISTS reliability_pick_audit ON game_pick;
DROP FUNCTION IF EXISTS reliability_pick_audit();
DROP TABLE IF EXISTS reliability_pick_audit;
"""


@pytest.fixture
def pick_audit() -> Iterator[None]:
    """A trigger recording the database time of every statement that writes a pick."""
    with connection.cursor() as cursor:
        cursor.execute(DROP_AUDIT_SQL)
        cursor.execute(AUDIT_SQL)
    yield
    with connection.cursor() as cursor:
        cursor.execute(DROP_AUDIT_SQL)


def submit(  # noqa: PLR0917 - a thread target takes its arguments positionally
    player: User,
    round_id: int,
    offset: float,
    ready: threading.Barrier,
    plan: dict[str, float],
    answers: dict[int, tuple[int, dict[str, Any]]],
) -> None:
    """One player's PUT through the API, on this thread's own database connection."""
    client = APIClient()
    client.force_authenticate(player)
    body = {"win": 1 + player.pk % 8, "place": 1 + (player.pk + 3) % 8}
    path = f"/api/v1/game/rounds/{round_id}/pick/"
    try:
        client.get(path)  # warm up: this thread's connection is open before the race starts
        ready.wait(timeout=60)  # every thread ready; the main thread then sets the lock
        ready.wait(timeout=60)  # the lock is set: go
        # Not a wait for a state: this request is aimed at its moment around the lock.
        time.sleep(max(0.0, plan["lock_local"] + offset - time.time()))
        response = client.put(path, body, format="json")
        answers[player.pk] = (response.status_code, body)
    finally:
        connections.close_all()


def test_it_accepts_no_pick_after_the_lock_and_loses_none_before_it(pick_audit: None) -> None:
    rnd = open_round()
    players = [
        User.objects.create_user(email=f"racer{n}@paddock.test", password=None)
        for n in range(PLAYERS)
    ]
    # Spread over ±SPREAD, denser near the lock itself where the contention matters.
    spread = [2 * n / (PLAYERS - 1) - 1 for n in range(PLAYERS)]
    offsets = [SPREAD * x * abs(x) for x in spread]
    random.Random(7).shuffle(offsets)
    answers: dict[int, tuple[int, dict[str, Any]]] = {}
    plan: dict[str, float] = {}
    ready = threading.Barrier(PLAYERS + 1)
    threads = [
        threading.Thread(target=submit, args=(p, rnd.pk, off, ready, plan, answers))
        for p, off in zip(players, offsets, strict=True)
    ]
    for thread in threads:
        thread.start()
    ready.wait(timeout=60)
    # The lock, half a second ahead by the database clock; the threads aim around it.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE game_round SET locks_at = STATEMENT_TIMESTAMP() + INTERVAL '500 ms' "
            "WHERE id = %s RETURNING locks_at",
            [rnd.pk],
        )
        locks_at: dt.datetime = cursor.fetchone()[0]
    plan["lock_local"] = locks_at.timestamp() - (db_now().timestamp() - time.time())
    ready.wait(timeout=60)
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == PLAYERS

    statuses = {code for code, _ in answers.values()}
    assert statuses <= {201, 409}, answers
    accepted = {pk for pk, (code, _) in answers.items() if code == 201}
    refused = {pk for pk, (code, _) in answers.items() if code == 409}
    # The submissions straddled the lock: some went in, some were refused.
    assert accepted, "no submission before the lock: the test did not straddle it"
    assert refused, "no submission after the lock: the test did not straddle it"

    # None lost: every 201 has its pick, as sent; no refused player has one.
    picks = {p.player_id: p for p in Pick.objects.filter(round=rnd)}
    assert set(picks) == accepted
    for pk in accepted:
        sent = answers[pk][1]
        assert (picks[pk].win, picks[pk].place) == (sent["win"], sent["place"])

    # None after the lock, by the database clock of the very statement that wrote it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT player_id, statement_at FROM reliability_pick_audit")
        writes = cursor.fetchall()
    assert {player_id for player_id, _ in writes} == accepted
    late = [(player_id, at) for player_id, at in writes if at >= locks_at]
    assert not late, f"picks written at or after locks_at {locks_at}: {late}"
    assert Round.objects.get(pk=rnd.pk).locks_at == locks_at
