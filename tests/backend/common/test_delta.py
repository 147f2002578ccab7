"""`delta.sync_rows`: a slice of a table made equal to a frame, touching only what differs."""

from __future__ import annotations

import pandas as pd
import pytest
from django.db import connection

from backend.common import delta
from backend.game.models import RoundScore, Standing
from tests.factories import SeasonFactory, UserFactory

pytestmark = pytest.mark.django_db

COLUMNS = ["player_id", "season_id", "points", "wins", "best", "rounds_played", "rank"]


def _frame(season_id: int, rows: list[tuple[int, ...]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["player_id", "points", "rank"])
    return pd.DataFrame(
        {
            "player_id": frame["player_id"].astype("int64"),
            "season_id": season_id,
            "points": frame["points"].astype("int64"),
            "wins": 0,
            "best": frame["points"].astype("int64"),
            "rounds_played": 1,
            "rank": frame["rank"].astype("Int64"),
        }
    )


def _stored(season_id: int) -> dict[int, tuple[int, int | None, int]]:
    rows = Standing.objects.filter(season_id=season_id).values_list(
        "player_id", "points", "rank", "id"
    )
    return {p: (points, rank, pk) for p, points, rank, pk in rows}


@pytest.mark.postgres  # writing by difference is PostgreSQL's path; SQLite replaces
def test_it_inserts_updates_and_deletes_only_the_rows_that_differ() -> None:
    season = SeasonFactory()
    other = SeasonFactory()
    players = [UserFactory().pk for _ in range(12)]
    first = [(p, 100 * i, i + 1) for i, p in enumerate(players[:11])]
    written = delta.sync_rows(
        Standing, _frame(season.pk, first), where={"season_id": season.pk}, key="player_id"
    )
    assert written == delta.Written(inserted=11)
    delta.sync_rows(
        Standing, _frame(other.pk, first), where={"season_id": other.pk}, key="player_id"
    )
    before = _stored(season.pk)

    # Player 0 changes, player 1's rank becomes NULL, player 10 is gone, player 11 is new.
    second = [(players[0], 999, 1), (players[1], 100, None), *first[2:10], (players[11], 7, 12)]
    written = delta.sync_rows(
        Standing, _frame(season.pk, second), where={"season_id": season.pk}, key="player_id"
    )

    assert written == delta.Written(inserted=1, updated=2, deleted=1)
    after = _stored(season.pk)
    assert {p: row[:2] for p, row in after.items()} == {p: (pts, r) for p, pts, r in second}
    # Rows that did not change, and rows updated in place, keep their ids.
    assert all(after[p][2] == before[p][2] for p in players[:10])
    assert len(_stored(other.pk)) == 11  # another slice is never touched


@pytest.mark.postgres  # writing by difference is PostgreSQL's path; SQLite replaces
def test_the_same_rows_write_nothing_and_most_rows_changed_rewrite_the_slice() -> None:
    season = SeasonFactory()
    players = [UserFactory().pk for _ in range(4)]
    rows = [(p, 10 * i, i + 1) for i, p in enumerate(players)]
    where = {"season_id": season.pk}
    delta.sync_rows(Standing, _frame(season.pk, rows), where=where, key="player_id")

    assert (
        delta.sync_rows(Standing, _frame(season.pk, rows), where=where, key="player_id")
        == delta.Written()
    )

    reversed_rows = [(p, 100 - pts, 5 - rank) for p, pts, rank in rows]
    written = delta.sync_rows(
        Standing, _frame(season.pk, reversed_rows), where=where, key="player_id"
    )
    assert written.rewritten
    assert {p: row[:2] for p, row in _stored(season.pk).items()} == {
        p: (pts, r) for p, pts, r in reversed_rows
    }


def test_in_place_updates_however_many_rows_changed_and_keeps_their_ids() -> None:
    season = SeasonFactory()
    players = [UserFactory().pk for _ in range(6)]
    rows = [(p, 10 * i, i + 1) for i, p in enumerate(players[:5])]
    where = {"season_id": season.pk}
    delta.sync_rows(Standing, _frame(season.pk, rows), where=where, key="player_id")
    before = _stored(season.pk)

    same = delta.sync_rows(
        Standing, _frame(season.pk, rows), where=where, key="player_id", in_place=True
    )
    postgres = connection.vendor == "postgresql"  # SQLite has one path: the slice replaced
    assert same == delta.Written() or not postgres
    assert _stored(season.pk) == before or not postgres

    every = [(p, pts + 1, rank) for p, pts, rank in rows]  # every row changed
    written = delta.sync_rows(
        Standing, _frame(season.pk, every), where=where, key="player_id", in_place=True
    )
    after = _stored(season.pk)
    assert {p: row[:2] for p, row in after.items()} == {p: (pts, r) for p, pts, r in every}
    if postgres:
        assert written == delta.Written(updated=5)
        assert all(after[p][2] == before[p][2] for p in players[:5])
    else:
        assert written.rewritten

    # Player 0 gone, player 5 new, players 1 and 2 changed, 3 and 4 as they were.
    mixed = [(players[1], 1, 5), (players[2], 2, 4), *every[3:], (players[5], 9, 1)]
    written = delta.sync_rows(
        Standing, _frame(season.pk, mixed), where=where, key="player_id", in_place=True
    )
    final = _stored(season.pk)
    assert {p: row[:2] for p, row in final.items()} == {p: (pts, r) for p, pts, r in mixed}
    if postgres:
        assert written == delta.Written(inserted=1, updated=2, deleted=1)
        assert all(final[p][2] == after[p][2] for p in players[1:5])


@pytest.mark.postgres
def test_roundscore_pages_keep_room_for_a_corrections_heap_only_updates() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE oid = %s::regclass",
            [RoundScore._meta.db_table],
        )
        (options,) = cursor.fetchone()
    assert "fillfactor=50" in (options or [])
