"""`db.read_frame`: one SELECT's rows as a typed frame, on either database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.common import db
from backend.game.models import Standing
from tests.factories import SeasonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _standings() -> tuple[int, list[int]]:
    season = SeasonFactory()
    players = [UserFactory().pk for _ in range(3)]
    for rank, player in enumerate(players, start=1):
        Standing.objects.create(
            season=season,
            player_id=player,
            points=30 - rank,
            wins=0,
            best=0,
            rounds_played=1,
            rank=rank if rank < 3 else None,
        )
    return season.pk, players


def _read(season_id: int):
    table = connection.ops.quote_name(Standing._meta.db_table)
    return db.read_frame(
        f"SELECT player_id, points, rank FROM {table} WHERE season_id = %s ORDER BY player_id",  # noqa: S608
        [season_id],
        {"player_id": "int64", "points": "int64", "rank": "Int32"},
    )


def test_rows_come_typed_with_their_nulls() -> None:
    season_id, players = _standings()
    frame = _read(season_id)
    assert frame["player_id"].tolist() == players
    assert frame["points"].tolist() == [29, 28, 27]
    assert frame["rank"].isna().tolist() == [False, False, True]
    assert str(frame["rank"].dtype) == "Int32"


def test_a_debug_cursor_reads_the_same_rows() -> None:
    """Under DEBUG (make run on PostgreSQL) or while queries are captured, Django's cursor
    wrapper takes a COPY without parameters: the read must not depend on which cursor it gets."""
    season_id, players = _standings()
    with CaptureQueriesContext(connection) as captured:
        frame = _read(season_id)
    assert frame["player_id"].tolist() == players
    assert any(str(season_id) in q["sql"] for q in captured.captured_queries)
