"""The engine's small steps, one rule each (docs/rules.md), tested on their own."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scoring import RaceResult, Rules
from scoring.settle import (
    NO_CODE,
    capped_return,
    dead_heat_share,
    encode,
    places_paid,
    runner_table,
    score_fixed,
    settle_on_entry,
    substitute_non_runners,
    void_race,
)


def ints(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


@pytest.mark.parametrize(
    ("starters", "paid"),
    [(0, 0), (1, 0), (3, 0), (4, 2), (7, 2), (8, 3), (16, 3), (20, 3)],
)
def test_it_pays_places_by_number_of_starters(starters: int, paid: int) -> None:
    # Fixed mode: 3 places with 8+ starters, 2 with 4-7, none below 4.
    assert places_paid(starters) == paid


@pytest.mark.parametrize(
    ("dividend", "cap", "points"),
    [(590, 2100, 1180), (4500, 2100, 4200), (1500, 1100, 2200), (2100, 2100, 4200),
     (4500, None, 9000), (0, 2100, 0), (-1, 2100, 0)],
)  # fmt: skip
def test_it_caps_the_dividend_before_applying_the_stake(
    dividend: int, cap: int | None, points: int
) -> None:
    assert capped_return(ints(dividend), 200, cap).tolist() == [points]


@pytest.mark.parametrize(
    ("split", "share", "hit"),
    [
        ((10, 1, 1, 1), 10, True),  # clear winner
        ((10, 1, 2, 1), 5, True),  # dead heat for 1st: half the win each
        ((10, 1, 3, 1), 3, True),  # three-way dead heat: 10 // 3, floored
        ((5, 3, 2, 3), 2, True),  # tied on the last paid place: 5 // 2
        ((5, 2, 3, 3), 3, True),  # three tied 2nd, 2 places left: 5 * 2 // 3
        ((5, 1, 2, 3), 5, True),  # tied 1st with 3 paid: both places covered in full
        ((5, 4, 1, 3), 0, False),  # unpaid place
        ((5, 0, 1, 3), 0, False),  # no position
        ((5, 1, 1, 0), 0, False),  # no place paid below 4 starters
    ],
)
def test_it_shares_fixed_points_in_a_dead_heat(
    split: tuple[int, int, int, int], share: int, hit: bool
) -> None:
    points, position, tied, paid = split  # points, position p, runners tied at p, places paid
    shares, hits = dead_heat_share(points, ints(position), ints(tied), paid)
    assert (shares.tolist(), hits.tolist()) == ([share], [hit])


def test_it_never_pays_more_than_the_paid_places_in_a_dead_heat() -> None:
    # Fixed mode, 8 starters: 1, then four tied 2nd. 3 places of 5 points at most.
    race = RaceResult(runners=frozenset(range(1, 9)), finish={1: 1, 2: 2, 3: 2, 4: 2, 5: 2})
    table = score_fixed(settle_on_entry(runner_table(race)), Rules(mode="fixed"))
    assert table["place_points"].tolist() == [5, 2, 2, 2, 2, 0, 0, 0]


def test_it_settles_an_entry_on_its_best_placed_starter() -> None:
    race = RaceResult(
        runners=frozenset(range(1, 7)),
        finish={5: 1, 3: 2, 1: 4},
        coupled={1: "A", 3: "A", 5: "B", 6: "B"},
    )
    settles_on = settle_on_entry(runner_table(race))["settles_on"].tolist()
    # codes are saddle - 1 here: 1 -> 3 (2nd), 3 itself, 6 -> 5 (1st), the rest themselves.
    assert settles_on == [2, 1, 2, 3, 4, 4]


def test_it_breaks_an_entry_dead_heat_in_favour_of_the_selection() -> None:
    race = RaceResult(
        runners=frozenset(range(1, 5)), finish={2: 1, 3: 1}, coupled={2: "A", 3: "A", 4: "A"}
    )
    assert settle_on_entry(runner_table(race))["settles_on"].tolist() == [0, 1, 2, 1]


def test_it_leaves_a_coupled_non_runner_on_itself() -> None:
    race = RaceResult(
        runners=frozenset({1, 2}), non_runners=frozenset({1}), finish={2: 1},
        coupled={1: "A", 2: "A"},
    )  # fmt: skip
    assert settle_on_entry(runner_table(race))["settles_on"].tolist() == [0, 1]


def substitution_table(starter: list[bool]) -> pd.DataFrame:
    return pd.DataFrame({"starter": np.array(starter)})


def codes_frame(win: list[int], place: list[int], alternate: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"win": ints(*win), "place": ints(*place), "alternate": ints(*alternate)})


def test_it_moves_a_non_runner_to_the_alternate_then_the_favourite() -> None:
    runners = substitution_table([True, False, True, False])  # codes 1 and 3 are out
    picks = codes_frame([1, 1, 1, 0], [0, 1, 3, 1], [2, NO_CODE, 3, 2])
    moved = substitute_non_runners(picks, runners, 0, "alternate_then_favourite")
    assert moved["win"].tolist() == [2, 0, 0, 0]
    assert moved["place"].tolist() == [0, 0, 0, 2]


def test_it_keeps_a_non_runner_without_favourite_or_alternate() -> None:
    runners = substitution_table([True, False])
    picks = codes_frame([1, 1], [1, 1], [NO_CODE, 0])
    moved = substitute_non_runners(picks, runners, None, "alternate_then_favourite")
    assert moved["win"].tolist() == [1, 0]


def test_it_keeps_a_non_runner_under_the_lose_policy() -> None:
    runners = substitution_table([True, False])
    picks = codes_frame([1], [1], [0])
    assert substitute_non_runners(picks, runners, 0, "lose")["win"].tolist() == [1]


def test_it_zeroes_a_void_race() -> None:
    race = RaceResult(runners=frozenset({1, 2}), win_dividends={1: 300}, void=True)
    table = pd.DataFrame({"win_points": ints(600, 0), "place_points": ints(0, 0),
                          "win_hit": [True, False], "place_hit": [False, False]})  # fmt: skip
    zeroed = void_race(table, void=race.void)
    assert zeroed["win_points"].tolist() == [0, 0]
    assert not zeroed["win_hit"].any()


def test_it_leaves_a_run_race_alone() -> None:
    table = pd.DataFrame({"win_points": ints(600)})
    assert void_race(table, void=False) is table


@pytest.mark.parametrize("saddles", [ints(1, 2, 5, 9), ints(1, 2, 5, 100_000)])
def test_it_encodes_saddle_numbers_and_flags_strangers(saddles: np.ndarray) -> None:
    top = int(saddles[-1])
    codes = encode(ints(5, 1, 3, 0, -4, top, top + 1, 2**40), saddles)
    assert codes.tolist() == [2, 0, NO_CODE, NO_CODE, NO_CODE, 3, NO_CODE, NO_CODE]


def test_it_encodes_against_an_empty_card() -> None:
    assert encode(ints(1), ints()).tolist() == [NO_CODE]
