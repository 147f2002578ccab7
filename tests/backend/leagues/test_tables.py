"""League tables: cumulative season standings ranked inside each league (ties share a
rank, same order as the global table), movement since the last settled round, and what a
round shows before the lock, after it and once settled."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import scoring
from backend.accounts.models import User
from backend.community.models import Award
from backend.game.models import Round, Season
from backend.game.services import round_settle
from backend.leagues.models import League, Membership
from backend.leagues.tables import league_round_table, league_table, league_tables
from tests.factories import (
    DividendFactory,
    LeagueFactory,
    MembershipFactory,
    PickFactory,
    RoundFactory,
    RoundScoreFactory,
    SeasonFactory,
    StandingFactory,
    UserFactory,
    WeeklyStandingFactory,
    race_with_runners,
)

pytestmark = pytest.mark.django_db


def _rows(table: Any) -> list[tuple[str, int, int | None, int]]:
    return [(r.name, r.rank, r.movement, r.points) for r in table.rows]


@pytest.fixture
def season() -> Season:
    return SeasonFactory(name_en="Spring", name_fr="Printemps")


@pytest.fixture
def crowd(league: League, owner: User, member: User, manager: User) -> dict[str, User]:
    """The league's players by name: Alice (owner), Bob, Dana, and three more."""
    people = {"Alice": owner, "Bob": member, "Dana": manager}
    for name in ("Eve", "Gus", "Hal"):
        people[name] = UserFactory(display_name=name)
        MembershipFactory(league=league, player=people[name])
    return people


@pytest.fixture
def two_rounds(season: Season, crowd: dict[str, User], outsider: User) -> tuple[Round, Round]:
    """Two settled rounds written as the game writes them (scores and standings).

    Round 1: Alice 1000 (win), Bob 1000 (win), Gus 600 (place), Hal 500 (win), Dana 0.
    Round 2: Dana 1500 (win), Hal 500 (place), Gus 400 (place), Alice and Bob 0.
    Eve never played. Charlie (not in the league) has the best season of all.
    """
    r1 = RoundFactory(season=season, number=1, settled=True)
    r2 = RoundFactory(season=season, number=2, settled=True)
    scores = {
        r1: {
            "Alice": (1000, 0),
            "Bob": (1000, 0),
            "Gus": (0, 600),
            "Hal": (500, 0),
            "Dana": (0, 0),
        },
        r2: {"Alice": (0, 0), "Bob": (0, 0), "Gus": (0, 400), "Hal": (0, 500), "Dana": (1200, 300)},
    }
    for game_round, rows in scores.items():
        for name, (win, place) in rows.items():
            RoundScoreFactory(
                round=game_round, player=crowd[name], win_points=win, place_points=place
            )
    standings = {  # points, wins, best, global rank
        "Dana": (1500, 1, 1500, 2),
        "Alice": (1000, 1, 1000, 5),
        "Bob": (1000, 1, 1000, 5),
        "Hal": (1000, 1, 500, 7),
        "Gus": (1000, 0, 600, 8),
    }
    for name, (points, wins, best, rank) in standings.items():
        StandingFactory(
            season=season,
            player=crowd[name],
            points=points,
            wins=wins,
            best=best,
            rounds_played=2,
            rank=rank,
        )
    RoundScoreFactory(round=r1, player=outsider, win_points=2000)
    StandingFactory(season=season, player=outsider, points=2000, wins=1, best=2000, rank=1)
    return r1, r2


def test_it_ranks_members_with_ties_and_tie_breaks(
    league: League, season: Season, two_rounds: Any
) -> None:
    table = league_table(league=league, season=season)
    assert [(r.name, r.rank, r.points, r.wins, r.best) for r in table.rows] == [
        ("Dana", 1, 1500, 1, 1500),
        ("Alice", 2, 1000, 1, 1000),  # equal on points, wins and best: they share 2nd
        ("Bob", 2, 1000, 1, 1000),
        ("Hal", 4, 1000, 1, 500),  # same points and wins, worse best round
        ("Gus", 5, 1000, 0, 600),  # same points, no winning win-selection
        ("Eve", 6, 0, 0, 0),  # joined, never played
    ]


def test_it_shows_the_movement_since_the_last_settled_round(
    league: League, season: Season, two_rounds: Any
) -> None:
    # After round 1 alone: Alice and Bob 1st, Gus 3rd, Hal 4th, Dana and Eve 5th.
    table = league_table(league=league, season=season)
    moves = {r.name: (r.previous_rank, r.rank, r.movement) for r in table.rows}
    assert moves == {
        "Dana": (5, 1, 4),
        "Alice": (1, 2, -1),
        "Bob": (1, 2, -1),
        "Hal": (4, 4, 0),
        "Gus": (3, 5, -2),
        "Eve": (5, 6, -1),
    }
    assert table.last_round == two_rounds[1]


def test_it_gives_each_members_global_rank(league: League, season: Season, two_rounds: Any) -> None:
    table = league_table(league=league, season=season)
    assert {r.name: r.global_rank for r in table.rows} == {
        "Dana": 2,
        "Alice": 5,
        "Bob": 5,
        "Hal": 7,
        "Gus": 8,
        "Eve": None,
    }


def test_it_shows_no_movement_after_a_single_round(
    league: League, season: Season, crowd: dict[str, User]
) -> None:
    only = RoundFactory(season=season, number=1, settled=True)
    RoundScoreFactory(round=only, player=crowd["Bob"], win_points=700)
    StandingFactory(season=season, player=crowd["Bob"], points=700, wins=1, best=700, rank=1)
    table = league_table(league=league, season=season)
    assert table.rows[0].name == "Bob"
    assert all(r.movement is None and r.previous_rank is None for r in table.rows)


def test_it_lists_everyone_at_zero_before_any_round(league: League, season: Season) -> None:
    table = league_table(league=league, season=season)
    assert [(r.rank, r.points, r.global_rank) for r in table.rows] == [(1, 0, None)] * 3
    assert table.last_round is None


def test_it_counts_the_whole_season_of_a_late_joiner(
    league: League, season: Season, two_rounds: Any, outsider: User
) -> None:
    Membership.objects.create(league=league, player=outsider)  # joins after both rounds
    top = league_table(league=league, season=season).rows[0]
    assert (top.name, top.points, top.rank) == ("Charlie", 2000, 1)


def test_it_ranks_several_leagues_in_one_pass(
    league: League, season: Season, two_rounds: Any, crowd: dict[str, User], monkeypatch: Any
) -> None:
    other = LeagueFactory(owner=crowd["Gus"])
    MembershipFactory(league=other, player=crowd["Eve"])
    calls: list[int] = []
    real = scoring.rank_within

    def counting(table: Any, by: str = "league_id") -> Any:
        calls.append(len(table))
        return real(table, by=by)

    monkeypatch.setattr(scoring, "rank_within", counting)
    tables = league_tables(leagues=[league, other], season=season)
    assert calls == [8, 8]  # current and previous ranks, each over all 6 + 2 rows at once
    assert _rows(tables[other.pk]) == [("Gus", 1, 0, 1000), ("Eve", 2, 0, 0)]
    assert tables[league.pk].rows[0].name == "Dana"


# --- the table endpoint -------------------------------------------------------------------------


def test_it_serves_the_season_table(
    *, api_as: Any, league: League, season: Season, two_rounds: Any, member: User, manager: User
) -> None:
    response = api_as(member).get(
        f"/api/v1/leagues/{league.public_id}/table/", {"season": season.pk}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["season"] == {"id": season.pk, "name": "Spring", "status": "active"}
    assert body["last_round"]["number"] == 2
    assert body["results"][0].pop("badges") == {"gold": 0, "silver": 0, "bronze": 0, "slugs": []}
    assert body["results"][0] == {
        "player_id": manager.pk,
        "name": "Dana",
        "role": "manager",
        "rank": 1,
        "previous_rank": 5,
        "movement": 4,
        "points": 1500,
        "wins": 1,
        "best": 1500,
        "rounds_played": 2,
        "global_rank": 2,
    }


def test_it_shows_each_members_badges(
    api_as: Any, league: League, season: Season, member: User, manager: User
) -> None:
    Award.objects.create(player=manager, badge="first-answer")
    rows = api_as(member).get(f"/api/v1/leagues/{league.public_id}/table/").json()["results"]
    badges = {row["player_id"]: row["badges"] for row in rows}
    assert badges[manager.pk]["slugs"] == ["first-answer"]
    assert sum(badges[manager.pk][tier] for tier in ("gold", "silver", "bronze")) == 1
    assert badges[member.pk]["slugs"] == []


def test_it_defaults_to_the_current_season(
    api_as: Any, league: League, season: Season, member: User
) -> None:
    SeasonFactory(
        status=Season.Status.FINISHED,
        starts_on=season.starts_on - dt.timedelta(days=200),
        ends_on=season.starts_on - dt.timedelta(days=100),
    )
    body = api_as(member).get(f"/api/v1/leagues/{league.public_id}/table/").json()
    assert body["season"]["id"] == season.pk


def test_it_answers_404_for_a_draft_or_unknown_season(
    api_as: Any, league: League, member: User
) -> None:
    draft = SeasonFactory(status=Season.Status.DRAFT)
    for season_id in (draft.pk, 999999):
        response = api_as(member).get(
            f"/api/v1/leagues/{league.public_id}/table/", {"season": season_id}
        )
        assert response.status_code == 404


def test_it_serves_an_empty_season_table_before_any_season(
    api_as: Any, league: League, member: User
) -> None:
    body = api_as(member).get(f"/api/v1/leagues/{league.public_id}/table/").json()
    assert body["season"] is None
    assert [r["points"] for r in body["results"]] == [0, 0, 0]


def test_it_pages_the_season_table_in_the_one_list_shape(
    api_as: Any, league: League, season: Season, crowd: dict[str, User], member: User
) -> None:
    url = f"/api/v1/leagues/{league.public_id}/table/"
    first = api_as(member).get(url, {"page_size": 4}).json()
    assert first["league"]["id"] == league.public_id
    assert first["season"]["id"] == season.pk
    assert (first["count"], len(first["results"]), first["previous"]) == (6, 4, None)
    assert "page=2" in first["next"]
    second = api_as(member).get(url, {"page_size": 4, "page": 2}).json()
    assert (second["count"], len(second["results"]), second["next"]) == (6, 2, None)
    names = [r["name"] for r in first["results"] + second["results"]]
    assert sorted(names) == sorted(crowd)


def test_it_serves_a_large_table_whole_on_one_page(
    api_as: Any, league: League, member: User, open_round: Round
) -> None:
    """Past the usual page cap: a client asking for the member cap gets every row."""
    crowd = User.objects.bulk_create(
        User(email=f"crowd{n}@paddock.test", display_name=f"Crowd {n:03}") for n in range(250)
    )
    Membership.objects.bulk_create(Membership(league=league, player=user) for user in crowd)
    for path in ("table/", f"rounds/{open_round.pk}/"):
        url = f"/api/v1/leagues/{league.public_id}/{path}"
        body = api_as(member).get(url, {"page_size": 1000}).json()
        assert (body["count"], len(body["results"])) == (253, 253), path
        assert (body["next"], body["previous"]) == (None, None), path


# --- one round ------------------------------------------------------------------------------------


@pytest.fixture
def open_round(season: Season) -> Round:
    race = race_with_runners(8)
    return RoundFactory(
        season=season,
        race=race,
        number=3,
        status=Round.Status.OPEN,
        locks_at=timezone.now() + dt.timedelta(hours=2),
    )


def test_it_shows_who_picked_but_not_what_before_the_lock(
    *, api_as: Any, league: League, open_round: Round, owner: User, member: User, manager: User
) -> None:
    PickFactory(round=open_round, player=owner, win=3, place=4)
    PickFactory(round=open_round, player=member, win=5, place=6, alternate=7)
    body = api_as(member).get(f"/api/v1/leagues/{league.public_id}/rounds/{open_round.pk}/").json()
    assert (body["locked"], body["settled"]) == (False, False)
    rows = {r["name"]: r for r in body["results"]}
    assert rows["Alice"]["has_picked"] is True
    assert rows["Alice"]["pick"] is None
    assert rows["Dana"]["has_picked"] is False
    assert rows["Bob"]["pick"]["win"] == 5  # my own pick
    assert rows["Bob"]["pick"]["alternate"] == 7


def test_it_shows_every_pick_once_the_lock_time_passed(
    api_as: Any, league: League, open_round: Round, owner: User, manager: User
) -> None:
    PickFactory(round=open_round, player=owner, win=3, place=4)
    Round.objects.filter(pk=open_round.pk).update(locks_at=timezone.now() - dt.timedelta(seconds=5))
    body = api_as(manager).get(f"/api/v1/leagues/{league.public_id}/rounds/{open_round.pk}/").json()
    assert body["locked"] is True
    alice = next(r for r in body["results"] if r["name"] == "Alice")
    assert alice["pick"]["win"] == 3
    assert alice["pick"]["win_name"] == f"Horse {open_round.race_id}-3"
    assert alice["score"] is None
    assert alice["rank"] is None


def test_it_shows_points_and_ranks_once_settled(
    league: League, season: Season, crowd: dict[str, User]
) -> None:
    settled = RoundFactory(season=season, number=4, race=race_with_runners(8), settled=True)
    for name, win, place in (("Alice", 800, 400), ("Bob", 800, 400), ("Dana", 0, 500)):
        PickFactory(round=settled, player=crowd[name], win=1, place=2)
        RoundScoreFactory(round=settled, player=crowd[name], win_points=win, place_points=place)
        WeeklyStandingFactory(round=settled, player=crowd[name], rank={"Dana": 9}.get(name, 3))
    table = league_round_table(league=league, game_round=settled, viewer=crowd["Eve"])
    assert [(r.name, r.rank, r.score.points if r.score else None) for r in table.rows] == [
        ("Alice", 1, 1200),
        ("Bob", 1, 1200),
        ("Dana", 3, 500),
        ("Eve", 4, None),
        ("Gus", 4, None),
        ("Hal", 4, None),
    ]
    assert table.rows[0].global_rank == 3
    assert table.rows[2].score is not None
    assert table.rows[2].score.place_hit


def test_it_hides_draft_rounds(api_as: Any, league: League, season: Season, member: User) -> None:
    draft = RoundFactory(season=season, status=Round.Status.DRAFT)
    url = f"/api/v1/leagues/{league.public_id}/rounds/{draft.pk}/"
    assert api_as(member).get(url).status_code == 404


# --- end to end through the game's settlement ----------------------------------------------------


def _race(win_dividend: int, places: dict[int, int]) -> Any:
    """A finished race: 1-2-3 with official win and place dividends (cents per 1 €)."""
    race = race_with_runners(10, status="official")
    for number, position in ((1, 1), (2, 2), (3, 3)):
        race.runners.filter(number=number).update(position=position)
    DividendFactory(race=race, kind="win", number=1, cents=win_dividend)
    for number, cents in places.items():
        DividendFactory(race=race, kind="place", number=number, cents=cents)
    return race


def test_it_builds_the_table_from_two_settlements(
    *,
    api_as: Any,
    league: League,
    season: Season,
    owner: User,
    member: User,
    manager: User,
) -> None:
    eve = UserFactory(display_name="Eve")
    MembershipFactory(league=league, player=eve)
    past = timezone.now() - dt.timedelta(hours=1)
    r1 = RoundFactory(
        season=season,
        number=1,
        status="locked",
        locks_at=past,
        race=_race(400, {1: 150, 2: 200, 3: 250}),
    )
    r2 = RoundFactory(
        season=season,
        number=2,
        status="locked",
        locks_at=past,
        race=_race(400, {1: 150, 2: 200, 3: 250}),
    )
    # Round 1: Alice and Bob 1-2 (800 + 400), Dana 5-3 (0 + 500). Eve never picks.
    for player, win, place in ((owner, 1, 2), (member, 1, 2), (manager, 5, 3)):
        PickFactory(round=r1, player=player, win=win, place=place)
    # Round 2: Dana 1-1 (800 + 300); Alice and Bob lose.
    for player, win, place in ((owner, 5, 6), (member, 5, 6), (manager, 1, 1)):
        PickFactory(round=r2, player=player, win=win, place=place)
    round_settle(round_id=r1.pk)
    round_settle(round_id=r2.pk)

    body = api_as(eve).get(f"/api/v1/leagues/{league.public_id}/table/").json()
    assert [(r["name"], r["points"], r["rank"], r["movement"]) for r in body["results"]] == [
        ("Dana", 1600, 1, 2),
        ("Alice", 1200, 2, -1),  # tied with Bob on points, wins and best: both 2nd
        ("Bob", 1200, 2, -1),
        ("Eve", 0, 4, 0),
    ]
    assert [r["global_rank"] for r in body["results"]] == [1, 2, 2, None]

    week = api_as(eve).get(f"/api/v1/leagues/{league.public_id}/rounds/{r1.pk}/").json()
    assert week["settled"] is True
    assert [
        (r["name"], r["rank"], r["score"] and r["score"]["points"]) for r in week["results"]
    ] == [
        ("Alice", 1, 1200),
        ("Bob", 1, 1200),
        ("Dana", 3, 500),
        ("Eve", 4, None),
    ]
    assert week["results"][0]["pick"] == {
        "win": 1,
        "win_name": f"Horse {r1.race_id}-1",
        "place": 2,
        "place_name": f"Horse {r1.race_id}-2",
        "alternate": None,
        "alternate_name": None,
    }


def test_a_round_view_reads_its_members_rows_unjoined(
    league: League, season: Season, two_rounds: Any, crowd: dict[str, User], api_as: Any
) -> None:
    """The league's week reads the members' picks, scores and weekly ranks into dicts, and
    the leagues' members into a frame: none of them joins the users, rounds or leagues
    tables only to sort rows (the models' default orderings)."""
    r1, _ = two_rounds
    with CaptureQueriesContext(connection) as captured:
        week = api_as(crowd["Eve"]).get(f"/api/v1/leagues/{league.public_id}/rounds/{r1.pk}/")
    assert week.status_code == 200
    tables = ("game_pick", "game_roundscore", "game_weeklystanding", "leagues_membership")
    reads = [
        q["sql"]
        for q in captured.captured_queries
        if any(q["sql"].startswith(f'SELECT "{table}".') for table in tables)
    ]
    assert len(reads) >= 3
    for sql in reads:
        assert " JOIN " not in sql, sql
