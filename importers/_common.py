"""Helpers shared by the PMU and CSV parsers: typed field access, time, the outcome."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from importers.errors import FeedError
from importers.model import Dividends, RaceOutcome, RunnerEntry

# Upper bounds that keep values storable (PositiveSmallIntegerField / PositiveIntegerField).
MAX_SMALL = 32_767
MAX_CENTS = 2_147_483_647
_MAX_OFFSET_MS = 14 * 3_600_000  # real UTC offsets stay within ±14 h
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Where:
    """Where a parser is reading, to locate its errors."""

    file: str | None = None
    race: str | None = None

    def error(
        self, message: str, *, field: str | None = None, line: int | None = None
    ) -> FeedError:
        return FeedError(message, file=self.file, race=self.race, field=field, line=line)

    def at(self, race: str | None) -> Where:
        return Where(file=self.file, race=race)


def show(value: object) -> str:
    """A short printable form of a bad value for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# --- JSON -------------------------------------------------------------------------------


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def load_json(raw: bytes, where: Where) -> object:
    """Decode a JSON document (UTF-8/16/32, optional BOM); NaN and Infinity are refused."""
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise where.error(f"expected the raw bytes of a JSON document, got {type_name(raw)}")
    data = bytes(raw)
    if not data.strip():
        raise where.error("empty document, expected JSON")
    try:
        return json.loads(data, parse_constant=_reject_constant)
    except RecursionError:
        raise where.error("JSON nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise where.error(f"not valid JSON ({exc})") from None


def as_dict(value: object, where: Where, field: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise where.error(f"expected an object, got {type_name(value)}", field=field)
    return value


def as_list(value: object, where: Where, field: str) -> list[object]:
    if not isinstance(value, list):
        raise where.error(f"expected a list, got {type_name(value)}", field=field)
    return value


def int_value(
    value: object, where: Where, field: str, *, minimum: int | None = 0, maximum: int | None = None
) -> int:
    """An integer; an integral float (16.0, as some re-serialized files have) is accepted.

    `minimum` None means no lower bound (timestamps, time-zone offsets).
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise where.error(f"expected an integer, got {type_name(value)} {show(value)}", field=field)
    if isinstance(value, float):
        if not value.is_integer():
            raise where.error(f"expected an integer, got {show(value)}", field=field)
        value = int(value)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if maximum is None:
            bounds = f" of at least {minimum}"
        elif minimum is None:
            bounds = f" of at most {maximum}"
        else:
            bounds = f" between {minimum} and {maximum}"
        raise where.error(f"expected an integer{bounds}, got {value}", field=field)
    return value


def opt_int(
    obj: Mapping[str, object],
    key: str,
    where: Where,
    field: str,
    *,
    minimum: int | None = 0,
    maximum: int | None = None,
) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    return int_value(value, where, field, minimum=minimum, maximum=maximum)


def opt_str(obj: Mapping[str, object], key: str, where: Where, field: str) -> str | None:
    """A string, stripped; blank or absent is None."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise where.error(f"expected a string, got {type_name(value)} {show(value)}", field=field)
    value = value.strip()
    return value or None


def opt_bool(obj: Mapping[str, object], key: str, where: Where, field: str) -> bool | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise where.error(f"expected true or false, got {show(value)}", field=field)
    return value


def odds_value(value: object, where: Where, field: str) -> float:
    """Decimal odds: a finite number of at least 1 (evens is 2.0)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise where.error(
            f"expected decimal odds, got {type_name(value)} {show(value)}", field=field
        )
    odds = float(value)
    if not math.isfinite(odds) or odds < 1.0 or odds > 1_000_000:
        raise where.error(f"expected decimal odds of at least 1, got {show(value)}", field=field)
    return odds


# --- time and labels ---------------------------------------------------------------------


def offset_tz(offset_ms: int, where: Where, field: str) -> dt.timezone:
    if abs(offset_ms) > _MAX_OFFSET_MS:
        raise where.error(f"time-zone offset out of range: {offset_ms} ms", field=field)
    return dt.timezone(dt.timedelta(milliseconds=offset_ms))


def from_epoch_ms(epoch_ms: int, tz: dt.timezone, where: Where, field: str) -> dt.datetime:
    """An aware datetime in `tz` from epoch milliseconds (PMU's heureDepart, dateReunion)."""
    try:
        return (_EPOCH + dt.timedelta(milliseconds=epoch_ms)).astimezone(tz)
    except (OverflowError, ValueError):
        raise where.error(f"timestamp out of range: {epoch_ms}", field=field) from None


def race_label(day: dt.date | None, meeting: int | None, race: int | None) -> str | None:
    if meeting is None:
        return None
    code = f"R{meeting}" if race is None else f"R{meeting}C{race}"
    return code if day is None else f"{day.isoformat()} {code}"


_RACE_HINT = re.compile(r"(?<![A-Za-z0-9])R(\d{1,2})[_/-]?C(\d{1,2})(?!\d)")
_DAY_HINT = re.compile(r"(?<!\d)(\d{8})(?!\d)")


def _day_from_digits(digits: str) -> dt.date | None:
    for day, month, year in (
        (digits[:2], digits[2:4], digits[4:]),
        (digits[6:], digits[4:6], digits[:4]),
    ):
        if year[:2] in {"19", "20"}:
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                continue
    return None


def race_hint(text: str | None) -> str | None:
    """The race a file name or URL names (``…_R1_C1.json``, ``…/05112025/R1/C1/…``), if any."""
    if not text:
        return None
    match = _RACE_HINT.search(text)
    if match is None:
        return None
    day = None
    for digits in _DAY_HINT.findall(text[: match.start()]) or _DAY_HINT.findall(text):
        day = _day_from_digits(digits) or day
    return race_label(day, int(match.group(1)), int(match.group(2)))


# --- the outcome --------------------------------------------------------------------------


def competition_positions(
    groups: Iterable[Iterable[int]], where: Where, field: str
) -> dict[int, int]:
    """Positions from an arrival given as groups ([[4, 11], [2]] -> 4: 1, 11: 1, 2: 3)."""
    finish: dict[int, int] = {}
    position = 1
    for group in groups:
        members = list(group)
        for number in members:
            if number in finish:
                raise where.error(
                    f"saddle number {number} appears twice in the arrival", field=field
                )
            finish[number] = position
        position += len(members)
    return finish


def favourite(runners: Iterable[RunnerEntry]) -> int | None:
    """The starter with the lowest final odds, ties to the lower saddle number (rules §5)."""
    priced = [(r.odds, r.number) for r in runners if not r.non_runner and r.odds is not None]
    return min(priced)[1] if priced else None


def build_outcome(
    runners: list[RunnerEntry], dividends: Dividends, *, official: bool, where: Where
) -> RaceOutcome:
    """Check the dividends against the card and assemble the outcome.

    A dividend on a saddle number that is not on the card, on a non-runner or on a
    disqualified runner is a FeedError naming the race and the pool: settling on it would
    pay a phantom.
    """
    if not runners:
        raise where.error("no runners on the card", field="participants")
    numbers = frozenset(r.number for r in runners)
    non_runners = frozenset(r.number for r in runners if r.non_runner)
    disqualified = frozenset(r.number for r in runners if r.disqualified and not r.non_runner)
    finish = {
        r.number: r.position
        for r in runners
        if r.position is not None and not r.non_runner and not r.disqualified
    }
    checks = (
        ("win", dividends.win_pool or "win", dividends.win),
        ("place", dividends.place_pool or "place", dividends.place),
    )
    for kind, pool, table in checks:
        for number in sorted(table):
            if number not in numbers:
                card = ", ".join(str(n) for n in sorted(numbers))
                raise where.error(
                    f"{kind} dividend on saddle number {number}, which is not on the card "
                    f"(runners {card})",
                    field=pool,
                )
            if number in non_runners:
                raise where.error(
                    f"{kind} dividend on saddle number {number}, a non-runner", field=pool
                )
            if number in disqualified:
                raise where.error(
                    f"{kind} dividend on saddle number {number}, who was disqualified",
                    field=pool,
                )
    return RaceOutcome(
        official=official,
        runners=numbers,
        finish=finish,
        non_runners=non_runners,
        disqualified=disqualified,
        win_dividends=dict(sorted(dividends.win.items())),
        place_dividends=dict(sorted(dividends.place.items())),
        favourite=favourite(runners),
        refunded=dividends.refunded,
        win_pool=dividends.win_pool,
        place_pool=dividends.place_pool,
    )
