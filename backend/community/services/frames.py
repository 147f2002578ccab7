"""Rows read in bulk as pandas frames, for the badge rules and the round debrief."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.db.models import IntegerField, QuerySet
from django.db.models.functions import Cast

from backend.common import db


def read_rows(rows: QuerySet[Any], dtypes: dict[str, str]) -> pd.DataFrame:
    """A values_list queryset's rows as one frame, read in bulk (COPY on PostgreSQL) by
    `db.read_frame`; `dtypes` names its columns in order.

    In no particular order unless the queryset orders them itself: the models' default
    orderings (a score's by round, then player id) join the rounds table and sort every
    row, which costs several times the read itself on a round of many players."""
    if not rows.query.order_by:
        rows = rows.order_by()
    sql, params = rows.query.sql_with_params()
    return db.read_frame(sql, params, dtypes)


def as_int(field: str) -> Cast:
    """A boolean column as 0/1, which `read_rows` reads as numbers on every database."""
    return Cast(field, IntegerField())
