"""What a member gets on entering a race-day room, read without a socket."""

from __future__ import annotations

import datetime as dt

import pytest

from backend.accounts.models import User
from backend.game.models import Round
from backend.live.services.rooms import room_snapshot
from tests.factories import PickFactory, RoundFactory, league_with, lock

pytestmark = pytest.mark.django_db


def test_the_snapshot_gives_the_lock_with_a_status_the_periodic_task_has_not_moved_yet(
    owner: User, member: User
) -> None:
    league = league_with(owner, member)
    game_round = lock(RoundFactory.create(), seconds=-30)
    PickFactory.create(round=game_round, player=member, win=3, place=4)

    snapshot = room_snapshot(league=league, game_round=game_round, user=owner)

    # Stored as open still: the web app reads the lock to call the round locked.
    assert snapshot["status"] == Round.Status.OPEN
    assert dt.datetime.fromisoformat(snapshot["locks_at"]) == game_round.locks_at
    assert [(p["name"], p["win"]) for p in snapshot["picks"]] == [("Bob", 3)]
