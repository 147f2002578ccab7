"""From the operator's inputs (files, the PMU feed) to parsed cards and outcomes.

No database here: these functions only read bytes and call `importers`. They raise
`importers.FeedError` (naming the file, race, field and line) on anything unreadable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from importers import FeedError, MeetingCard, NotPublished, RaceOutcome, RunnerEntry, csv, pmu
from importers.sources import FileSource, HttpSource, Source

from .conf import racing_settings

PMU, CSV = "pmu", "csv"
SOURCES = (PMU, CSV)

_T = TypeVar("_T")
Progress = Callable[[Iterable[_T]], Iterable[_T]]

_RACE_IN_NAME = re.compile(r"(?<![A-Za-z0-9])R(\d{1,2})[_-]?C(\d{1,2})(?!\d)", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedCard:
    cards: list[MeetingCard]
    runners: dict[tuple[int, int], list[RunnerEntry]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedResult:
    outcome: RaceOutcome
    odds: dict[int, float]
    # The race the file itself names, if any: a CSV its date, meeting and race; PMU
    # participants the same through their silks' addresses, a PMU race object its meeting
    # and race only (`day` None). Never read from the file's name.
    day: dt.date | None = None
    code: str | None = None


# Asked of the live feed: the internet pools (E_SIMPLE_GAGNANT / E_SIMPLE_PLACE), the ones
# the file path prefers too (importers.pmu). Without them PMU may answer the shop pools only.
PMU_SPECIALISATION = "INTERNET"


def pmu_http_source() -> HttpSource:
    """The live PMU feed (`RacingSettings`: its address, read timeout and retries), asked for
    the internet pools."""
    conf = racing_settings()
    return HttpSource(
        conf.pmu_base_url,
        timeout=(3.05, conf.pmu_timeout),
        retries=conf.pmu_retries,
        specialisation=PMU_SPECIALISATION,
    )


def race_from_file_name(name: str) -> tuple[int, int] | None:
    """(meeting, race) from a file named like participants_R1_C3.json or R1C3.json."""
    match = _RACE_IN_NAME.search(Path(name).name)
    return (int(match[1]), int(match[2])) if match else None


def _identity(items: Iterable[_T]) -> Iterable[_T]:
    return items


# --- cards --------------------------------------------------------------------------------


def card_fetch(
    *, source: Source, day: dt.date, progress: Progress[tuple[int, int]] = _identity
) -> ParsedCard:
    """A day's PMU programme and then every race's participants, from `source`.

    From a folder, a race without its participants file is kept without runners (and
    noted); from the feed, a missing participants document is an error.
    """
    cards = pmu.parse_programme(source.programme(day), source=_name(source, day))
    runners: dict[tuple[int, int], list[RunnerEntry]] = {}
    missing: list[str] = []
    keys = [(m.number, r.number) for m in cards if m.date == day for r in m.races]
    for meeting, race in progress(keys):
        if (
            isinstance(source, FileSource)
            and not source.participants_path(day, meeting, race).is_file()
        ):
            missing.append(f"R{meeting}C{race}")
            continue
        try:
            raw = source.participants(day, meeting, race)
        except NotPublished:
            missing.append(f"R{meeting}C{race}")
            continue
        runners[(meeting, race)] = pmu.parse_participants(
            raw, source=_name(source, day, meeting, race)
        )
    notes = []
    if missing:
        shown = ", ".join(missing[:12]) + (", …" if len(missing) > 12 else "")
        notes.append(
            f"No participants for {len(missing)} race(s), their runners were not imported: " + shown
        )
    return ParsedCard(cards=[m for m in cards if m.date == day], runners=runners, notes=notes)


def _name(source: Source, day: dt.date, meeting: int | None = None, race: int | None = None) -> str:
    if isinstance(source, HttpSource):
        if meeting is None or race is None:
            return source.programme_url(day)
        return f"{source.race_url(day, meeting, race)}/participants"
    if isinstance(source, FileSource):
        if meeting is None or race is None:
            return str(source.programme_path(day))
        return str(source.participants_path(day, meeting, race))
    return f"{day}" if meeting is None else f"{day} R{meeting}C{race}"


def card_parse(
    *,
    source: str,
    raw: bytes,
    name: str,
    participants: Mapping[str, bytes] | None = None,
) -> ParsedCard:
    """A card from files: a PMU programme (with participants files, each named after its
    race, e.g. participants_R1_C3.json) or a Paddock CSV (which carries its runners)."""
    if source == CSV:
        if participants:
            raise FeedError("a CSV card carries its runners: give no participants files")
        return ParsedCard(cards=csv.parse_programme(raw, source=name))
    if source != PMU:
        raise FeedError(f"unknown source {source!r}; expected one of {', '.join(SOURCES)}")
    cards = pmu.parse_programme(raw, source=name)
    runners: dict[tuple[int, int], list[RunnerEntry]] = {}
    for file_name, content in (participants or {}).items():
        key = race_from_file_name(file_name)
        if key is None:
            raise FeedError(
                "cannot tell which race this participants file is for: name it after the "
                "race, e.g. participants_R1_C3.json",
                file=file_name,
            )
        if key in runners:
            raise FeedError(f"a second participants file for R{key[0]}C{key[1]}", file=file_name)
        runners[key] = pmu.parse_participants(content, source=file_name)
    return ParsedCard(cards=cards, runners=runners)


def card_read(
    *, source: str, path: Path, day: dt.date, progress: Progress[tuple[int, int]] = _identity
) -> ParsedCard:
    """A card from a path: a CSV file, a PMU programme file, or a FileSource folder."""
    if path.is_dir():
        if source != PMU:
            raise FeedError("a folder is only read as PMU files", file=str(path))
        return card_fetch(source=FileSource(path), day=day, progress=progress)
    return card_parse(source=source, raw=read_file(path), name=str(path))


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FeedError(f"cannot read the file ({exc.strerror or exc})", file=str(path)) from None


# --- results ------------------------------------------------------------------------------


def result_parse(
    *,
    source: str,
    participants: bytes,
    participants_name: str,
    rapports: bytes | None = None,
    rapports_name: str | None = None,
) -> ParsedResult:
    """A race's outcome and final odds.

    PMU: its participants and rapports-definitifs documents (rapports None: provisional).
    CSV: one Paddock CSV holding one race with positions and dividends (`participants`).
    The race the participants name themselves is kept (`ParsedResult.day` / `code`) for
    `result_import` to refuse a file of another race.
    """
    day: dt.date | None
    code: str | None
    if source == CSV:
        cards = csv.parse_programme(participants, source=participants_name)
        outcome = csv.parse_outcome(
            participants,
            rapports if rapports is not None else participants,
            source=participants_name,
            rapports_source=rapports_name,
        )
        entries = csv.parse_participants(participants, source=participants_name)
        meeting, race = cards[0], cards[0].races[0]
        day, code = meeting.date, f"R{meeting.number}C{race.number}"
    elif source == PMU:
        outcome = pmu.parse_outcome(
            participants, rapports, source=participants_name, rapports_source=rapports_name
        )
        entries = pmu.parse_participants(participants, source=participants_name)
        named = pmu.race_named(participants, source=participants_name)
        day, code = (None, None) if named is None else (named[0], f"R{named[1]}C{named[2]}")
    else:
        raise FeedError(f"unknown source {source!r}; expected one of {', '.join(SOURCES)}")
    odds = {e.number: e.odds for e in entries if e.odds is not None}
    return ParsedResult(outcome=outcome, odds=odds, day=day, code=code)
