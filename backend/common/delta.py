"""Write only what changed: make a slice of a table (one season's, one round's rows) equal
to a frame by touching the rows that differ, not by rewriting the slice.

Settlement recomputes tables of a million rows; most of them often come out as they were
(a correction moves a few players, a later round leaves the idle players' rows alone).
Reading the slice back with `COPY ... TO STDOUT` and comparing it in numpy costs far less
than writing a million rows and their index entries again. When most rows did change, the
slice is replaced whole (DELETE and COPY), which is then the cheaper write.
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
) -> Written:
    """Make the rows matching `where` equal to `frame`'s (matched on `key`, unique within
    the slice), inside the caller's transaction.

    `frame` holds the model's columns by name, `where`'s columns (constant) included.
    `span` (lo, hi) narrows the slice to the keys from lo to hi included (one part of a
    partitioned settlement); the frame then holds only keys of that span.
    """
    columns = [c for c in frame.columns if c not in where]
    current = current_rows(model, columns, where=where, span=(key, *span) if span else None)
    if current.empty:
        return Written(inserted=db.insert_rows(model, frame, order=[*where, key]))
    values = [c for c in frame.columns if c not in where and c != key]
    merged = frame[[key, *values]].merge(
        current, on=key, how="left", suffixes=("", "_old"), indicator=True, sort=False
    )
    new = (merged["_merge"] == "left_only").to_numpy()
    changed = ~new & _differs(merged, values)
    gone = ~current[key].isin(frame[key]).to_numpy()
    touched = int(new.sum() + changed.sum() + gone.sum())
    if not db.is_postgres() or touched > REWRITE_SHARE * max(len(frame), len(current)):
        db.replace_rows(model, frame, where=where, span=(key, *span) if span else None)
        return Written(inserted=len(frame), deleted=len(current), rewritten=True)
    _delete_keys(model, where, key, current[key].to_numpy()[gone])
    _update_rows(model, frame.iloc[np.flatnonzero(changed)], where=where, key=key)
    db.insert_rows(model, frame.iloc[np.flatnonzero(new)], order=[*where, key])
    return Written(inserted=int(new.sum()), updated=int(changed.sum()), deleted=int(gone.sum()))


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
    dtypes = {c: "Int64" if by_column[c].null else "int64" for c in columns}
    return db.read_frame(
        f"SELECT {', '.join(selected)} FROM {qn(model._meta.db_table)} WHERE {condition}",  # noqa: S608 - quoted identifiers
        params,
        dtypes,
    )


def _differs(merged: pd.DataFrame, values: list[str]) -> np.ndarray:
    """Rows whose values differ from the stored ones (NULL equals NULL)."""
    differs = np.zeros(len(merged), dtype=bool)
    for column in values:
        new = merged[column].astype("Int64")
        old = merged[f"{column}_old"].astype("Int64")
        both_null = (new.isna() & old.isna()).to_numpy()
        equal = (new == old).fillna(value=False).to_numpy(dtype=bool)
        differs |= ~(equal | both_null)
    return differs


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
    table = model._meta.db_table
    temp = f"_sync_{table}"
    values = [c for c in rows.columns if c not in where and c != key]
    names = ", ".join(qn(c) for c in rows.columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {qn(temp)}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {qn(temp)} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {names} FROM {qn(table)} WITH NO DATA"
        )
    db.copy_into(temp, rows, db.column_types(model, list(rows.columns)))
    assignments = ", ".join(f"{qn(c)} = s.{qn(c)}" for c in values)
    condition = " AND ".join(f"t.{qn(c)} = %s" for c in where)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {qn(temp)}")
        cursor.execute(
            f"UPDATE {qn(table)} t SET {assignments} FROM {qn(temp)} s "  # noqa: S608
            f"WHERE {condition} AND t.{qn(key)} = s.{qn(key)}",
            list(where.values()),
        )
        cursor.execute(f"DROP TABLE {qn(temp)}")
