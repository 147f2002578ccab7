"""Small formatters for emails, in the active language (call under translation.override)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma, ordinal
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Points and euros read the same in emails as in Paddock's posts: one formatter for both.
from backend.common.formatting import euros, points

__all__ = [
    "Memo",
    "count",
    "distance",
    "euros",
    "local_time",
    "movement",
    "points",
    "rank",
    "zone",
]

_SUP = re.compile(r"</?sup>")


def count(value: int) -> str:
    return str(intcomma(value))


def rank(value: int | None) -> str:
    """3 -> "3rd" / "3e" as plain text. French has "er" for 1 alone (1er, 21e, 31e):
    humanize's French gives "31er" and wraps the suffix in <sup>, so French is done here."""
    if not value:
        return "—"
    language = get_language() or ""
    if language.startswith("fr"):
        return f"{value}er" if value == 1 else f"{value}e"
    return _ordinal(value, language)


@functools.lru_cache(maxsize=65536)
def _ordinal(value: int, language: str) -> str:
    """humanize's ordinal (ten translation lookups) once per rank and language."""
    return _SUP.sub("", str(ordinal(value)))


def movement(previous: int | None, now: int | None) -> str:
    """How a rank moved: "▲ 3" (up three places), "▼ 2", "=" or "" without a previous rank."""
    if previous is None or now is None:
        return ""
    change = previous - now
    if change > 0:
        return f"▲ {change}"
    if change < 0:
        return f"▼ {-change}"
    return "="


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Europe/Paris")


def local_time(moment: dt.datetime, time_zone: str) -> str:
    """A post time as the player reads it: "Sunday 8 March, 15:15 (CET)" in their zone."""
    local = moment.astimezone(zone(time_zone))
    return _("%(day)s, %(time)s (%(zone)s)") % {
        "day": date_format(local, "l j F"),
        "time": date_format(local, "H:i"),
        "zone": local.tzname() or time_zone,
    }


def distance(metres: int | None) -> str:
    return f"{count(metres)}\u00a0m" if metres else ""


class Memo:
    """points, rank and count for one chunk's emails, each value written once per language:
    a chunk's players share few scores and ranks, and number_format reads its settings
    each time. Made per chunk, so it never outlives a change of settings."""

    def __init__(self, language: str | None = None, written: dict[Any, str] | None = None) -> None:
        self.language = language
        self.written: dict[tuple[str, str | None, int | None], str] = (
            {} if written is None else written
        )

    def speaking(self, language: str) -> Memo:
        """This memo for values written while `language` is the active language, told
        rather than looked up for each value (a message writes a dozen)."""
        return Memo(language, self.written)

    def _get(self, kind: str, value: int | None, write: Callable[[Any], str]) -> str:
        key = (kind, self.language or get_language(), value)
        text = self.written.get(key)
        if text is None:
            text = self.written[key] = write(value)
        return text

    def points(self, cents: int) -> str:
        return self._get("points", cents, points)

    def rank(self, value: int | None) -> str:
        return self._get("rank", value, rank)

    def count(self, value: int) -> str:
        return self._get("count", value, count)
