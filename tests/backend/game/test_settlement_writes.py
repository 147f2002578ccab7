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
from django.db import connection, transaction

from backend.accounts.models import User
from backend.common import delta
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


# player -> the reference's values of a round's last settlement and the version that
# last changed them: corrections write RoundScores by difference.
Expected = dict[int, tuple[Any, ...]]


def _expected_scores(rnd: Round, before: Expected | None = None) -> Expected:
    """player -> (win_runner, place_runner, points, win_hit, settlement_version, values):
    the version is the round's when the values differ from `before`'s, else kept."""
    rnd.refresh_from_db()
    result = settlement.race_result(rnd.race, void=False, picked=set())
    picks = Pick.objects.filter(round=rnd).values_list("player_id", "win", "place", "alternate")
    rows = reference.settle_rows(list(picks), result, rnd.season.get_rules())
    expected = {}
    for r in rows:
        values = (r.win_runner, r.place_runner, r.win_points, r.place_points, r.points)
        values += (r.win_hit, r.place_hit)
        old = (before or {}).get(r.player_id)
        version = old[4] if old is not None and old[5] == values else rnd.settlement_version
        expected[r.player_id] = (r.win_runner, r.place_runner, r.points, r.win_hit, version, values)
    return expected


def _season_table(scores: dict[int, dict[int, tuple[Any, ...]]]) -> dict[int, tuple[int, ...]]:
    """player -> (points, wins, best, rounds_played, rank) over these rounds' scores."""
    totals: dict[int, list[int]] = {}
    for by_player in scores.values():
        for player, (_, _, points, win_hit, *_) in by_player.items():
            row = totals.setdefault(player, [0, 0, points, 0])
            row[0] += points
            row[1] += int(win_hit)
            row[2] = max(row[2], points)
            row[3] += 1
    players = sorted(totals)
    ranks = reference.rank_rows([tuple(totals[p][:3]) for p in players])  # type: ignore[misc]
    return {p: (*totals[p], rank) for p, rank in zip(players, ranks, strict=True)}


def _check(settled: list[Round], before: dict[int, Expected] | None = None) -> dict[int, Expected]:
    scores = {rnd.pk: _expected_scores(rnd, (before or {}).get(rnd.pk)) for rnd in settled}
    for rnd in settled:
        stored = RoundScore.objects.filter(round=rnd).values_list(
            "player_id", "win_runner", "place_runner", "points", "win_hit", "settlement_version"
        )
        assert {row[0]: row[1:] for row in stored} == {
            p: row[:5] for p, row in scores[rnd.pk].items()
        }
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
    return scores


def test_every_row_matches_the_reference_through_a_season_and_a_correction() -> None:
    rounds = _season()
    for i, rnd in enumerate(rounds):
        _settle(rnd, RESULTS[i])
        expected = _check(rounds[: i + 1])
    _settle(rounds[0], CORRECTED)  # round 1 corrected after round 3: later snapshots move
    corrected = _check(rounds, expected)
    # The arrows still show round 3's movement, from where everyone stood after round 2
    # as the correction left it (players who first played in round 3 have no arrow).
    before = _season_table({r.pk: corrected[r.pk] for r in rounds[:2]})
    previous = dict(Standing.objects.values_list("player_id", "previous_rank"))
    assert previous == {p: before[p][4] if p in before else None for p in previous}
    stale = _season_table({r.pk: expected[r.pk] for r in rounds[:2]})
    assert any(stale[p][4] != before[p][4] for p in before)  # the correction moved ranks
    # Only the rows whose values changed carry the correction's version.
    versions = {row[4] for row in corrected[rounds[0].pk].values()}
    assert versions == {1, 2}


def _rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every row a settlement writes, ids and timestamps aside."""
    fields = {
        RoundScore: [f.column for f in RoundScore._meta.concrete_fields if f.column != "id"],
        Standing: [f.column for f in Standing._meta.concrete_fields if f.column != "id"],
        WeeklyStanding: [
            f.column for f in WeeklyStanding._meta.concrete_fields if f.column != "id"
        ],
    }
    return {
        model.__name__: sorted(model.objects.values_list(*columns))
        for model, columns in fields.items()
    }


def test_a_correction_by_difference_writes_the_rows_of_a_full_rewrite(monkeypatch: Any) -> None:
    rounds = _season()
    for rnd, outcome in zip(rounds, RESULTS, strict=True):
        _settle(rnd, outcome)
    finish, win, place = CORRECTED
    store_result(rounds[0].race, finish=finish, win=win, place=place)

    savepoint = transaction.savepoint()
    monkeypatch.setattr(delta, "REWRITE_SHARE", 0.0)  # every slice that differs replaced whole
    sync_rows = delta.sync_rows

    def replacing(*args: Any, **kwargs: Any) -> delta.Written:
        return sync_rows(*args, **(kwargs | {"in_place": False}))  # RoundScore's too

    monkeypatch.setattr(delta, "sync_rows", replacing)
    round_settle(round_id=rounds[0].pk)
    rewritten = _rows()
    transaction.savepoint_rollback(savepoint)

    monkeypatch.setattr(delta, "sync_rows", sync_rows)
    monkeypatch.setattr(delta, "REWRITE_SHARE", 1.0)  # only the rows that differ written
    before = {r.player_id: r for r in RoundScore.objects.filter(round=rounds[0])}
    round_settle(round_id=rounds[0].pk)
    assert _rows() == rewritten
    after = {r.player_id: r for r in RoundScore.objects.filter(round=rounds[0])}
    values = [f.attname for f in RoundScore._meta.concrete_fields]
    values = [v for v in values if v not in ("id", "settlement_version")]

    def changed(p: int) -> bool:
        return any(getattr(after[p], v) != getattr(before[p], v) for v in values)

    assert {p for p in after if changed(p)} == {
        p for p, r in after.items() if r.settlement_version == 2
    }
    assert 0 < sum(map(changed, after)) < len(after)
    if connection.vendor == "postgresql":  # updated in place (SQLite rewrites the slice)
        assert all(after[p].pk == before[p].pk for p in after)


@pytest.mark.postgres
def test_a_correction_updates_its_scores_in_place_however_many_changed(monkeypatch: Any) -> None:
    rounds = _season()
    for i, rnd in enumerate(rounds):
        _settle(rnd, RESULTS[i])
        expected = _check(rounds[: i + 1])
    monkeypatch.setattr(delta, "REWRITE_SHARE", 0.0)  # any other slice that differs: replaced
    before = dict(RoundScore.objects.filter(round=rounds[0]).values_list("player_id", "id"))
    standings = set(Standing.objects.values_list("id", flat=True))

    _settle(rounds[0], CORRECTED)

    _check(rounds, expected)
    assert dict(RoundScore.objects.filter(round=rounds[0]).values_list("player_id", "id")) == (
        before
    )
    assert not standings & set(Standing.objects.values_list("id", flat=True))  # replaced
