"""`rank` and `rank_within`: competition ranking (docs/rules.md), examples and properties."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import ScoringError, rank, rank_within
from scoring.reference import rank_rows

PROPERTY = settings(max_examples=200, deadline=None)


def table(rows: Sequence[tuple[float, float, float]], **extra: list[object]) -> pd.DataFrame:
    points, wins, best = zip(*rows, strict=True) if rows else ((), (), ())
    return pd.DataFrame(
        {"points": np.array(points, dtype=np.int64), "wins": np.array(wins, dtype=np.int64),
         "best": np.array(best, dtype=np.int64), **extra}
    )  # fmt: skip


def test_it_ranks_competition_style() -> None:
    ranks = rank(table([(900, 1, 500), (700, 1, 400), (700, 1, 400), (100, 0, 100)]))
    assert ranks.tolist() == [1, 2, 2, 4]


def test_it_breaks_point_ties_on_wins_then_best_round() -> None:
    rows = [(700, 1, 400), (700, 2, 100), (700, 1, 600), (800, 0, 0)]
    assert rank(table(rows)).tolist() == [4, 2, 3, 1]


def test_it_aligns_ranks_to_the_index() -> None:
    frame = table([(1, 0, 0), (3, 0, 0), (2, 0, 0)]).set_axis([30, 10, 20])
    ranks = rank(frame)
    assert ranks.dtype == np.int64
    assert ranks.to_dict() == {30: 3, 10: 1, 20: 2}


def test_it_ranks_float_keys() -> None:
    frame = pd.DataFrame({"points": [1.5, 2.5, 1.5], "wins": [0, 0, 0], "best": [0.0, -0.0, 0.0]})
    assert rank(frame).tolist() == [2, 1, 2]


def test_it_ranks_keys_too_wide_to_pack() -> None:
    rows = [(2**62, 2**40, -(2**62)), (2**62, 2**40, 2**62), (-(2**62), 0, 0)]
    assert rank(table(rows)).tolist() == [2, 1, 3]


def test_it_ranks_an_empty_table() -> None:
    assert rank(table([])).tolist() == []
    assert rank_within(table([], league_id=[])).tolist() == []


def test_it_ranks_within_each_league() -> None:
    rows = [(900, 1, 5), (700, 1, 4), (700, 1, 4), (100, 0, 1), (50, 0, 1)]
    frame = table(rows, league_id=[1, 2, 1, 1, 2])
    assert rank_within(frame).tolist() == [1, 1, 2, 3, 2]


def test_it_ranks_within_groups_of_any_label_and_column_name() -> None:
    rows = [(1, 0, 0), (2, 0, 0), (3, 0, 0)]
    frame = table(rows, week=["b", "a", "b"]).set_axis(["x", "y", "z"])
    assert rank_within(frame, by="week").to_dict() == {"x": 2, "y": 1, "z": 1}


def test_it_ranks_within_sparse_league_ids() -> None:
    frame = table([(1, 0, 0), (2, 0, 0), (3, 0, 0)], league_id=[10**15, -(10**15), 10**15])
    assert rank_within(frame).tolist() == [2, 1, 1]


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"points": [1], "wins": [0]}),
        pd.DataFrame({"points": [1.0, np.nan], "wins": [0, 0], "best": [0, 0]}),
        pd.DataFrame({"points": ["1"], "wins": [0], "best": [0]}),
        pd.DataFrame({"points": [True], "wins": [0], "best": [0]}),
        pd.DataFrame({"points": pd.array([1, None], "Int64"), "wins": [0, 0], "best": [0, 0]}),
    ],
)
def test_it_rejects_a_bad_table(frame: pd.DataFrame) -> None:
    with pytest.raises(ScoringError):
        rank(frame)


def test_it_rejects_a_missing_group_column() -> None:
    with pytest.raises(ScoringError, match="league_id"):
        rank_within(table([(1, 0, 0)]))


def test_it_rejects_a_missing_group_label() -> None:
    with pytest.raises(ScoringError, match="league_id"):
        rank_within(table([(1, 0, 0), (2, 0, 0)], league_id=[1.0, np.nan]))


def test_it_rejects_what_is_not_a_frame() -> None:
    with pytest.raises(ScoringError):
        rank([(1, 0, 0)])  # type: ignore[arg-type]


# Small key ranges make ties likely; the huge ones force the lexsort path.
small = st.integers(0, 4)
huge = st.integers(-(2**62), 2**62)
key_rows = st.lists(st.tuples(small, small, small), max_size=60) | st.lists(
    st.tuples(huge | small, huge | small, huge | small), max_size=30
)


@PROPERTY
@given(key_rows)
def test_it_agrees_with_the_reference(rows: list[tuple[int, int, int]]) -> None:
    assert rank(table(rows)).tolist() == rank_rows(rows)


@PROPERTY
@given(key_rows.filter(bool))
def test_it_always_has_a_first(rows: list[tuple[int, int, int]]) -> None:
    assert rank(table(rows)).min() == 1


@PROPERTY
@given(key_rows)
def test_it_gives_equal_keys_equal_ranks(rows: list[tuple[int, int, int]]) -> None:
    ranks = rank(table(rows)).tolist()
    for i, row in enumerate(rows):
        for j, other in enumerate(rows):
            if row == other:
                assert ranks[i] == ranks[j]


@PROPERTY
@given(key_rows)
def test_it_never_ranks_a_strictly_better_row_worse(rows: list[tuple[int, int, int]]) -> None:
    ranks = rank(table(rows)).tolist()
    for i, row in enumerate(rows):
        for j, other in enumerate(rows):
            if row > other:
                assert ranks[i] < ranks[j]


@PROPERTY
@given(key_rows)
def test_it_leaves_competition_gaps(rows: list[tuple[int, int, int]]) -> None:
    ranks = rank(table(rows)).tolist()
    for value in set(ranks):
        assert sum(r < value for r in ranks) == value - 1


@PROPERTY
@given(st.lists(st.tuples(small, small, small, st.integers(0, 5)), max_size=80))
def test_it_ranks_within_groups_as_rank_does_per_group(
    rows: list[tuple[int, int, int, int]],
) -> None:
    frame = table([row[:3] for row in rows], league_id=[row[3] for row in rows])
    frame.index = pd.Index(range(100, 100 + len(rows)))
    within = rank_within(frame)
    for _, group in frame.groupby("league_id"):
        pd.testing.assert_series_equal(within[group.index], rank(group), check_names=False)
