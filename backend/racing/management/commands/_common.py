"""Shared by the racing import commands."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from typing import TypeVar

from django.core.management.base import CommandError
from tqdm import tqdm

_T = TypeVar("_T")


def parse_day(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CommandError(f"--date {value!r} is not a date as YYYY-MM-DD.") from None


def progress(items: Iterable[_T], *, desc: str) -> Iterable[_T]:
    """A progress bar on the operator's terminal (none when the output is not one)."""
    listed = list(items)
    return tqdm(listed, desc=desc, unit="race", file=sys.stderr, disable=None, leave=False)
