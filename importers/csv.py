"""Parsers for Paddock's own race-card CSV (see CSV_FORMAT.md), same shapes as importers.pmu.

One header row, one runner a row, UTF-8, comma-separated. Race-level columns repeat on every
row of a race (they may be left blank after the race's first row). The same file carries
the card before the race and, filled in later, the result: positions, odds, dividends.
"""

from __future__ import annotations

import csv as _csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import TypeVar

from importers import model
from importers._common import (
    MAX_CENTS,
    MAX_SMALL,
    Where,
    build_outcome,
    race_label,
    show,
    stored_text,
)
from importers.errors import FeedError
from importers.model import Dividends, MeetingCard, RaceCard, RaceOutcome, RunnerEntry

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "parse_dividends",
    "parse_outcome",
    "parse_participants",
    "parse_programme",
    "template_bytes",
]

COLUMNS = (
    "date",
    "meeting",
    "racecourse",
    "country",
    "race",
    "race_name",
    "post_time",
    "distance",
    "discipline",
    "race_status",
    "number",
    "horse",
    "jockey",
    "trainer",
    "coupled",
    "non_runner",
    "odds",
    "position",
    "disqualified",
    "win_dividend",
    "place_dividend",
)
REQUIRED_COLUMNS = (
    "date",
    "meeting",
    "racecourse",
    "race",
    "race_name",
    "post_time",
    "number",
    "horse",
)
# The text columns stored as they are, with their longest value; any other cell is parsed.
_TEXT_LIMITS = {
    "racecourse": model.RACECOURSE_MAX,
    "country": model.COUNTRY_MAX,
    "race_name": model.RACE_NAME_MAX,
    "discipline": model.DISCIPLINE_MAX,
    "horse": model.PERSON_MAX,
    "jockey": model.PERSON_MAX,
    "trainer": model.PERSON_MAX,
    "coupled": model.COUPLED_MAX,
}
_MEETING_COLUMNS = ("racecourse", "country")
_RACE_COLUMNS = ("race_name", "post_time", "distance", "discipline", "race_status")
_TRUE = frozenset({"1", "yes", "y", "true", "oui", "x"})
_FALSE = frozenset({"", "0", "no", "n", "false", "non"})
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT = re.compile(r"[0-9]{1,9}")
_DIGITS = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[0-9]{1,7}(?:[.,][0-9]{1,4})?")
_VOID = (model.REFUNDED, model.CANCELLED)
_SETTLED = (model.OFFICIAL, model.REFUNDED, model.CANCELLED)
_T = TypeVar("_T")


def template_bytes() -> bytes:
    """The downloadable template: the header and a worked example race."""
    return (resources.files("importers") / "templates" / "race_card_template.csv").read_bytes()


@dataclass
class _Race:
    day: dt.date
    meeting: int
    number: int
    line: int
    cells: dict[str, str]
    values: dict[str, object]
    runners: dict[int, RunnerEntry] = field(default_factory=dict)
    win: dict[int, int] = field(default_factory=dict)
    place: dict[int, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return race_label(self.day, self.meeting, self.number) or ""

    @property
    def status(self) -> str:
        status = self.values["race_status"]
        return status if isinstance(status, str) else model.SCHEDULED


@dataclass
class _Row:
    line: int
    cells: dict[str, str]


# --- public parsers -----------------------------------------------------------------------


def parse_programme(raw: bytes, *, source: str | None = None) -> list[MeetingCard]:
    """Every meeting and race of the file; each RaceCard carries its runners."""
    races = _read(raw, Where(file=source))
    meetings: dict[tuple[dt.date, int], list[_Race]] = {}
    for race in races:
        meetings.setdefault((race.day, race.meeting), []).append(race)
    cards = []
    for (day, number), members in sorted(meetings.items()):
        first = members[0]
        cards.append(
            MeetingCard(
                date=day,
                number=number,
                racecourse=str(first.values["racecourse"]),
                country=_opt(first.values["country"], str),
                races=[_card(race) for race in sorted(members, key=lambda r: r.number)],
            )
        )
    return cards


def parse_participants(raw: bytes, *, source: str | None = None) -> list[RunnerEntry]:
    """The runners of the file's one race, by saddle number."""
    race = _single(raw, Where(file=source))
    return [race.runners[n] for n in sorted(race.runners)]


def parse_dividends(raw: bytes, *, source: str | None = None) -> Dividends:
    """The win_dividend / place_dividend cells of the file's one race.

    `refunded` is True when race_status is refunded or cancelled (both void the round).
    """
    race = _single(raw, Where(file=source))
    return _dividends(race)


def parse_outcome(
    participants: bytes,
    rapports: bytes | None,
    *,
    source: str | None = None,
    rapports_source: str | None = None,
) -> RaceOutcome:
    """The result of one race: runners from `participants`, dividends from `rapports`.

    Both may be the same file. The two files must be about the same race. `official` is
    True when either says race_status official, refunded or cancelled; without dividends
    an official outcome is settled in fixed-points mode.
    """
    card = _single(participants, Where(file=source))
    statuses = [card.status]
    dividends = Dividends(win={}, place={}, refunded=False)
    where = Where(file=source, race=card.label)
    if rapports is not None:
        results_where = Where(file=rapports_source or source)
        results = _single(rapports, results_where)
        if (results.day, results.meeting, results.number) != (card.day, card.meeting, card.number):
            raise results_where.error(
                f"the results are for {results.label}, the card for {card.label}",
                field="race",
                line=results.line,
            )
        statuses.append(results.status)
        dividends = _dividends(results)
        where = Where(file=rapports_source or source, race=card.label)
    refunded = any(s in _VOID for s in statuses)
    dividends = Dividends(
        win=dividends.win,
        place=dividends.place,
        refunded=refunded,
        win_pool=dividends.win_pool,
        place_pool=dividends.place_pool,
    )
    official = any(s in _SETTLED for s in statuses)
    return build_outcome(
        [card.runners[n] for n in sorted(card.runners)], dividends, official=official, where=where
    )


# --- reading ------------------------------------------------------------------------------


def _single(raw: bytes, where: Where) -> _Race:
    races = _read(raw, where)
    if not races:
        raise where.error("no runner rows under the header", line=2)
    if len(races) > 1:
        second = races[1]
        raise where.at(second.label).error(
            f"the file holds several races ({', '.join(r.label for r in races)}); "
            "this import takes one race a file",
            field="race",
            line=second.line,
        )
    return races[0]


def _dividends(race: _Race) -> Dividends:
    return Dividends(
        win=dict(sorted(race.win.items())),
        place=dict(sorted(race.place.items())),
        refunded=race.status in _VOID,
        win_pool="win_dividend",
        place_pool="place_dividend",
    )


def _rows(raw: bytes, where: Where) -> tuple[list[str], list[_Row]]:
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise where.error("expected the raw bytes of a CSV file")
    try:
        text = bytes(raw).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise where.error(
            f"not UTF-8 text (byte {exc.start}); save the sheet as 'CSV UTF-8'", line=None
        ) from None
    reader = _csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[_Row] = []
    header: list[str] | None = None
    previous = 0
    try:
        for record in reader:
            start, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = _header(record, where, start)
                continue
            if len(record) != len(header):
                raise where.error(f"{len(record)} cells, the header has {len(header)}", line=start)
            cells = {h: c.strip() for h, c in zip(header, record, strict=True)}
            for name, limit in _TEXT_LIMITS.items():
                if name in cells:
                    cells[name] = stored_text(cells[name], where, name, limit=limit, line=start)
            rows.append(_Row(start, cells))
    except _csv.Error as exc:
        raise where.error(f"unreadable CSV ({exc})", line=reader.line_num) from None
    if header is None:
        raise where.error("empty file: expected a header row", line=1)
    return header, rows


def _header(record: list[str], where: Where, line: int) -> list[str]:
    names = [cell.strip().lower() for cell in record]
    if len(names) == 1 and (";" in names[0] or "\t" in names[0]):
        raise where.error("the file is not comma-separated (found ';' or tabs)", line=line)
    seen: set[str] = set()
    for name in names:
        if name not in COLUMNS:
            raise where.error(
                f"unknown column {show(name)}; expected columns: {', '.join(COLUMNS)}",
                field=name,
                line=line,
            )
        if name in seen:
            raise where.error(f"column {name} appears twice", field=name, line=line)
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            raise where.error(f"missing column {name}", field=name, line=line)
    return names


def _read(raw: bytes, where: Where) -> list[_Race]:
    _, rows = _rows(raw, where)
    races: dict[tuple[dt.date, int, int], _Race] = {}
    meetings: dict[tuple[dt.date, int], _Race] = {}
    for row in rows:
        cells = {name: row.cells.get(name, "") for name in COLUMNS}
        day = _date(cells["date"], where, "date", row.line)
        meeting = _number(cells["meeting"], where, "meeting", row.line, prefix="R")
        number = _number(cells["race"], where, "race", row.line, prefix="C")
        here = where.at(race_label(day, meeting, number))
        race = races.get((day, meeting, number))
        if race is None:
            known = meetings.get((day, meeting))
            values = _race_values(cells, here, row.line, meeting=known)
            race = _Race(day, meeting, number, row.line, cells, values)
            races[(day, meeting, number)] = race
            meetings.setdefault((day, meeting), race)
        else:
            _check_same(race, cells, _MEETING_COLUMNS + _RACE_COLUMNS, here, row.line)
        runner, win, place = _runner(cells, here, row.line)
        if runner.number in race.runners:
            raise here.error(
                f"saddle number {runner.number} appears twice in the race",
                field="number",
                line=row.line,
            )
        race.runners[runner.number] = runner
        if win is not None:
            race.win[runner.number] = win
        if place is not None:
            race.place[runner.number] = place
    return sorted(races.values(), key=lambda r: (r.day, r.meeting, r.number))


def _race_values(
    cells: dict[str, str], where: Where, line: int, *, meeting: _Race | None
) -> dict[str, object]:
    """The race-level values of a race's first row (meeting-level ones may be inherited)."""
    values: dict[str, object] = {}
    if meeting is None:
        for name in _MEETING_COLUMNS:
            values[name] = _value(name, cells[name], where, line)
    else:
        _check_same(meeting, cells, _MEETING_COLUMNS, where, line)
        for name in _MEETING_COLUMNS:
            values[name] = meeting.values[name]
    for name in _RACE_COLUMNS:
        values[name] = _value(name, cells[name], where, line)
    for name in ("racecourse", "race_name", "post_time"):
        if values[name] is None:
            raise where.error(f"{name} is empty on the race's first row", field=name, line=line)
    return values


def _value(name: str, cell: str, where: Where, line: int) -> object:
    """One race-level cell, parsed; blank is None (race_status: scheduled)."""
    if name == "race_status":
        status = cell.lower() or model.SCHEDULED
        if status not in model.RACE_STATUSES:
            raise where.error(
                f"unknown race_status {show(cell)}; "
                f"expected one of {', '.join(model.RACE_STATUSES)}",
                field=name,
                line=line,
            )
        return status
    if not cell:
        return None
    if name == "post_time":
        return _post_time(cell, where, line)
    if name == "distance":
        return _int(cell, where, name, line, minimum=1, maximum=2**31 - 1)
    return cell


def _check_same(
    first: _Race, cells: dict[str, str], names: tuple[str, ...], where: Where, line: int
) -> None:
    """Race- and meeting-level cells may be blank after the first row; filled, they must agree."""
    for name in names:
        cell = cells[name]
        if cell and _value(name, cell, where, line) != first.values[name]:
            before = first.cells[name] or first.values[name]
            raise where.error(
                f"{name} {show(cell)} differs from {show(before)} on line {first.line}",
                field=name,
                line=line,
            )


def _runner(
    cells: dict[str, str], where: Where, line: int
) -> tuple[RunnerEntry, int | None, int | None]:
    number = _int(cells["number"], where, "number", line, minimum=1, maximum=MAX_SMALL)
    if not cells["horse"]:
        raise where.error("horse is empty", field="horse", line=line)
    non_runner = _flag(cells["non_runner"], where, "non_runner", line)
    disqualified = _flag(cells["disqualified"], where, "disqualified", line)
    position = (
        _int(cells["position"], where, "position", line, minimum=1, maximum=MAX_SMALL)
        if cells["position"]
        else None
    )
    if position is not None and (non_runner or disqualified):
        raise where.error(
            "a non-runner or a disqualified runner cannot have a position",
            field="position",
            line=line,
        )
    if non_runner and disqualified:
        raise where.error("a non-runner cannot be disqualified", field="disqualified", line=line)
    win = _dividend(cells["win_dividend"], where, "win_dividend", line)
    place = _dividend(cells["place_dividend"], where, "place_dividend", line)
    if (non_runner or disqualified) and (win is not None or place is not None):
        raise where.error(
            "a non-runner or a disqualified runner cannot have a dividend",
            field="win_dividend" if win is not None else "place_dividend",
            line=line,
        )
    runner = RunnerEntry(
        number=number,
        name=cells["horse"],
        jockey=cells["jockey"] or None,
        trainer=cells["trainer"] or None,
        non_runner=non_runner,
        odds=_odds(cells["odds"], where, line),
        position=position,
        disqualified=disqualified,
        coupled=cells["coupled"] or None,
    )
    return runner, win, place


# --- cells --------------------------------------------------------------------------------


def _date(cell: str, where: Where, name: str, line: int) -> dt.date:
    if _DATE.fullmatch(cell):
        try:
            return dt.date.fromisoformat(cell)
        except ValueError:
            pass
    raise where.error(f"expected a date as YYYY-MM-DD, got {show(cell)}", field=name, line=line)


def _post_time(cell: str, where: Where, line: int) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(cell)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None or value.utcoffset() is None:
        raise where.error(
            "expected an ISO 8601 time with its offset (2026-11-29T15:15:00+01:00), "
            f"got {show(cell)}",
            field="post_time",
            line=line,
        )
    return value


def _int(cell: str, where: Where, name: str, line: int, *, minimum: int, maximum: int) -> int:
    if _INT.fullmatch(cell):
        value = int(cell)
        if minimum <= value <= maximum:
            return value
    raise where.error(
        f"expected a whole number between {minimum} and {maximum}, got {show(cell)}",
        field=name,
        line=line,
    )


def _number(cell: str, where: Where, name: str, line: int, *, prefix: str) -> int:
    """An R or C number: 3, or R3 / C3."""
    if cell[:1].upper() == prefix:
        cell = cell[1:]
    return _int(cell, where, name, line, minimum=1, maximum=MAX_SMALL)


def _flag(cell: str, where: Where, name: str, line: int) -> bool:
    word = cell.lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise where.error(f"expected 1/0 or yes/no, got {show(cell)}", field=name, line=line)


def _odds(cell: str, where: Where, line: int) -> float | None:
    if not cell:
        return None
    if _DECIMAL.fullmatch(cell):
        value = float(cell.replace(",", "."))
        if value >= 1.0:
            return value
    raise where.error(
        f"expected decimal odds of at least 1 (5.9), got {show(cell)}", field="odds", line=line
    )


def _dividend(cell: str, where: Where, name: str, line: int) -> int | None:
    if not cell:
        return None
    if _DIGITS.fullmatch(cell):
        value = int(cell) if len(cell) <= 12 else MAX_CENTS + 1
        if 1 <= value <= MAX_CENTS:
            return value
    hint = ""
    if _DECIMAL.fullmatch(cell):
        hint = " (amounts are cents per 1 €: 5.90 € is 590)"
    raise where.error(
        f"expected a whole number of cents, got {show(cell)}{hint}", field=name, line=line
    )


def _opt(value: object, kind: type[_T]) -> _T | None:
    return value if isinstance(value, kind) else None


def _card(race: _Race) -> RaceCard:
    runners = [race.runners[n] for n in sorted(race.runners)]
    by_position: dict[int, list[int]] = {}
    for runner in runners:
        if runner.position is not None:
            by_position.setdefault(runner.position, []).append(runner.number)
    post_time = race.values["post_time"]
    if not isinstance(post_time, dt.datetime):  # pragma: no cover - set by _race_values
        raise FeedError("post time lost", race=race.label)
    distance = race.values["distance"]
    return RaceCard(
        number=race.number,
        name=str(race.values["race_name"]),
        post_time=post_time,
        distance=distance if isinstance(distance, int) else None,
        discipline=_opt(race.values["discipline"], str),
        status=race.status,
        declared_runners=len(runners),
        runners=runners,
        arrival=[by_position[p] for p in sorted(by_position)],
        non_runners=frozenset(r.number for r in runners if r.non_runner),
        disqualified=frozenset(r.number for r in runners if r.disqualified),
        source_status=race.cells["race_status"] or None,
    )
