"""`RaceResult`: validated on construction, errors name the saddle numbers."""

from __future__ import annotations

from typing import Any

import pytest

from scoring import RaceResult, ScoringError

CARD = frozenset(range(1, 9))


def test_it_defaults_everything_but_the_runners() -> None:
    result = RaceResult(runners=CARD)
    assert (result.finish, result.non_runners, result.win_dividends, result.place_dividends,
            result.favourite, result.coupled, result.void) == ({}, frozenset(), {}, {}, None,
                                                              {}, False)  # fmt: skip


def test_it_copies_the_mappings_it_is_given() -> None:
    dividends = {1: 300}
    result = RaceResult(runners=CARD, win_dividends=dividends)
    dividends[2] = 500
    assert result.win_dividends == {1: 300}


def test_it_is_hashable_and_compares_by_value() -> None:
    first = RaceResult(runners=CARD, finish={1: 1}, coupled={1: "A", 2: "A"})
    second = RaceResult(runners=set(CARD), finish={1: 1}, coupled={2: "A", 1: "A"})  # type: ignore[arg-type]
    assert first == second
    assert hash(first) == hash(second)


def test_it_knows_its_starters() -> None:
    assert RaceResult(runners=CARD, non_runners=frozenset({3})).starters == CARD - {3}


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"non_runners": frozenset({9})}, "9"),
        ({"non_runners": frozenset({3}), "win_dividends": {3: 250}}, "3"),
        ({"non_runners": frozenset({4}), "place_dividends": {4: 150}}, "4"),
        ({"win_dividends": {12: 250}}, "12"),
        ({"place_dividends": {11: 250}}, "11"),
        ({"win_dividends": {2: -10}}, "2"),
        ({"place_dividends": {5: -1}}, "5"),
        ({"finish": {6: 0}}, "6"),
        ({"finish": {7: -2}}, "7"),
        ({"finish": {10: 1}}, "10"),
        ({"non_runners": frozenset({3}), "finish": {3: 1}}, "3"),
        ({"favourite": 3, "non_runners": frozenset({3})}, "3"),
        ({"favourite": 13}, "13"),
        ({"coupled": {14: "A"}}, "14"),
        ({"runners": frozenset({0, 1, 2})}, "0"),
    ],
)
def test_it_rejects_an_inconsistent_result_naming_the_saddle(
    fields: dict[str, Any], named: str
) -> None:
    with pytest.raises(ScoringError, match=rf"\b{named}\b"):
        RaceResult(**{"runners": CARD, **fields})


@pytest.mark.parametrize(
    "fields",
    [
        {"runners": frozenset({True, 2})},
        {"runners": frozenset({1.0, 2})},
        {"runners": "12"},
        {"finish": {1: "1"}},
        {"finish": [(1, 1)]},
        {"win_dividends": {1: 2.5}},
        {"coupled": {1: 7}},
        {"favourite": "1"},
        {"void": "no"},
    ],
)
def test_it_rejects_values_of_the_wrong_type(fields: dict[str, Any]) -> None:
    with pytest.raises(ScoringError):
        RaceResult(**{"runners": CARD, **fields})


def test_it_accepts_a_zero_dividend() -> None:
    assert RaceResult(runners=CARD, place_dividends={1: 0}).place_dividends == {1: 0}
