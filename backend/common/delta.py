"""Write only what changed: make a slice of a table (one season's, one round's rows) equal
to a frame by touching the rows that differ, not by rewriting the slice.

Settlement recomputes tables of a million rows; most of them often come out as they were
(a correction moves a few players, a later round leaves the idle players' rows alone).
Reading the slice back with `COPY ... TO STDOUT` and comparing it in numpy costs far less
than writing a million rows and their index entries again. When most rows did change, the
slice is replaced whole (DELETE and COPY), which is then the cheaper write; except for a
table whose changed columns are none of its indexed ones and whose pages keep room for the
new versions (`in_place`: RoundScore), where updating in place stays heap-only (HOT, no
index entry written) and costs far less than the replacement.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import connection, models

from . import db

# Above this share of the slice's rows changed, replacing the slice whole costs less.
REWRITE_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Written:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    rewritten: bool = False


def sync_rows(
    model: type[models.Model],
    frame: pd.DataFrame,
    *,
    where: dict[str, int],
    key: str,
    span: tuple[int, int] | None = None,
    stamp: dict[str, int] | None = None,
    current: pd.DataFrame | None = None,
    in_place: bool = False,
) -> Written:
    """Make the rows matching `where` equal to `frame`'s (matched on `key`, unique within
    the slice), inside the caller's transaction.

    `frame` holds the model's columns by name; `where`'s columns (constant) need not be
    among them.
    `span` (lo, hi) narrows the slice to the keys from lo to hi included (one part of a
    partitioned settlement); the frame then holds only keys of that span.
    `stamp` (column -> value) names columns that are not compared: they take that value
    on the rows inserted or changed and keep their stored value on the others (so they
    tell which write last changed a row). `current`: the slice as `current_rows` read it
    (key, the frame's other columns, the stamp's), when the caller has it already.
    `in_place`: on PostgreSQL, changed rows are updated in place however many they are,
    never the slice replaced; for a table whose compared and stamped columns are not
    indexed and whose fillfactor leaves room on each page (HOT updates).
    """
    stamp = stamp or {}
    frame = frame.drop(columns=[c for c in where if c in frame.columns])
    values = [c for c in frame.columns if c != key and c not in stamp]
    bounds = (key, *span) if span else None
    if current is None:
        current = current_rows(model, [key, *values, *stamp], where=where, span=bounds)
    if current.empty:
        rows = _stamped(frame, stamp)
        return Written(inserted=db.insert_rows(model, rows, order=[key], constants=where))
    found, match = lookup(frame[key].to_numpy(), current[key].to_numpy())
    new = ~found
    changed = found & _differs(frame, current, values, match)
    kept = np.zeros(len(current), dtype=bool)
    kept[match[found]] = True
    gone = ~kept
    touched = int(new.sum() + changed.sum() + gone.sum())
    rewrite = not in_place and touched > REWRITE_SHARE * max(len(frame), len(current))
    if not db.is_postgres() or rewrite:
        rows = _stamped(frame, stamp, fresh=new | changed, current=current, match=match)
        db.replace_rows(model, rows, where=where, span=bounds)
        return Written(inserted=len(frame), deleted=len(current), rewritten=True)
    _delete_keys(model, where, key, current[key].to_numpy()[gone])
    _update_rows(model, _stamped(frame.iloc[np.flatnonzero(changed)], stamp), where=where, key=key)
    inserted = _stamped(frame.iloc[np.flatnonzero(new)], stamp)
    db.insert_rows(model, inserted, order=[key], constants=where)
    return Written(inserted=int(new.sum()), updated=int(changed.sum()), deleted=int(gone.sum()))


def lookup(keys: np.ndarray, stored: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of `keys` is in `stored` (unique keys): (found, position), position
    meaningful only where found. A sort and a binary search: no merged frame."""
    if not len(stored):
        return np.zeros(len(keys), dtype=bool), np.zeros(len(keys), dtype=np.intp)
    order = np.argsort(stored, kind="stable")
    at = np.minimum(np.searchsorted(stored[order], keys), len(stored) - 1)
    position = order[at]
    return stored[position] == keys, position


def gathered(
    column: pd.Series, found: np.ndarray, position: np.ndarray
) -> pd.api.extensions.ExtensionArray:
    """`column`'s values at `lookup`'s positions, as a nullable integer array: NULL where
    the key was not found (or the stored value is NULL)."""
    values = column.to_numpy(dtype=np.int64, na_value=0)
    if not len(values):
        return pd.arrays.IntegerArray(
            np.zeros(len(found), dtype=np.int64), np.ones(len(found), bool)
        )
    missing = column.isna().to_numpy()[position] | ~found
    return pd.arrays.IntegerArray(values[position], missing)


def _stamped(
    frame: pd.DataFrame,
    stamp: dict[str, int],
    *,
    fresh: np.ndarray | None = None,
    current: pd.DataFrame | None = None,
    match: np.ndarray | None = None,
) -> pd.DataFrame:
    """The frame with the stamp's columns: the new value on `fresh` rows (all rows when
    None), the stored one (`current` at `match`) on the others."""
    if not stamp:
        return frame
    columns: dict[str, np.ndarray] = {}
    for column, value in stamp.items():
        if fresh is None or current is None or match is None:
            columns[column] = np.full(len(frame), value, dtype=np.int64)
        else:
            stored = current[column].to_numpy(dtype=np.int64)[match]
            columns[column] = np.where(fresh, np.int64(value), stored)
    return frame.assign(**columns)


def current_rows(
    model: type[models.Model],
    columns: list[str],
    *,
    where: dict[str, int],
    span: tuple[str, int, int] | None = None,
) -> pd.DataFrame:
    """The slice's rows as stored: these columns, booleans as 0/1, NULL as <NA>."""
    qn = connection.ops.quote_name
    by_column = {f.column: f for f in model._meta.concrete_fields}
    selected = [
        f"{qn(c)}::int" if isinstance(by_column[c], models.BooleanField) else qn(c) for c in columns
    ]
    if not db.is_postgres():
        selected = [qn(c) for c in columns]
    condition, params = db.slice_condition(where, span)
    dtypes = {c: _dtype(by_column[c]) for c in columns}
    return db.read_frame(
        f"SELECT {', '.join(selected)} FROM {qn(model._meta.db_table)} WHERE {condition}",  # noqa: S608 - quoted identifiers
        params,
        dtypes,
    )


def _dtype(field: models.Field) -> str:
    """The narrowest integer dtype holding the column's values ("Int.." when nullable)."""
    if isinstance(field, models.BooleanField):
        bits = 8
    elif isinstance(field, models.SmallIntegerField | models.PositiveSmallIntegerField):
        bits = 16
    elif isinstance(field, models.IntegerField | models.PositiveIntegerField) and not isinstance(
        field, models.BigIntegerField | models.PositiveBigIntegerField
    ):
        bits = 32
    else:
        bits = 64
    return f"Int{bits}" if field.null else f"int{bits}"


def _differs(
    frame: pd.DataFrame, current: pd.DataFrame, values: list[str], match: np.ndarray
) -> np.ndarray:
    """Rows of `frame` whose values differ from the stored row at `match` (NULL equals
    NULL; meaningful where the row was found)."""
    differs = np.zeros(len(frame), dtype=bool)
    for column in values:
        new, new_null = _values(frame[column])
        old, old_null = _values(current[column])
        old = old[match]
        step = new != old
        if new_null is not None or old_null is not None:
            new_missing = new_null if new_null is not None else np.zeros(len(new), dtype=bool)
            old_missing = old_null[match] if old_null is not None else np.zeros(len(new), bool)
            step = np.where(new_missing | old_missing, new_missing != old_missing, step)
        differs |= step
    return differs


def _values(column: pd.Series) -> tuple[np.ndarray, np.ndarray | None]:
    """A column's numbers (booleans as 0/1) and, for one holding NULLs, their mask."""
    missing = column.isna().to_numpy() if column.hasnans else None
    if column.dtype == bool:
        return column.to_numpy(dtype=np.int8), missing
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iu":
        return column.to_numpy(), missing
    return column.to_numpy(dtype=np.int64, na_value=0), missing


def _delete_keys(
    model: type[models.Model], where: dict[str, int], key: str, keys: np.ndarray
) -> None:
    if not len(keys):
        return
    qn = connection.ops.quote_name
    condition = " AND ".join(f"{qn(c)} = %s" for c in where)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {qn(model._meta.db_table)} WHERE {condition} "  # noqa: S608
            f"AND {qn(key)} = ANY(%s)",
            [*where.values(), [int(k) for k in keys]],
        )


def _update_rows(
    model: type[models.Model], rows: pd.DataFrame, *, where: dict[str, int], key: str
) -> None:
    """UPDATE the rows from a temporary table loaded with COPY (PostgreSQL)."""
    if rows.empty:
        return
    qn = connection.ops.quote_name
    temp = db.stage_rows(model, rows, name=f"_sync_{model._meta.db_table}", constants=where)
    values = [c for c in rows.columns if c != key]
    assignments = ", ".join(f"{qn(c)} = s.{qn(c)}" for c in values)
    condition = " AND ".join(f"t.{qn(c)} = %s" for c in where)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {temp}")
        cursor.execute(
            f"UPDATE {db.table_of(model)} t SET {assignments} FROM {temp} s "  # noqa: S608
            f"WHERE {condition} AND t.{qn(key)} = s.{qn(key)}",
            list(where.values()),
        )
        cursor.execute(f"DROP TABLE {temp}")
