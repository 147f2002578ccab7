"""Tables in and out of the database as DataFrames, fast on PostgreSQL, plain on SQLite.

Settlement moves whole rounds (up to millions of rows) at once. On PostgreSQL a frame is
read with `COPY (query) TO STDOUT` and written with `COPY` into a temporary table followed
by one `INSERT ... ON CONFLICT DO UPDATE`; on SQLite (the embedded default) the same calls
fall back to a cursor and `bulk_create(update_conflicts=True)`. Callers see one code path
whatever the size or the database.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, models
from django.utils import timezone

_BATCH = 2000


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def table_of(model: type[models.Model]) -> str:
    """The model's table, quoted for a raw statement."""
    return connection.ops.quote_name(model._meta.db_table)


def db_now() -> dt.datetime:
    """The database clock (statement time): the one clock every lock decision uses."""
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("SELECT STATEMENT_TIMESTAMP()")
            value = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')")
            raw = cursor.fetchone()[0]
            value = dt.datetime.fromisoformat(raw).replace(tzinfo=dt.UTC)
    assert isinstance(value, dt.datetime)
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def db_now_sql() -> str:
    """The database clock as an SQL expression, for raw statements with %s parameters."""
    if is_postgres():
        return "STATEMENT_TIMESTAMP()"
    return "STRFTIME('%%Y-%%m-%%d %%H:%%M:%%f', 'NOW')"


def read_frame(sql: str, params: Sequence[Any], dtypes: dict[str, str]) -> pd.DataFrame:
    """Run one SELECT and return its rows as a frame with these columns and dtypes.

    `sql` selects exactly the columns of `dtypes`, in order, as numbers (cast booleans to
    integers in SQL). Use nullable dtypes ("Int64") for columns that may be NULL.
    """
    columns = list(dtypes)
    with connection.cursor() as cursor:
        if is_postgres():
            # The parameters are bound here: the cursor Django gives under DEBUG (or while a
            # test captures queries) takes a COPY statement without parameters.
            ops: Any = connection.ops  # PostgreSQL's, which binds them as psycopg would
            statement = ops.compose_sql(f"COPY ({sql}) TO STDOUT", params)
            with cursor.copy(statement) as copy:
                return _parse_copy(copy, columns, dtypes)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return _empty(dtypes)
    return pd.DataFrame.from_records(rows, columns=columns).astype(dtypes)


# COPY's text is parsed in pieces of this size: the text of a million rows is never held
# at once beside the frame it becomes.
_PARSE_BYTES = 8 << 20


def _parse_copy(copy: Any, columns: list[str], dtypes: dict[str, str]) -> pd.DataFrame:
    """The rows of a `COPY ... TO STDOUT` (text format) as a frame, parsed piece by piece."""
    pieces: list[pd.DataFrame] = []
    buffer = io.BytesIO()
    size = 0
    for block in copy:
        size += buffer.write(block)
        if size >= _PARSE_BYTES:
            pieces.append(_parse_text(buffer, columns, dtypes))
            buffer, size = io.BytesIO(), 0
    if size:
        pieces.append(_parse_text(buffer, columns, dtypes))
    if not pieces:
        return _empty(dtypes)
    if len(pieces) == 1:
        return pieces[0]
    return pd.concat(pieces, ignore_index=True)


def _parse_text(buffer: io.BytesIO, columns: list[str], dtypes: dict[str, str]) -> pd.DataFrame:
    buffer.seek(0)
    return pd.read_csv(
        buffer,
        sep="\t",
        header=None,
        names=columns,
        dtype=dtypes,
        na_values=["\\N"],
        keep_default_na=False,
        engine="c",
    )


def _empty(dtypes: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in dtypes.items()})


def upsert_frame(
    model: type[models.Model],
    frame: pd.DataFrame,
    *,
    unique: Sequence[str],
    update: Sequence[str],
) -> int:
    """Insert the frame's rows into the model's table, updating rows that already exist.

    Columns of `frame` are the model's column names (attnames: `player_id`, `round_id`);
    `unique` names the columns of a unique constraint, `update` the columns to overwrite
    on conflict. Returns the number of rows written. Runs inside the caller's transaction.
    """
    if frame.empty:
        return 0
    columns = list(frame.columns)
    if is_postgres():
        _copy_upsert(model, frame, columns, unique, update)
    else:
        _bulk_upsert(model, frame, columns, unique, update)
    return len(frame)


def _copy_upsert(
    model: type[models.Model],
    frame: pd.DataFrame,
    columns: list[str],
    unique: Sequence[str],
    update: Sequence[str],
) -> None:
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    # Rows in the unique index's order: its B-tree is then filled from left to right.
    temp = stage_rows(model, in_order(frame, unique), name=f"_load_{model._meta.db_table}")
    assignments = ", ".join(f"{qn(c)} = EXCLUDED.{qn(c)}" for c in update)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table_of(model)} ({names}) SELECT {names} FROM {temp} "  # noqa: S608
            f"ON CONFLICT ({', '.join(qn(c) for c in unique)}) DO UPDATE SET {assignments}"
        )
        cursor.execute(f"DROP TABLE {temp}")


def stage_rows(
    model: type[models.Model],
    frame: pd.DataFrame,
    *,
    name: str,
    constants: dict[str, int] | None = None,
) -> str:
    """The frame (after the `constants`' columns) in a new temporary table `name`, shaped
    after the model's columns of the same names and loaded by COPY, for one statement to
    read it whole; dropped at the transaction's end at the latest (PostgreSQL). Returns its
    quoted name."""
    constants = constants or {}
    columns = [*constants, *frame.columns]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    temp = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temp}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS "  # noqa: S608 - quoted identifiers
            f"SELECT {names} FROM {table_of(model)} WITH NO DATA"
        )
        _copy(cursor, temp, frame, column_types(model, columns), constants)
    return temp


# PostgreSQL's binary COPY wants each value in its column's exact binary form.
_BINARY_TYPES = {"smallint": ">i2", "integer": ">i4", "bigint": ">i8", "boolean": "u1"}
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_COPY_TRAILER = struct.pack(">h", -1)


def column_types(model: type[models.Model], columns: list[str]) -> list[str]:
    by_column = {f.column: f for f in model._meta.concrete_fields}
    types = []
    for column in columns:
        field = by_column[column]
        if isinstance(field, models.ForeignKey):
            types.append(str(field.target_field.rel_db_type(connection)))
        else:
            types.append(str(field.db_type(connection)))
    return types


def binary_copy(
    frame: pd.DataFrame, types: Sequence[str], constants: dict[str, int] | None = None
) -> Iterator[bytes] | None:
    """The frame in PostgreSQL's binary COPY format, built with numpy (no per-row Python),
    as pieces of `_COPY_ROWS` rows to write one after the other.

    Integer and boolean columns only (None otherwise: the caller falls back to text).
    `constants` (column -> value) come first in each row without being columns of the
    frame; `types` are those of the constants' columns, then the frame's. Every row of a
    group sharing one pattern of NULLs has the same layout, so each group is one numpy
    structured array turned to bytes at once; row order does not matter to COPY, groups
    follow each other. Only one piece's arrays are held at a time.
    """
    if any(t not in _BINARY_TYPES for t in types):
        return None
    return _binary_pieces(frame, list(types), constants or {})


# Rows per piece of a COPY: a few MB of binary rows, whatever the frame's size.
_COPY_ROWS = 65_536


def _pieces(frame: pd.DataFrame, constants: dict[str, int]) -> Iterator[pd.DataFrame]:
    """The frame `_COPY_ROWS` rows at a time, the constants' columns first."""
    for start in range(0, len(frame), _COPY_ROWS):
        piece = frame.iloc[start : start + _COPY_ROWS]
        if constants:
            piece = pd.concat([pd.DataFrame(constants, index=piece.index), piece], axis=1)
        yield piece


def _binary_pieces(
    frame: pd.DataFrame, types: list[str], constants: dict[str, int]
) -> Iterator[bytes]:
    yield _COPY_HEADER
    for piece in _pieces(frame, constants):
        yield _binary_rows(piece, types)
    yield _COPY_TRAILER


def _binary_rows(frame: pd.DataFrame, types: list[str]) -> bytes:
    count = len(frame.columns)
    nulls = np.zeros(len(frame), dtype=np.int64)
    values = []
    for j, name in enumerate(frame.columns):
        column = frame[name]
        missing = column.isna().to_numpy()
        nulls |= missing.astype(np.int64) << j
        values.append(column.to_numpy(dtype=np.int64, na_value=0))
    chunks = []
    for pattern in np.unique(nulls):
        rows = np.flatnonzero(nulls == pattern)
        layout: list[tuple[str, str]] = [("fields", ">i2")]
        for j, kind in enumerate(types):
            layout.append((f"l{j}", ">i4"))
            if not (int(pattern) >> j) & 1:
                layout.append((f"v{j}", _BINARY_TYPES[kind]))
        block = np.empty(len(rows), dtype=np.dtype(layout))
        block["fields"] = count
        for j, kind in enumerate(types):
            if (int(pattern) >> j) & 1:
                block[f"l{j}"] = -1
            else:
                block[f"l{j}"] = np.dtype(_BINARY_TYPES[kind]).itemsize
                block[f"v{j}"] = values[j][rows]
        chunks.append(block.tobytes())
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def slice_condition(
    where: dict[str, int], span: tuple[str, int, int] | None = None
) -> tuple[str, list[int]]:
    """The SQL condition (and its parameters) of a slice: `where`'s columns equal to their
    values and, with `span` (column, lo, hi), that column from lo to hi included."""
    qn = connection.ops.quote_name
    terms = [f"{qn(column)} = %s" for column in where]
    params = list(where.values())
    if span is not None:
        terms.append(f"{qn(span[0])} BETWEEN %s AND %s")
        params += [span[1], span[2]]
    return " AND ".join(terms), params


def replace_rows(
    model: type[models.Model],
    frame: pd.DataFrame,
    *,
    where: dict[str, int],
    span: tuple[str, int, int] | None = None,
) -> int:
    """Replace the rows matching `where` (column -> value: one round's, one season's) and
    `span` (see `slice_condition`) with the frame's rows, inside the caller's transaction.
    The frame need not hold `where`'s columns: every row takes their values.

    A DELETE and a COPY straight into the table: cheaper than updating most of a million
    rows in place, and readers keep seeing the old rows until the transaction commits.
    """
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    condition, params = slice_condition(where, span)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {condition}", params)  # noqa: S608
    frame = frame.drop(columns=[c for c in where if c in frame.columns])
    players = [str(c) for c in frame.columns if str(c).endswith("player_id")]
    return insert_rows(model, frame, order=players, constants=where)


def insert_rows(
    model: type[models.Model],
    frame: pd.DataFrame,
    *,
    order: Sequence[str],
    constants: dict[str, int] | None = None,
) -> int:
    """Insert the frame's rows (new keys only): on PostgreSQL one COPY straight into the
    table, rows in `order` (its unique index's columns, filled from left to right).
    `constants` (column -> value): columns every row takes, not held by the frame."""
    if frame.empty:
        return 0
    constants = constants or {}
    columns = [*constants, *frame.columns]
    if not is_postgres():
        by_column = {f.column: f for f in model._meta.concrete_fields}
        full = frame.assign(**constants)
        records = full.astype(object).where(full.notna(), None).to_dict("records")
        model._default_manager.bulk_create(
            [model(**{by_column[c].attname: row[c] for c in columns}) for row in records],
            batch_size=_BATCH,
        )
        return len(frame)
    ordered = in_order(frame, [c for c in order if c not in constants])
    copy_into(model._meta.db_table, ordered, column_types(model, columns), constants)
    return len(frame)


def in_order(frame: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """The frame sorted by these columns; as it is (no copy) when it already is."""
    columns = list(order)
    if not columns:
        return frame
    leading = all(
        (values := frame[c].to_numpy()).size == 0 or bool((values == values[0]).all())
        for c in columns[:-1]
    )
    if leading and frame[columns[-1]].is_monotonic_increasing:
        return frame
    return frame.sort_values(columns, kind="stable")


def copy_into(
    table: str,
    frame: pd.DataFrame,
    types: Sequence[str],
    constants: dict[str, int] | None = None,
) -> None:
    """COPY the frame (after the `constants`' columns, see `binary_copy`) into `table`."""
    with connection.cursor() as cursor:
        _copy(cursor, connection.ops.quote_name(table), frame, types, constants or {})


def _copy(
    cursor: Any,
    table: str,
    frame: pd.DataFrame,
    types: Sequence[str],
    constants: dict[str, int] | None = None,
) -> None:
    """COPY the frame into `table` (quoted), binary when its types allow, piece by piece."""
    constants = constants or {}
    qn = connection.ops.quote_name
    names = ", ".join(qn(str(c)) for c in [*constants, *frame.columns])
    pieces = binary_copy(frame, types, constants)
    if pieces is None:
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for rows in _pieces(frame, constants):
                copy.write(
                    rows.to_csv(
                        sep="\t", header=False, index=False, na_rep="\\N", lineterminator="\n"
                    )
                )
        return
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
        for piece in pieces:
            copy.write(piece)


def _bulk_upsert(
    model: type[models.Model],
    frame: pd.DataFrame,
    columns: list[str],
    unique: Sequence[str],
    update: Sequence[str],
) -> None:
    by_column = {f.column: f for f in model._meta.concrete_fields}
    # bulk_create wants field names for the conflict target and the updated fields.
    unique_fields = [by_column[c].name for c in unique]
    update_fields = [by_column[c].name for c in update]
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    model._default_manager.bulk_create(
        [model(**{by_column[c].attname: row[c] for c in columns}) for row in records],
        batch_size=_BATCH,
        update_conflicts=True,
        unique_fields=unique_fields,
        update_fields=update_fields,
    )
