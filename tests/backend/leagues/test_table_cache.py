"""A league's season table read from the cache: the same rows as computed from the game's
tables (checked against a plain reference on a random season), and retired by what
changes it: a settlement of the season, a member joining, leaving, changing role or
taking the league over."""

from __future__ import annotations

import pickle
import random
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import scoring
from backend.accounts.models import User
from backend.accounts.services import user_delete, user_update_profile
from backend.game import cache as game_cache
from backend.game.cache import season_tables_changed
from backend.game.models import Round, RoundScore, Season, Standing
from backend.leagues import services
from backend.leagues.models import League, Membership
from backend.leagues.tables import league_table, league_tables
from backend.leagues.tables.season import TableRow
from tests.factories import (
    LeagueFactory,
    MembershipFactory,
    RoundFactory,
    RoundScoreFactory,
    SeasonFactory,
    StandingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
KEYS = ["points", "wins", "best"]


def _reference(league: League, season: Season) -> list[tuple[int, int, int | None, int, int]]:
    """(player, rank, previous rank, points, global rank) by the definition, row by row:
    standings ranked inside the league; before the last settled round, each standing less
    that round's score, its best the best of the season's other final rounds."""
    members = list(Membership.objects.filter(league=league).values_list("player_id", flat=True))
    standing = {s.player_id: s for s in Standing.objects.filter(season=season)}
    final = Round.objects.filter(season=season, status__in=(Round.Status.SETTLED, "void"))
    last = final.filter(status=Round.Status.SETTLED).order_by("-number").first()
    assert last is not None
    scores = list(RoundScore.objects.filter(round__in=final))
    now, before = [], []
    for player in members:
        s = standing.get(player)
        now.append((s.points, s.wins, s.best) if s else (0, 0, 0))
        mine = [r for r in scores if r.player_id == player]
        in_last = [r for r in mine if r.round_id == last.pk]
        earlier = [r.points for r in mine if r.round_id != last.pk]
        before.append(
            (
                s.points - sum(r.points for r in in_last),
                s.wins - sum(int(r.win_hit) for r in in_last),
                max(0, max(earlier, default=0)),
            )
            if s
            else (0, 0, 0)
        )

    def ranks(rows: list[tuple[int, int, int]]) -> list[int]:
        frame = pd.DataFrame(rows, columns=KEYS).assign(league_id=1)
        return [int(r) for r in scoring.rank_within(frame)]

    return sorted(
        (
            player,
            rank,
            previous,
            row[0],
            (standing[player].rank or 0) if player in standing else 0,
        )
        for player, rank, previous, row in zip(members, ranks(now), ranks(before), now, strict=True)
    )


def _seen(league: League, season: Season) -> list[tuple[int, int, int | None, int, int]]:
    rows = league_table(league=league, season=season).rows
    return sorted(
        (r.player_id, r.rank, r.previous_rank, r.points, r.global_rank or 0) for r in rows
    )


def test_its_rows_are_those_of_the_definition_on_a_random_season() -> None:
    rng = random.Random(21)
    season = SeasonFactory()
    players = [UserFactory() for _ in range(24)]
    league = LeagueFactory(owner=players[0])
    for player in players[1:20]:
        MembershipFactory(league=league, player=player)
    rounds = [
        RoundFactory(season=season, number=1, settled=True),
        RoundFactory(season=season, number=2, void=True),
        RoundFactory(season=season, number=3, settled=True),
        RoundFactory(season=season, number=4, settled=True),
    ]
    totals: dict[int, list[int]] = {}
    for game_round in rounds:
        for player in rng.sample(players, 16):
            win = rng.choice([0, 0, 300, 500, 500, 1200])
            score = RoundScoreFactory(
                round=game_round,
                player=player,
                win_points=win,
                place_points=rng.choice([0, 200]),
                win_hit=win > 0,
            )
            points, wins, best, played = totals.get(player.pk, [0, 0, 0, 0])
            totals[player.pk] = [
                points + score.points,
                wins + int(score.win_hit),
                max(best, score.points),
                played + 1,
            ]
    ranked = scoring.rank(pd.DataFrame(list(totals.values()), columns=[*KEYS, "played"]))
    for (player_id, (points, wins, best, played)), rank in zip(totals.items(), ranked, strict=True):
        StandingFactory(
            season=season,
            player_id=player_id,
            points=points,
            wins=wins,
            best=best,
            rounds_played=played,
            rank=int(rank),
        )
    expected = _reference(league, season)
    assert _seen(league, season) == expected  # computed, then stored
    assert _seen(league, season) == expected  # read back from the cache
    assert league_tables(leagues=[league], season=season)[league.pk].rows == (
        league_table(league=league, season=season).rows
    )


@pytest.fixture
def season_with_scores(league: League, owner: User, member: User, manager: User) -> Season:
    season = SeasonFactory()
    only = RoundFactory(season=season, number=1, settled=True)
    for player, points, rank in ((owner, 900, 1), (member, 500, 2), (manager, 100, 3)):
        RoundScoreFactory(round=only, player=player, win_points=points)
        StandingFactory(season=season, player=player, points=points, wins=1, best=points, rank=rank)
    return season


def _names(league: League, season: Season) -> list[str]:
    return [row.name for row in league_table(league=league, season=season).rows]


def test_a_settlement_retires_the_cached_table(
    league: League, season_with_scores: Season, member: User
) -> None:
    before = _names(league, season_with_scores)
    Standing.objects.filter(player=member).update(points=5000)
    assert _names(league, season_with_scores) == before  # served from the cache
    season_tables_changed(season_with_scores.pk)  # what a settlement's commit does
    assert _names(league, season_with_scores)[0] == member.public_name


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda league, owner, member, newcomer: services.membership_join_public(
                league=league, player=newcomer
            ),
            id="join",
        ),
        pytest.param(
            lambda league, owner, member, newcomer: services.membership_leave(
                league=league, player=member
            ),
            id="leave",
        ),
        pytest.param(
            lambda league, owner, member, newcomer: services.membership_set_role(
                league=league, actor=owner, player_id=member.pk, role="manager"
            ),
            id="role",
        ),
        pytest.param(
            lambda league, owner, member, newcomer: services.league_transfer(
                league=league, actor=owner, player_id=member.pk
            ),
            id="transfer",
        ),
    ],
)
def test_a_change_of_members_retires_the_cached_table(
    *,
    change: Callable[..., Any],
    league: League,
    season_with_scores: Season,
    owner: User,
    member: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    league.visibility = League.Visibility.PUBLIC
    league.save()
    newcomer = UserFactory()

    def seen() -> set[tuple[int, str]]:
        rows = league_table(league=league, season=season_with_scores).rows
        return {(row.player_id, row.role) for row in rows}

    before = seen()
    with django_capture_on_commit_callbacks(execute=True):
        change(league, owner, member, newcomer)
    expected = set(Membership.objects.filter(league=league).values_list("player_id", "role"))
    assert seen() == expected != before


@pytest.mark.parametrize("how", ["rename", "delete"])
def test_a_members_new_name_shows_in_the_cached_tables(
    *,
    how: str,
    league: League,
    season_with_scores: Season,
    member: User,
    api_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A rename (or the anonymous name of a deleted account) shows at once in the league's
    table and in the season's global table, both read from their caches before."""
    reader = api_as(league.owner)
    table_url = f"/api/v1/leagues/{league.public_id}/table/?season={season_with_scores.pk}"
    ranking_url = f"/api/v1/game/seasons/{season_with_scores.pk}/rankings/"

    def shown() -> tuple[set[str], set[str]]:
        league_rows = reader.get(table_url).json()["results"]
        global_rows = reader.get(ranking_url).json()["results"]
        return {r["name"] for r in league_rows}, {r["display_name"] for r in global_rows}

    old = member.public_name
    assert all(old in names for names in shown())  # both tables cached now
    with django_capture_on_commit_callbacks(execute=True):
        if how == "rename":
            user_update_profile(user=member, data={"display_name": "Zed New"})
        else:
            user_delete(user=member)
    member.refresh_from_db()
    for names in shown():
        assert old not in names
        assert member.public_name in names


def test_a_row_pickles_as_itself() -> None:
    row = TableRow(
        player_id=7,
        name="Alice",
        role="owner",
        rank=2,
        previous_rank=None,
        movement=None,
        points=1180,
        wins=1,
        best=1180,
        rounds_played=3,
        global_rank=None,
    )
    assert pickle.loads(pickle.dumps(row)) == row  # noqa: S301 - our own bytes


def test_this_process_keeps_tokened_values_until_they_expire_or_fall_out(
    monkeypatch: Any,
) -> None:
    recent = game_cache._Recent(size=2)
    monkeypatch.setattr(game_cache, "RECENT", recent)
    computed: list[str] = []

    def value(key: str) -> str:
        def compute() -> str:
            computed.append(key)
            return key.upper()

        return game_cache.cached_here(key, compute)

    assert [value("a"), value("a"), value("b"), value("c")] == ["A", "A", "B", "C"]
    assert computed == ["a", "b", "c"]
    assert recent.get("a") is None  # the least recently used fell out (the shared cache keeps it)
    assert (recent.get("b"), recent.get("c")) == ("B", "C")
    recent.put("d", "D", seconds=-1)  # expired
    assert recent.get("d") is None
