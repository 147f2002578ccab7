"""`rank` and `rank_within`: competition ranking of standings (docs/rules.md).

Order: `points` desc, then `wins` (winning win-selections) desc, then `best` (best single
round) desc; rows equal on all three share a rank, competition style (1, 2, 2, 4).

Vectorized: one sort, then run detection. When the keys are integers whose ranges
multiply below 2**62 they are packed into one int64 key and sorted once (several times
faster than `np.lexsort` on a million rows); otherwise `np.lexsort` does it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.errors import ScoringError

Int64Array = npt.NDArray[np.int64]
RANK_KEYS = ("points", "wins", "best")
_PACK_LIMIT = 1 << 62


def _key_column(table: pd.DataFrame, name: str) -> npt.NDArray[np.int64 | np.float64]:
    column = table[name]
    dtype = column.dtype
    numeric = pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_float_dtype(dtype)
    if not numeric or pd.api.types.is_bool_dtype(dtype):
        raise ScoringError(f"column {name!r} must be numeric, not {dtype}")
    if column.hasnans:
        raise ScoringError(f"column {name!r} has missing values")
    if pd.api.types.is_integer_dtype(dtype):
        if dtype == np.uint64 and len(column) and int(column.max()) > np.iinfo(np.int64).max:
            raise ScoringError(f"column {name!r} has values beyond int64")
        return column.to_numpy(dtype=np.int64)
    return column.to_numpy(dtype=np.float64)


def _packed(keys: list[npt.NDArray[np.int64 | np.float64]]) -> Int64Array | None:
    """The keys packed into one int64 that sorts the same way, or None when they don't fit."""
    if any(key.dtype != np.int64 for key in keys):
        return None
    lows = [int(key.min()) for key in keys]
    spans = [int(key.max()) - low + 1 for key, low in zip(keys, lows, strict=True)]
    if int(np.prod(np.array(spans, dtype=object))) >= _PACK_LIMIT:
        return None
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    for key, low, span in zip(keys, lows, spans, strict=True):
        packed *= span
        packed += key.astype(np.int64, copy=False) - low
    return packed


def _competition_ranks(keys: list[npt.NDArray[np.int64 | np.float64]]) -> Int64Array:
    """1 + the number of rows with a strictly greater key tuple (most significant first)."""
    size = len(keys[0])
    if size == 0:
        return np.zeros(0, dtype=np.int64)
    packed = _packed(keys)
    if packed is not None:
        order = np.argsort(packed)[::-1]
        ordered = packed[order]
        new_run = np.empty(size, dtype=bool)
        new_run[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=new_run[1:])
    else:
        order = np.lexsort(keys[::-1])[::-1]
        new_run = np.zeros(size, dtype=bool)
        new_run[0] = True
        for key in keys:
            ordered_key = key[order]
            new_run[1:] |= ordered_key[1:] != ordered_key[:-1]
    # A run's rank is its first row's 1-based position in the descending order.
    starts = np.where(new_run, np.arange(1, size + 1, dtype=np.int64), 0)
    ranks = np.empty(size, dtype=np.int64)
    ranks[order] = np.maximum.accumulate(starts)
    return ranks


def _checked(table: pd.DataFrame, extra: tuple[str, ...] = ()) -> None:
    if not isinstance(table, pd.DataFrame):
        raise ScoringError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    missing = [name for name in (*RANK_KEYS, *extra) if name not in table.columns]
    if missing:
        raise ScoringError(f"table is missing columns: {', '.join(missing)}")


def rank(table: pd.DataFrame) -> pd.Series:
    """Competition rank (1, 2, 2, 4) of each row of `table`, aligned to its index.

    `table` has numeric columns `points`, `wins` and `best`, without missing values.
    Higher is better on each key, in that order; rows equal on all three share a rank.
    """
    _checked(table)
    keys = [_key_column(table, name) for name in RANK_KEYS]
    return pd.Series(_competition_ranks(keys), index=table.index, name="rank", dtype="int64")


def _group_codes(table: pd.DataFrame, by: str) -> Int64Array:
    """Group labels -> non-negative int64 codes with a small range (any label dtype)."""
    column = table[by]
    if column.hasnans:
        raise ScoringError(f"column {by!r} has missing values")
    dtype = column.dtype
    if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        values = column.to_numpy(dtype=np.int64)
        low, high = int(values.min()), int(values.max())
        if high - low <= 4 * len(values):
            return values - low
    codes, _ = pd.factorize(column)
    return codes.astype(np.int64)


def rank_within(table: pd.DataFrame, by: str = "league_id") -> pd.Series:
    """`rank` computed separately inside each group of `table[by]`, in one pass.

    Same keys and order as `rank`; the group column may have any dtype but no missing
    values. Returns int64 ranks aligned to `table.index`.
    """
    _checked(table, (by,))
    keys = [_key_column(table, name) for name in RANK_KEYS]
    size = len(table)
    if size == 0:
        return pd.Series(np.zeros(0, dtype=np.int64), index=table.index, name="rank")
    # The global rank orders rows exactly as the keys do, so (group, global rank) is a
    # two-int key that always packs: sorting it once groups rows and orders each group.
    overall = _competition_ranks(keys)
    group = _group_codes(table, by)
    packed = group * (size + 1) + overall
    order = np.argsort(packed)
    ordered_group = group[order]
    ordered = packed[order]
    new_group = np.empty(size, dtype=bool)
    new_group[0] = True
    np.not_equal(ordered_group[1:], ordered_group[:-1], out=new_group[1:])
    new_run = np.empty(size, dtype=bool)
    new_run[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new_run[1:])
    position = np.arange(size, dtype=np.int64)
    group_start = np.maximum.accumulate(np.where(new_group, position, 0))
    run_start = np.maximum.accumulate(np.where(new_run, position, 0))
    ranks = np.empty(size, dtype=np.int64)
    ranks[order] = run_start - group_start + 1
    return pd.Series(ranks, index=table.index, name="rank", dtype="int64")
