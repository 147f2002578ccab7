"""A settlement split by player-id ranges (GAME_SETTLEMENT_PARTITIONS) writes exactly the
rows of the single-process settlement.

Each step of a season (three rounds, a non-runner, alternates, then a correction of the
first round) is settled twice on the same data: by `round_settle` in one process, rolled
back to a savepoint, then by the `settle_round` task as a chord of parts (eager Celery).
Every RoundScore, Standing, WeeklyStanding and the round's settlement fields must match.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection, transaction

from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.game import partitioned
from backend.game.models import Pick, Round, RoundScore, Standing, WeeklyStanding
from backend.game.services import round_settle
from backend.game.tasks import settle_round
from tests.factories import RoundFactory, SeasonFactory, store_result

pytestmark = pytest.mark.django_db

PLAYERS = 120
PARTITIONS = 4
RESULTS = [
    ({1: 1, 3: 2, 2: 3}, {1: 590}, {1: 150, 3: 210, 2: 400}, frozenset({5})),
    ({4: 1, 1: 2, 7: 3}, {4: 2450}, {4: 520, 1: 130, 7: 1800}, frozenset()),
    # A source without dividends: scored in fixed mode (10 the winner, 5 a placed horse).
    ({2: 1, 9: 2, 1: 3}, {}, {}, frozenset({4})),
]
CORRECTED = ({3: 1, 1: 2, 2: 3}, {3: 760}, {3: 240, 1: 160, 2: 400}, frozenset({5}))


@pytest.fixture
def partitions(settings: Any, eager_celery: None) -> None:
    settings.PADDOCK_GAME = {"SETTLEMENT_PARTITIONS": PARTITIONS}


def _season() -> list[Round]:
    season = SeasonFactory()
    rounds = [RoundFactory(season=season, number=n, locked=True) for n in (1, 2, 3)]
    players = User.objects.bulk_create(
        User(email=f"p{i}@example.test", display_name=f"Player {i}") for i in range(PLAYERS)
    )
    draw = random.Random(21)
    picks = []
    for rnd in rounds:
        for player in players:
            if draw.random() < 0.8:
                win, place = draw.randint(1, 10), draw.randint(1, 10)
                alternate = draw.choice([None, *(n for n in range(1, 11) if n != win)])
                picks.append(
                    Pick(round=rnd, player=player, win=win, place=place, alternate=alternate)
                )
    Pick.objects.bulk_create(picks)
    return rounds


def _store(rnd: Round, outcome: tuple[Any, ...]) -> None:
    finish, win, place, non_runners = outcome
    store_result(rnd.race, finish=finish, win=win, place=place, non_runners=non_runners)


def _rows() -> dict[str, Any]:
    """Every row the settlement writes, without ids and timestamps."""
    return {
        "scores": sorted(
            RoundScore.objects.values_list(
                "round_id",
                "player_id",
                "win_runner",
                "place_runner",
                "win_points",
                "place_points",
                "points",
                "win_hit",
                "place_hit",
                "win_substituted",
                "place_substituted",
                "settlement_version",
            )
        ),
        "standings": sorted(
            Standing.objects.values_list(
                "season_id",
                "player_id",
                "points",
                "wins",
                "best",
                "rounds_played",
                "rank",
                "previous_rank",
            )
        ),
        "weekly": sorted(
            WeeklyStanding.objects.values_list(
                "round_id", "player_id", "points", "rank", "season_points", "season_rank"
            )
        ),
        "rounds": sorted(
            Round.objects.values_list(
                "pk", "status", "settlement_version", "settled_result_version"
            )
        ),
    }


def _same_as_single_process(rnd: Round) -> dict[str, Any]:
    """Settle in one process, keep the rows, roll back; settle in parts; compare."""
    savepoint = transaction.savepoint()
    single = round_settle(round_id=rnd.pk)
    expected = _rows()
    transaction.savepoint_rollback(savepoint)
    outcome = settle_round(rnd.pk)
    assert outcome["settled"], outcome
    assert outcome["changed"], outcome
    assert outcome["version"] == single.version
    assert outcome["picks"] == single.picks
    assert _rows() == expected
    return expected


def test_parts_write_the_single_process_rows_first_and_corrected(partitions: None) -> None:
    rounds = _season()
    for rnd, outcome in zip(rounds, RESULTS, strict=True):
        _store(rnd, outcome)
        rows = _same_as_single_process(rnd)
    assert any(row[9] for row in rows["scores"])  # a substitution happened
    fixed = {row[6] for row in rows["scores"] if row[0] == rounds[2].pk}
    assert fixed == {0, 5, 10, 15}
    before = {row[1]: row for row in rows["scores"] if row[0] == rounds[0].pk}
    _store(rounds[0], CORRECTED)  # the first round corrected: later snapshots move
    rows = _same_as_single_process(rounds[0])
    # Written by difference: a row carries the settlement version that last changed it.
    after = {row[1]: row for row in rows["scores"] if row[0] == rounds[0].pk}
    versions = {p: 2 if row[2:11] != before[p][2:11] else 1 for p, row in after.items()}
    assert {p: row[11] for p, row in after.items()} == versions
    assert set(versions.values()) == {1, 2}


def test_a_part_run_again_writes_nothing(partitions: None) -> None:
    rnd = _season()[0]
    _store(rnd, RESULTS[0])
    plan = partitioned.settlement_plan(round_id=rnd.pk, partitions=PARTITIONS)
    assert plan is not None
    assert len(plan.spans) == PARTITIONS
    parts = [partitioned.settlement_part(plan=plan, span=span) for span in plan.spans]
    partitioned.settlement_finish(plan=plan, parts=parts)
    # Rows kept in place on PostgreSQL (by difference); SQLite rewrites the slice.
    kept = ("pk", "player_id", "points") if connection.vendor == "postgresql" else ("player_id",)
    before = sorted(RoundScore.objects.values_list(*kept))
    rows = _rows()
    for span in plan.spans:  # a redelivered part, after the finish
        assert partitioned.settlement_part(plan=plan, span=span) is not None
    report = partitioned.settlement_finish(plan=plan, parts=parts)  # a redelivered finish
    assert not report.changed
    assert sorted(RoundScore.objects.values_list(*kept)) == before
    assert _rows() == rows
    assert settle_round(rnd.pk)["changed"] is False  # settled already: nothing planned


def test_an_overtaken_plan_writes_nothing(partitions: None) -> None:
    rnd = _season()[0]
    _store(rnd, RESULTS[0])
    plan = partitioned.settlement_plan(round_id=rnd.pk, partitions=PARTITIONS)
    assert plan is not None
    _store(rnd, CORRECTED)  # a newer result before the parts ran
    parts = [partitioned.settlement_part(plan=plan, span=s) for s in plan.spans]
    assert parts == [None] * len(plan.spans)
    assert not partitioned.settlement_finish(plan=plan, parts=parts).changed
    assert not RoundScore.objects.exists()
    rnd.refresh_from_db()
    assert rnd.settlement_version == 0


def test_the_finish_refuses_while_a_part_is_missing(partitions: None) -> None:
    rnd = _season()[0]
    _store(rnd, RESULTS[0])
    plan = partitioned.settlement_plan(round_id=rnd.pk, partitions=PARTITIONS)
    assert plan is not None
    parts = [partitioned.settlement_part(plan=plan, span=span) for span in plan.spans[:-1]]
    with pytest.raises(ApplicationError) as refused:
        partitioned.settlement_finish(plan=plan, parts=parts)
    assert refused.value.code == "settlement_incomplete"
    rnd.refresh_from_db()
    assert rnd.settlement_version == 0
    assert not Standing.objects.exists()


def test_the_finish_refuses_a_part_overtaken_or_scores_missing(partitions: None) -> None:
    rnd = _season()[0]
    _store(rnd, RESULTS[0])
    plan = partitioned.settlement_plan(round_id=rnd.pk, partitions=PARTITIONS)
    assert plan is not None
    parts = [partitioned.settlement_part(plan=plan, span=span) for span in plan.spans]
    for reported in ([*parts[:-1], None], [*parts[:-1], (parts[-1] or 0) + 1]):
        with pytest.raises(ApplicationError) as refused:
            partitioned.settlement_finish(plan=plan, parts=reported)
        assert refused.value.code == "settlement_incomplete"
    RoundScore.objects.filter(player_id=Pick.objects.filter(round=rnd).first().player_id).delete()
    with pytest.raises(ApplicationError):
        partitioned.settlement_finish(plan=plan, parts=parts)
    rnd.refresh_from_db()
    assert rnd.settlement_version == 0
    assert not Standing.objects.exists()


@pytest.mark.parametrize(
    ("span", "parts", "expected"),
    [
        ((1, 10), 3, [(1, 4), (5, 8), (9, 10)]),
        ((5, 5), 4, [(5, 5)]),
        ((1, 8), 2, [(1, 4), (5, 8)]),
        (None, 3, []),
    ],
)
def test_ranges_cover_every_player_once(
    span: tuple[int, int] | None, parts: int, expected: list[tuple[int, int]]
) -> None:
    assert partitioned.spans_of(span, parts) == expected
