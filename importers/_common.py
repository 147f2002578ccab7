"""Helpers shared by the PMU and CSV parsers: typed field access, time, the outcome."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import overload

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


# Whitespace that is a control character (tab, line breaks, separators), with the spaces
# around it.
_BREAKS = re.compile(r"\s*[\t\n\r\x0b\x0c\x1c-\x1f\x85]\s*")


@overload
def stored_text(
    value: str, where: Where, field: str, *, limit: int, line: int | None = ...
) -> str: ...
@overload
def stored_text(
    value: str | None, where: Where, field: str, *, limit: int, line: int | None = ...
) -> str | None: ...
def stored_text(
    value: str | None, where: Where, field: str, *, limit: int, line: int | None = None
) -> str | None:
    """A text the backend stores, checked (None passes): a tab or a line break (a sheet's
    cell on two lines) reads as one space; any other control character (a NUL: a feed's
    corruption, which PostgreSQL's text cannot even hold) is refused, and so is a text
    over `limit` characters."""
    if value is None:
        return None
    value = _BREAKS.sub(" ", value)
    bad = next((c for c in value if unicodedata.category(c) == "Cc"), None)
    if bad is not None:
        raise where.error(
            f"{show(value)} holds a control character (U+{ord(bad):04X})", field=field, line=line
        )
    if len(value) > limit:
        raise where.error(
            f"{show(value)} is {len(value):,} characters long; at most {limit}",
            field=field,
            line=line,
        )
    return value


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


def race_ref(text: str | None) -> tuple[dt.date | None, int, int] | None:
    """(day, meeting, race) a file name or URL names (``…_R1_C1.json``,
    ``…/05112025/R1/C1/…``), the day None when it names none; None without a race."""
    if not text:
        return None
    match = _RACE_HINT.search(text)
    if match is None:
        return None
    day = None
    for digits in _DAY_HINT.findall(text[: match.start()]) or _DAY_HINT.findall(text):
        day = _day_from_digits(digits) or day
    return day, int(match.group(1)), int(match.group(2))


def race_hint(text: str | None) -> str | None:
    """The race a file name or URL names, as a label (``2025-11-05 R1C1``), if any."""
    ref = race_ref(text)
    return None if ref is None else race_label(*ref)


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


# --- dividends against the finish -----------------------------------------------------------

# The most places a PLACE pool pays (8 or more starters); a dead heat on the last one adds
# runners, not places (competition positions: 1, 2, 3, 3).
MOST_PLACES = 3


def places_paid(starters: int) -> int:
    """Places a PLACE pool pays (rules.md): 3 with 8 or more starters, 2 with 4 to 7, none
    below 4."""
    if starters >= 8:
        return 3
    if starters >= 4:
        return 2
    return 0


def ordinal(position: int) -> str:
    if 10 <= position % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(position % 10, "th")
    return f"{position}{suffix}"


def unpaid_dividends(
    *,
    finish: Mapping[int, int],
    coupled: Mapping[int, str],
    win: Iterable[int],
    place: Iterable[int],
    places: int = MOST_PLACES,
    starters: int | None = None,
) -> Iterator[tuple[str, int, str]]:
    """(kind, saddle number, why) for each dividend the finishing order does not pay.

    Only when the finish is known (`finish` not empty): a WIN dividend goes to a runner
    placed 1st (several in a dead heat), a PLACE dividend to a runner placed within the
    `places` paid (dead heats share a position, so two tied 3rd are both paid); a runner
    coupled (`coupled`: saddle number -> coupled-entry key) with a paid runner may be paid
    too. `starters`, when given, is named in the message about the places paid.
    """
    if not finish:
        return
    winners = sorted(n for n, p in finish.items() if p == 1)
    placed = sorted((p, n) for n, p in finish.items() if p <= places)
    paid_win = _with_entries(winners, coupled)
    paid_place = _with_entries([n for _, n in placed], coupled)

    def ran(number: int) -> str:
        position = finish.get(number)
        if position is None:
            return f"saddle number {number}, who has no finishing position"
        return f"saddle number {number}, who finished {ordinal(position)}"

    first = ", ".join(str(n) for n in winners) or "nobody"
    for number in sorted(set(win)):
        if number not in paid_win:
            yield (
                "win",
                number,
                (
                    f"win dividend on {ran(number)}, but the arrival has {first} first: "
                    "the dividends of another race?"
                ),
            )
    if places == 0:
        field = f" ({starters} starters)" if starters is not None else ""
        paid = f"no place is paid with fewer than 4 starters{field}"
    else:
        field = f" with {starters} starters" if starters is not None else ""
        shown = ", ".join(f"{n} {ordinal(p)}" for p, n in placed) or "none"
        paid = f"only the first {places} are paid{field} (placed: {shown})"
    for number in sorted(set(place)):
        if number not in paid_place:
            yield (
                "place",
                number,
                f"place dividend on {ran(number)}, but {paid}: the dividends of another race?",
            )


def _with_entries(numbers: Iterable[int], coupled: Mapping[int, str]) -> frozenset[int]:
    """The runners and every runner of their coupled entries."""
    found = set(numbers)
    keys = {coupled[n] for n in found if coupled.get(n)}
    return frozenset(found | {n for n, key in coupled.items() if key and key in keys})


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
    pay a phantom. So is, once the finish is known, a WIN dividend on a runner not placed
    1st or a PLACE dividend on a runner not placed within the places paid (coupled entries
    and dead heats allowed, see `unpaid_dividends`): rapports of another race.
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
    if not dividends.refunded:
        # The field's size is not known here (a participants list may be trimmed): the
        # most places ever paid; the backend checks again with the stored card's field.
        pools = {"win": checks[0][1], "place": checks[1][1]}
        coupled = {r.number: r.coupled for r in runners if r.coupled}
        for kind, _, why in unpaid_dividends(
            finish=finish, coupled=coupled, win=dividends.win, place=dividends.place
        ):
            raise where.error(why, field=pools[kind])
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
