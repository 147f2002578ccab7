"""Settlement writes only what changed, and the rows come out as the rules say.

A season of three rounds and many players (some skip rounds) is settled round by round,
then an early round's result is corrected. After every step each RoundScore, Standing and
WeeklyStanding is compared with the plain-Python reference (`scoring.reference`): scores
row by row, season totals summed and ranked by `reference.rank_rows`, the weekly tables and
their season snapshots rebuilt independently.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from backend.accounts.models import User
from backend.game import settlement
from backend.game.models import Pick, Round, RoundScore, Standing, WeeklyStanding
from backend.game.services import round_settle
from scoring import reference
from tests.factories import RoundFactory, SeasonFactory, store_result

pytestmark = pytest.mark.django_db

PLAYERS = 150
RESULTS = [
    ({1: 1, 3: 2, 2: 3}, {1: 590}, {1: 150, 3: 210, 2: 400}),
    ({4: 1, 1: 2, 7: 3}, {4: 2450}, {4: 520, 1: 130, 7: 1800}),
    ({2: 1, 9: 2, 1: 3}, {2: 880}, {2: 300, 9: 1200, 1: 140}),
]
CORRECTED = ({3: 1, 1: 2, 2: 3}, {3: 760}, {3: 240, 1: 160, 2: 400})


def _season() -> list[Round]:
    season = SeasonFactory()
    rounds = [RoundFactory(season=season, number=n, locked=True) for n in (1, 2, 3)]
    players = User.objects.bulk_create(
        User(email=f"p{i}@example.test", display_name=f"Player {i}") for i in range(PLAYERS)
    )
    draw = random.Random(2026)
    picks = [
        Pick(round=rnd, player=player, win=draw.randint(1, 10), place=draw.randint(1, 10))
        for rnd in rounds
        for player in players
        if draw.random() < 0.8
    ]
    Pick.objects.bulk_create(picks)
    return rounds


def _settle(rnd: Round, outcome: tuple[dict[int, int], ...]) -> None:
    finish, win, place = outcome
    store_result(rnd.race, finish=finish, win=win, place=place)
    round_settle(round_id=rnd.pk)


def _expected_scores(rnd: Round) -> dict[int, tuple[Any, ...]]:
    rnd.refresh_from_db()
    result = settlement.race_result(rnd.race, void=False, picked=set())
    picks = Pick.objects.filter(round=rnd).values_list("player_id", "win", "place", "alternate")
    rows = reference.settle_rows(list(picks), result, rnd.season.get_rules())
    return {
        r.player_id: (r.win_runner, r.place_runner, r.points, r.win_hit, rnd.settlement_version)
        for r in rows
    }


def _season_table(scores: dict[int, dict[int, tuple[Any, ...]]]) -> dict[int, tuple[int, ...]]:
    """player -> (points, wins, best, rounds_played, rank) over these rounds' scores."""
    totals: dict[int, list[int]] = {}
    for by_player in scores.values():
        for player, (_, _, points, win_hit, _) in by_player.items():
            row = totals.setdefault(player, [0, 0, points, 0])
            row[0] += points
            row[1] += int(win_hit)
            row[2] = max(row[2], points)
            row[3] += 1
    players = sorted(totals)
    ranks = reference.rank_rows([tuple(totals[p][:3]) for p in players])  # type: ignore[misc]
    return {p: (*totals[p], rank) for p, rank in zip(players, ranks, strict=True)}


def _check(settled: list[Round]) -> None:
    scores = {rnd.pk: _expected_scores(rnd) for rnd in settled}
    for rnd in settled:
        stored = RoundScore.objects.filter(round=rnd).values_list(
            "player_id", "win_runner", "place_runner", "points", "win_hit", "settlement_version"
        )
        assert {row[0]: row[1:] for row in stored} == scores[rnd.pk]
    season = _season_table(scores)
    stored_season = Standing.objects.filter(season=settled[0].season).values_list(
        "player_id", "points", "wins", "best", "rounds_played", "rank"
    )
    assert {row[0]: row[1:] for row in stored_season} == season
    for i, rnd in enumerate(settled):
        snapshot = _season_table({pk: scores[pk] for pk in [r.pk for r in settled[: i + 1]]})
        week = scores[rnd.pk]
        players = sorted(week)
        ranks = reference.rank_rows([(week[p][2], int(week[p][3]), week[p][2]) for p in players])
        expected = {
            p: (week[p][2], rank, snapshot[p][0], snapshot[p][4])
            for p, rank in zip(players, ranks, strict=True)
        }
        stored_week = WeeklyStanding.objects.filter(round=rnd).values_list(
            "player_id", "points", "rank", "season_points", "season_rank"
        )
        assert {row[0]: row[1:] for row in stored_week} == expected


def test_every_row_matches_the_reference_through_a_season_and_a_correction() -> None:
    rounds = _season()
    for i, rnd in enumerate(rounds):
        _settle(rnd, RESULTS[i])
        _check(rounds[: i + 1])
    previous = dict(Standing.objects.values_list("player_id", "previous_rank"))

    _settle(rounds[0], CORRECTED)  # round 1 corrected after round 3: later snapshots move
    _check(rounds)
    assert dict(Standing.objects.values_list("player_id", "previous_rank")) == previous
