"""`settle` at its boundary: what it accepts, what it rejects, the shape of its output."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from scoring import RaceResult, Rules, ScoringError, settle
from scoring.settle import OUTPUT_DTYPES
from tests.scoring.strategies import ALTERNATE_KINDS, AlternateKind, picks_frame

RACE = RaceResult(
    runners=frozenset(range(1, 9)),
    non_runners=frozenset({3}),
    finish={1: 1, 2: 2, 4: 3},
    win_dividends={1: 400},
    place_dividends={1: 150, 2: 200, 4: 310},
    favourite=1,
)
ROWS = [(10, 3, 3, 2), (11, 3, 2, None), (12, 4, 1, 3), (13, 5, 6, None)]


def frame(**columns: Any) -> pd.DataFrame:
    base: dict[str, Any] = {
        "player_id": np.array([1, 2], dtype=np.int64),
        "win": np.array([1, 2], dtype=np.int64),
        "place": np.array([1, 2], dtype=np.int64),
        "alternate": pd.array([None, 4], dtype="Int64"),
    }
    return pd.DataFrame({**base, **columns})


def test_it_returns_the_contract_columns_and_dtypes() -> None:
    out = settle(picks_frame(ROWS), RACE)
    assert dict(out.dtypes.astype(str)) == OUTPUT_DTYPES


def test_it_keeps_the_index_and_row_order() -> None:
    out = settle(picks_frame(ROWS, index=[40, 7, 99, 3]), RACE)
    assert out.index.tolist() == [40, 7, 99, 3]
    assert out["player_id"].tolist() == [10, 11, 12, 13]


@pytest.mark.parametrize("kind", ALTERNATE_KINDS)
def test_it_accepts_every_encoding_of_a_missing_alternate(kind: AlternateKind) -> None:
    expected = settle(picks_frame(ROWS, "Int64"), RACE)
    pd.testing.assert_frame_equal(settle(picks_frame(ROWS, kind), RACE), expected)


def test_it_accepts_an_all_missing_object_alternate() -> None:
    out = settle(frame(alternate=np.array([None, None], dtype=object)), RACE)
    assert out["points"].tolist() == [1100, 400]


def test_it_accepts_narrow_integer_dtypes() -> None:
    out = settle(frame(win=np.array([1, 2], dtype=np.int8), place=pd.array([1, 2], "Int32")), RACE)
    assert out["win_points"].tolist() == [800, 0]


@pytest.mark.parametrize(
    "empty",
    [
        picks_frame([]),
        pd.DataFrame(columns=["player_id", "win", "place", "alternate"]),
    ],
)
def test_it_settles_no_picks_into_an_empty_frame(empty: pd.DataFrame) -> None:
    out = settle(empty, RACE)
    assert out.empty
    assert dict(out.dtypes.astype(str)) == OUTPUT_DTYPES


def test_it_keeps_extra_columns_out_of_the_output() -> None:
    out = settle(frame(round_id=[5, 5]), RACE)
    assert list(out.columns) == list(OUTPUT_DTYPES)


def test_it_rejects_a_missing_column() -> None:
    with pytest.raises(ScoringError, match="alternate"):
        settle(frame().drop(columns="alternate"), RACE)


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("player_id", np.array([1.0, 2.0])),
        ("player_id", np.array(["1", "2"], dtype=object)),
        ("win", np.array([1.0, 2.0])),
        ("win", np.array([True, False])),
        ("place", np.array(["1", "2"], dtype=object)),
        ("win", pd.array([1, None], dtype="Int64")),
        ("alternate", np.array([True, False])),
        ("alternate", np.array(["4", None], dtype=object)),
        ("alternate", pd.array(["4", None], dtype="string")),
    ],
)
def test_it_rejects_a_wrong_dtype_or_missing_value(column: str, values: Any) -> None:
    with pytest.raises(ScoringError, match=column):
        settle(frame(**{column: values}), RACE)


@pytest.mark.parametrize("alternate", [np.array([np.nan, 4.5]), np.array([None, 4.5], object)])
def test_it_rejects_a_fractional_alternate(alternate: Any) -> None:
    with pytest.raises(ScoringError, match="2"):
        settle(frame(alternate=alternate), RACE)


@pytest.mark.parametrize(
    "rows",
    [
        [(1, 9, 1, None), (2, 1, 1, None), (3, 1, 0, None)],
        [(1, 1, 1, 12), (2, 1, 1, None), (3, -4, 1, None)],
    ],
)
def test_it_rejects_saddle_numbers_not_in_the_race_listing_the_players(
    rows: list[tuple[int, int, int, int | None]],
) -> None:
    with pytest.raises(ScoringError, match=r"players 1, 3\b"):
        settle(picks_frame(rows), RACE)


def test_it_rejects_a_float_alternate_not_in_the_race() -> None:
    with pytest.raises(ScoringError, match="players 2"):
        settle(frame(alternate=np.array([np.nan, 1e30])), RACE)


def test_it_rejects_what_is_not_a_frame() -> None:
    with pytest.raises(ScoringError):
        settle([(1, 1, 1, None)], RACE)  # type: ignore[arg-type]


def test_it_rejects_a_result_that_is_not_a_race_result() -> None:
    with pytest.raises(ScoringError):
        settle(frame(), {"runners": [1, 2]})  # type: ignore[arg-type]


def test_it_rejects_rules_that_are_not_rules() -> None:
    with pytest.raises(ScoringError):
        settle(frame(), RACE, {"mode": "fixed"})  # type: ignore[arg-type]


def test_it_does_not_modify_the_picks() -> None:
    picks = picks_frame(ROWS)
    before = picks.copy()
    settle(picks, RACE, Rules(mode="fixed"))
    pd.testing.assert_frame_equal(picks, before)


def test_it_returns_a_frame_of_its_own() -> None:
    picks = picks_frame(ROWS)
    out = settle(picks, RACE)
    out.loc[out.index[0], ["player_id", "win_runner", "points"]] = 99
    out.iloc[1, 0] = 42
    assert picks["player_id"].tolist() == [10, 11, 12, 13]
    assert out["player_id"].tolist()[:2] == [99, 42]
