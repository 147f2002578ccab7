"""Fetching a race's result from the PMU feed (the poller, the admin's "fetch now", the
`import_results` command without files)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.racing.feeds import PMU, ParsedResult, result_parse
from backend.racing.models import ImportRun, Race
from importers import NotPublished
from importers.sources import FileSource, HttpSource, Source

from .results import result_import
from .runs import import_run_record
from .summary import FINAL_STATUSES, ImportSummary

if TYPE_CHECKING:
    from backend.accounts.models import User


class FetchOutcome:
    STORED = "stored"
    UNCHANGED = "unchanged"
    NOT_PUBLISHED = "not_published"


def race_fetch_result(
    *,
    race: Race,
    source: Source,
    trigger: str = ImportRun.Trigger.TASK,
    operator: User | None = None,
) -> str:
    """Fetch a race's participants and rapports-definitifs from a PMU source and store them.

    Returns a FetchOutcome value. Rapports not published yet: a provisional arrival is
    stored when the participants already show one (nothing is signalled), and the caller
    tries again later. Network and feed errors raise `importers.FeedError`, invalid results
    ApplicationError; both are recorded as a failed ImportRun. Polling (trigger task) keeps
    no ImportRun for a fetch that changed nothing. Precondition: outside any transaction.
    """
    address = _address(source, race)
    with import_run_record(
        source=ImportRun.Source.PMU,
        kind=ImportRun.Kind.RESULTS,
        trigger=trigger,
        file_name=address,
        day=race.meeting.date,
        race=race,
        operator=operator,
    ) as recorder:
        recorder.skip_if_unchanged = trigger == ImportRun.Trigger.TASK
        parsed = _fetch(source, race, address=address)
        outcome = parsed.outcome
        if not outcome.official and (not outcome.finish or race.status in FINAL_STATUSES):
            recorder.summary = ImportSummary(notes=["Rapports not published yet."])
            return FetchOutcome.NOT_PUBLISHED
        summary = result_import(parsed=parsed, name=address, race=race, recorder=recorder).summary
        if not outcome.official:
            summary.notes.append("Provisional arrival: rapports not published yet.")
            return FetchOutcome.NOT_PUBLISHED
        return FetchOutcome.STORED if summary.changed else FetchOutcome.UNCHANGED


def _address(source: Source, race: Race) -> str:
    """Where the race's documents are read from, for the ImportRun and error messages."""
    day, meeting, number = race.meeting.date, race.meeting.number, race.number
    if isinstance(source, HttpSource):
        return source.race_url(day, meeting, number)
    if isinstance(source, FileSource):
        return str(source.participants_path(day, meeting, number))
    return f"{day} R{meeting}C{number}"


def _fetch(source: Source, race: Race, *, address: str) -> ParsedResult:
    """The race's participants and, once published, its rapports-definitifs, parsed."""
    day, meeting, number = race.meeting.date, race.meeting.number, race.number
    participants = source.participants(day, meeting, number)
    try:
        rapports: bytes | None = source.rapports(day, meeting, number)
    except NotPublished:
        rapports = None
    return result_parse(
        source=PMU,
        participants=participants,
        participants_name=f"{address} participants",
        rapports=rapports,
        rapports_name=f"{address} rapports-definitifs",
    )
