"""The visitors' showcase: this week's rounds and the top of the season, without an
account, showing players by display name only."""

from __future__ import annotations

from typing import Any

import pytest

from backend.accounts.models import User
from backend.game.models import Round
from tests.factories import RoundFactory, SeasonFactory, StandingFactory, UserFactory

from .conftest import url

pytestmark = pytest.mark.django_db


def test_a_visitor_sees_the_current_rounds_soonest_first(api_as: Any) -> None:
    season = SeasonFactory.create()
    later = RoundFactory.create(season=season)
    locked = RoundFactory.create(season=season, locked=True)
    RoundFactory.create(season=season, settled=True)
    RoundFactory.create(season=season, status=Round.Status.DRAFT)
    body = api_as(None).get(url("showcase/")).json()
    assert [r["id"] for r in body["rounds"]] == [locked.pk, later.pk]
    assert [r["status"] for r in body["rounds"]] == ["locked", "open"]
    first = body["rounds"][1]
    assert first["runner_count"] == 10
    assert first["race"]["name"] == later.race.name
    assert first["race"]["racecourse"] == later.race.meeting.racecourse
    assert body["season"] == {"id": season.pk, "name": season.name}


def test_the_top_of_the_table_names_players_by_display_name_only(api_as: Any) -> None:
    season = SeasonFactory.create()
    players = [
        UserFactory.create(email=f"p{i}@paddock.test", display_name=f"Rider {i}") for i in range(7)
    ]
    for i, player in enumerate(players):
        StandingFactory.create(season=season, player=player, rank=i + 1, points=1000 - i * 10)
    response = api_as(None).get(url("showcase/"))
    assert response.status_code == 200
    top = response.json()["top"]
    assert [row["display_name"] for row in top] == [f"Rider {i}" for i in range(5)]
    assert set(top[0]) == {"rank", "display_name", "points", "wins"}
    assert "paddock.test" not in response.content.decode()


def test_without_a_season_the_showcase_is_empty_not_an_error(api_as: Any, owner: User) -> None:
    body = api_as(None).get(url("showcase/")).json()
    assert body == {"season": None, "rounds": [], "top": []}
