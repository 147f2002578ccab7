"""Worked examples of every rule (docs/rules.md), run on both the engine and the reference.

Each case: a race, the rules, one pick (player, win, place, alternate) and the expected
(win_runner, place_runner, win_points, place_points, win_hit, place_hit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from scoring import RaceResult, Rules, settle
from scoring.reference import Pick, settle_rows
from scoring.rules import DEFAULT_RULES
from tests.scoring.strategies import picks_frame

Outcome = tuple[int, int, int, int, bool, bool]
CARD = frozenset(range(1, 17))

# 04/11/2025 R1C1 Vincennes (real): SG 16 = 590; SP 16 = 330, 15 = 1140, 7 = 730.
VINCENNES = RaceResult(
    runners=CARD,
    finish={16: 1, 15: 2, 7: 3},
    win_dividends={16: 590},
    place_dividends={16: 330, 15: 1140, 7: 730},
)
# 30/08/2026 R1C3 Deauville (real): dead heat for 1st, two E_SIMPLE_GAGNANT 4 = 210, 11 = 510.
DEAUVILLE = RaceResult(
    runners=CARD,
    finish={4: 1, 11: 1, 8: 3},
    win_dividends={4: 210, 11: 510},
    place_dividends={4: 200, 11: 380, 8: 460},
)
LONGSHOT = RaceResult(
    runners=CARD, finish={9: 1, 3: 2, 5: 3}, win_dividends={9: 4500}, place_dividends={9: 1500}
)
# 3 and 13 are out; 5 is the favourite (the caller broke any odds tie).
WITHDRAWALS = RaceResult(
    runners=CARD,
    non_runners=frozenset({3, 13}),
    finish={5: 1, 2: 2, 7: 3},
    win_dividends={5: 250},
    place_dividends={5: 120, 2: 180, 7: 300},
    favourite=5,
)
NO_FAVOURITE = RaceResult(
    runners=CARD,
    non_runners=frozenset({3}),
    finish={5: 1, 2: 2, 7: 3},
    win_dividends={5: 250},
    place_dividends={5: 120, 2: 180, 7: 300},
)
# Écurie "A" is 2 and 12: 2 wins, 12 finishes 5th.
COUPLED = RaceResult(
    runners=CARD,
    finish={2: 1, 6: 2, 8: 3, 10: 4, 12: 5},
    win_dividends={2: 340},
    place_dividends={2: 150, 6: 210, 8: 400},
    coupled={2: "A", 12: "A"},
)
VOID = RaceResult(
    runners=CARD,
    non_runners=frozenset({3}),
    finish={5: 1},
    win_dividends={5: 250},
    place_dividends={5: 120},
    favourite=5,
    void=True,
)


def fixed_race(starters: int, finish: dict[int, int]) -> RaceResult:
    return RaceResult(runners=frozenset(range(1, starters + 1)), finish=finish)


FIXED = Rules(mode="fixed")


@dataclass(frozen=True)
class Case:
    rule: str
    race: RaceResult
    pick: Pick
    expected: Outcome
    rules: Rules = DEFAULT_RULES


CASES: dict[str, Case] = {
    "win-590-on-2-euros-is-1180": Case(
        "points = 2 € x 5.90", VINCENNES, (1, 16, 16, None), (16, 16, 1180, 660, True, True)
    ),
    "place-11.40-capped-at-11.00": Case(
        "place dividend counts up to 11.00",
        VINCENNES,
        (1, 15, 15, None),
        (15, 15, 0, 2200, False, True),
    ),
    "losing-selection-scores-0": Case(
        "a losing selection scores 0", VINCENNES, (1, 1, 2, None), (1, 2, 0, 0, False, False)
    ),
    "win-45.00-capped-at-21.00": Case(
        "win dividend counts up to 21.00",
        LONGSHOT,
        (1, 9, 3, None),
        (9, 3, 4200, 0, True, False),
    ),
    "place-15.00-capped-at-11.00": Case(
        "place dividend counts up to 11.00",
        LONGSHOT,
        (1, 3, 9, None),
        (3, 9, 0, 2200, False, True),
    ),
    "no-cap-pays-the-full-dividend": Case(
        "caps are knobs; None = no cap",
        LONGSHOT,
        (1, 9, 9, None),
        (9, 9, 9000, 3000, True, True),
        Rules(win_cap_cents=None, place_cap_cents=None),
    ),
    "dead-heat-1st-pays-210": Case(
        "dead heat: the official dividends split the pool",
        DEAUVILLE,
        (1, 4, 8, None),
        (4, 8, 420, 920, True, True),
    ),
    "dead-heat-1st-pays-510": Case(
        "dead heat: the official dividends split the pool",
        DEAUVILLE,
        (1, 11, 11, None),
        (11, 11, 1020, 760, True, True),
    ),
    "non-runner-moves-to-alternate": Case(
        "non-runner: the selection moves to the alternate",
        WITHDRAWALS,
        (1, 3, 3, 2),
        (2, 2, 0, 360, False, True),
    ),
    "non-runner-without-alternate-moves-to-favourite": Case(
        "non-runner with no alternate: the favourite",
        WITHDRAWALS,
        (1, 3, 7, None),
        (5, 7, 500, 600, True, True),
    ),
    "alternate-also-out-moves-to-favourite": Case(
        "alternate also out: the favourite",
        WITHDRAWALS,
        (1, 3, 3, 13),
        (5, 5, 500, 240, True, True),
    ),
    "win-and-place-move-independently": Case(
        "the substitution applies to each selection alone",
        WITHDRAWALS,
        (1, 7, 13, 2),
        (7, 2, 0, 360, False, True),
    ),
    "alternate-unused-when-selection-runs": Case(
        "only a non-runner selection moves",
        WITHDRAWALS,
        (1, 5, 7, 2),
        (5, 7, 500, 600, True, True),
    ),
    "no-favourite-scores-0": Case(
        "non-runner, no alternate, no favourite: 0",
        NO_FAVOURITE,
        (1, 3, 3, None),
        (3, 3, 0, 0, False, False),
    ),
    "lose-policy-scores-0": Case(
        "non_runner_policy='lose': a non-runner scores 0",
        WITHDRAWALS,
        (1, 3, 3, 2),
        (3, 3, 0, 0, False, False),
        Rules(non_runner_policy="lose"),
    ),
    "coupled-selection-counts-for-the-entry": Case(
        "coupled entry: settles on the entry's best-placed runner",
        COUPLED,
        (1, 12, 12, None),
        (12, 12, 680, 300, True, True),
    ),
    "coupled-best-placed-selection-keeps-its-own": Case(
        "coupled entry: the best-placed runner settles on itself",
        COUPLED,
        (1, 2, 2, None),
        (2, 2, 680, 300, True, True),
    ),
    "void-race-scores-0": Case(
        "void race: 0 points for everyone, substitution still shown",
        VOID,
        (1, 3, 5, None),
        (5, 5, 0, 0, False, False),
    ),
    "fixed-8-starters-pay-3-places": Case(
        "fixed: 3 places with 8+ starters",
        fixed_race(8, {1: 1, 2: 2, 3: 3}),
        (1, 1, 3, None),
        (1, 3, 10, 5, True, True),
        FIXED,
    ),
    "fixed-7-starters-pay-2-places": Case(
        "fixed: 2 places with 4-7 starters",
        fixed_race(7, {1: 1, 2: 2, 3: 3}),
        (1, 2, 3, None),
        (2, 3, 0, 0, False, False),
        FIXED,
    ),
    "fixed-4-starters-pay-2nd": Case(
        "fixed: 2 places with 4-7 starters",
        fixed_race(4, {1: 1, 2: 2}),
        (1, 1, 2, None),
        (1, 2, 10, 5, True, True),
        FIXED,
    ),
    "fixed-3-starters-pay-no-place": Case(
        "fixed: no place below 4 starters; the win still pays",
        fixed_race(3, {1: 1, 2: 2}),
        (1, 1, 1, None),
        (1, 1, 10, 0, True, False),
        FIXED,
    ),
    "fixed-dead-heat-1st-halves-the-win": Case(
        "fixed dead heat: tied runners share the points",
        fixed_race(8, {1: 1, 2: 1, 3: 3}),
        (1, 2, 2, None),
        (2, 2, 5, 5, True, True),
        FIXED,
    ),
    "fixed-dead-heat-3rd-halves-the-place": Case(
        "fixed dead heat on the last paid place: 5 // 2",
        fixed_race(8, {1: 1, 2: 2, 3: 3, 4: 3}),
        (1, 4, 4, None),
        (4, 4, 0, 2, False, True),
        FIXED,
    ),
    "fixed-three-tied-2nd-share-2-places": Case(
        "fixed dead heat: 2 places left among 3 tied, 5 * 2 // 3",
        fixed_race(8, {1: 1, 2: 2, 3: 2, 4: 2}),
        (1, 3, 3, None),
        (3, 3, 0, 3, False, True),
        FIXED,
    ),
    "fixed-points-are-stored-as-given": Case(
        "fixed points are in the points unit: 1000 = 10.00",
        fixed_race(8, {1: 1, 2: 1}),
        (1, 1, 1, None),
        (1, 1, 500, 500, True, True),
        Rules(mode="fixed", fixed_win_points=1000, fixed_place_points=500),
    ),
}


def engine(pick: Pick, race: RaceResult, rules: Rules) -> Outcome:
    row = settle(picks_frame([pick]), race, rules).iloc[0]
    return (
        int(row["win_runner"]), int(row["place_runner"]), int(row["win_points"]),
        int(row["place_points"]), bool(row["win_hit"]), bool(row["place_hit"]),
    )  # fmt: skip


def reference(pick: Pick, race: RaceResult, rules: Rules) -> Outcome:
    settled = settle_rows([pick], race, rules)[0]
    return (
        settled.win_runner, settled.place_runner, settled.win_points,
        settled.place_points, settled.win_hit, settled.place_hit,
    )  # fmt: skip


IMPLEMENTATIONS: dict[str, Callable[[Pick, RaceResult, Rules], Outcome]] = {
    "engine": engine,
    "reference": reference,
}


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
@pytest.mark.parametrize("name", CASES)
def test_it_scores_the_rule_example(name: str, implementation: str) -> None:
    case = CASES[name]
    outcome = IMPLEMENTATIONS[implementation](case.pick, case.race, case.rules)
    assert outcome == case.expected, f"{name}: {case.rule}"


def test_it_adds_win_and_place_points() -> None:
    out = settle(picks_frame([(7, 16, 15, None)]), VINCENNES)
    assert out["points"].tolist() == [1180 + 2200]


def test_it_uses_the_favourite_the_caller_chose() -> None:
    # Odds ties are the caller's to break (lowest saddle number): the engine trusts it.
    race = RaceResult(runners=CARD, non_runners=frozenset({1}), win_dividends={9: 300}, favourite=9)
    out = settle(picks_frame([(1, 1, 1, None)]), race)
    assert out[["win_runner", "win_points"]].iloc[0].tolist() == [9, 600]


def test_it_reports_the_picked_runner_of_a_coupled_entry() -> None:
    out = settle(picks_frame([(1, 12, 12, None)]), COUPLED)
    assert out[["win_runner", "place_runner"]].iloc[0].tolist() == [12, 12]


def test_it_settles_a_coupled_entry_on_its_own_dividends_without_a_finish() -> None:
    race = RaceResult(runners=CARD, win_dividends={2: 340}, coupled={2: "A", 12: "A"})
    out = settle(picks_frame([(1, 12, 2, None)]), race)
    assert out[["win_points", "place_points"]].iloc[0].tolist() == [0, 0]
    assert settle(picks_frame([(1, 2, 2, None)]), race)["win_points"].tolist() == [680]


def test_it_ignores_a_coupled_non_runner_when_picking_the_best_placed() -> None:
    race = RaceResult(
        runners=CARD,
        non_runners=frozenset({4}),
        finish={2: 1, 12: 3},
        win_dividends={2: 340},
        place_dividends={2: 150, 12: 500},
        coupled={4: "A", 12: "A"},
    )
    out = settle(picks_frame([(1, 12, 12, None)]), race)
    assert out[["win_points", "place_points"]].iloc[0].tolist() == [0, 1000]


def test_it_floors_an_odd_stake() -> None:
    # 1.50 € at 5.95 returns 8.925 €: floored to 892 points.
    race = RaceResult(runners=CARD, win_dividends={1: 595})
    out = settle(picks_frame([(1, 1, 2, None)]), race, Rules(stake_cents=150))
    assert out["win_points"].tolist() == [892]


def test_it_keeps_fixed_mode_away_from_dividends() -> None:
    out = settle(picks_frame([(1, 16, 16, None)]), VINCENNES, FIXED)
    assert out[["win_points", "place_points"]].iloc[0].tolist() == [10, 5]


def test_it_ignores_the_finish_in_parimutuel_mode() -> None:
    race = RaceResult(runners=CARD, finish={1: 1, 2: 2, 3: 3})
    out = settle(picks_frame([(1, 1, 2, None)]), race)
    assert out[["points", "win_hit", "place_hit"]].iloc[0].tolist() == [0, False, False]
