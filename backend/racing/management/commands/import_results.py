"""python backend/manage.py import_results --race R1C3 --date 2025-11-05 [files] [--dry-run]"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.common.errors import ApplicationError
from backend.racing.feeds import CSV, PMU, pmu_http_source, read_file, result_parse
from backend.racing.models import ImportRun, Race
from backend.racing.selectors import race_find
from backend.racing.services import (
    FetchOutcome,
    import_run_failed,
    import_run_record,
    race_fetch_result,
    result_import,
)
from importers import FeedError

from ._common import parse_day

DRY_RUN_NOTE = "Dry run: nothing was written."


@dataclass(frozen=True)
class _Request:
    """The command's arguments, checked."""

    ref: str | None
    day: dt.date | None
    source: str
    main: Path | None
    rapports: Path | None
    dry_run: bool
    confirm: bool

    @property
    def file_name(self) -> str:
        if self.main is None:
            return f"PMU feed, race {self.ref}"
        return str(self.main) if self.rapports is None else f"{self.main} + {self.rapports}"


class Command(BaseCommand):
    help = (
        "Import a race's result: its finishing order, non-runners, disqualifications, final "
        "odds and official win/place dividends. From PMU files (--participants and "
        "--rapports, the rapports-definitifs), from a Paddock CSV holding the race (--file), "
        "or, with neither, from the PMU feed at PADDOCK_PMU_BASE_URL. The race is its id or "
        "its code with --date (R1C3); a CSV names its own race. Nothing is written when the "
        "input is bad, and every run (a refused one, a dry run) is kept in the import log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--race", help="The race id, or its code (R1C3) with --date.")
        parser.add_argument("--date", help="The race day, YYYY-MM-DD (with a race code).")
        parser.add_argument("--file", help="A Paddock CSV with the race's result.")
        parser.add_argument("--participants", help="PMU participants JSON of the race.")
        parser.add_argument(
            "--rapports", help="PMU rapports-definitifs JSON (absent: a provisional arrival)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change, write nothing."
        )
        parser.add_argument(
            "--confirm-reinstatement",
            action="store_true",
            help="Apply a result that lists a stored non-runner as a runner (refused without).",
        )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """A parser that logs its argument errors as failed runs before reporting them."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        report = parser.error

        def error(message: str) -> Any:
            _record_refusal(f"Bad arguments: {message}")
            return report(message)

        parser.error = error  # type: ignore[method-assign]
        return parser

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            request = _checked(options)
        except CommandError as exc:
            _record_refusal(f"Bad arguments: {exc}", file_name=_files_named(options))
            raise
        if request.main is not None:
            self._from_files(request)
        else:
            self._from_feed(request)

    def _from_files(self, request: _Request) -> None:
        assert request.main is not None
        main, rapports = request.main, request.rapports
        try:
            with import_run_record(
                source=request.source,
                kind=ImportRun.Kind.RESULTS,
                trigger=ImportRun.Trigger.COMMAND,
                file_name=request.file_name,
                day=request.day,
            ) as recorder:
                parsed = result_parse(
                    source=request.source,
                    participants=read_file(main),
                    participants_name=str(main),
                    rapports=read_file(rapports) if rapports else None,
                    rapports_name=str(rapports) if rapports else None,
                )
                # A CSV names its own race: without --race, the file says which.
                imported = result_import(
                    parsed=parsed,
                    name=str(main),
                    ref=request.ref,
                    day=request.day,
                    preview=request.dry_run,
                    confirm_reinstatement=request.confirm,
                    recorder=recorder,
                )
                recorder.dry_run = request.dry_run
                if request.dry_run:
                    imported.summary.notes.append(DRY_RUN_NOTE)
        except FeedError as exc:
            raise CommandError(f"Nothing imported. {exc}") from exc
        except ApplicationError as exc:
            raise CommandError(f"Nothing imported. {exc.message}") from exc
        summary = imported.summary
        if request.dry_run:
            outcome = "would change" if summary.changed else "would change nothing"
        else:
            outcome = "stored" if summary.changed else "unchanged"
        self._report(imported.race, outcome)
        self.stdout.write(summary.describe())

    def _from_feed(self, request: _Request) -> None:
        try:
            race = race_find(ref=request.ref or "", day=request.day)
        except ApplicationError as exc:
            _record_refusal(exc.message, file_name=request.file_name, day=request.day)
            raise CommandError(f"Nothing imported. {exc.message}") from exc
        try:
            with pmu_http_source() as feed:
                outcome = race_fetch_result(
                    race=race, source=feed, trigger=ImportRun.Trigger.COMMAND
                )
        except FeedError as exc:
            raise CommandError(f"Nothing imported. {exc}") from exc
        except ApplicationError as exc:
            raise CommandError(f"Nothing imported. {exc.message}") from exc
        self._report(race, outcome)

    def _report(self, race: Race, outcome: str) -> None:
        race.refresh_from_db()
        text = {
            FetchOutcome.STORED: "result stored",
            FetchOutcome.UNCHANGED: "result unchanged",
            FetchOutcome.NOT_PUBLISHED: "rapports not published yet",
        }.get(outcome, outcome)
        self.stdout.write(
            self.style.SUCCESS(
                f"{race.meeting.date} {race.code} {race.name}: {text} "
                f"({race.get_status_display()}, result version {race.result_version})."
            )
        )


def _checked(options: dict[str, Any]) -> _Request:
    """The arguments as a _Request; CommandError naming the first one that is wrong."""
    day = parse_day(options.get("date"))
    ref: str | None = options.get("race")
    csv_file, participants, rapports = (
        options.get("file"),
        options.get("participants"),
        options.get("rapports"),
    )
    if csv_file and (participants or rapports):
        raise CommandError("Give either --file (CSV) or --participants/--rapports (PMU).")
    if rapports and not participants:
        raise CommandError("--rapports needs --participants.")
    if participants and ref is None:
        raise CommandError("--race is needed with PMU files.")
    if not (csv_file or participants) and ref is None:
        raise CommandError("--race is needed to fetch a result from the PMU feed.")
    dry_run = bool(options.get("dry_run"))
    if dry_run and not (csv_file or participants):
        raise CommandError("--dry-run reads files: give --file or --participants.")
    main = csv_file or participants
    return _Request(
        ref=ref,
        day=day,
        source=CSV if csv_file else PMU,
        main=Path(main) if main else None,
        rapports=Path(rapports) if rapports else None,
        dry_run=dry_run,
        confirm=bool(options.get("confirm_reinstatement")),
    )


def _files_named(options: dict[str, Any]) -> str:
    named = [str(options[k]) for k in ("file", "participants", "rapports") if options.get(k)]
    return " + ".join(named) or (f"PMU feed, race {options['race']}" if options.get("race") else "")


def _record_refusal(error: str, *, file_name: str = "", day: dt.date | None = None) -> None:
    """A run refused before it could start, in the import log like every run."""
    import_run_failed(
        source=CSV if file_name.endswith(".csv") else PMU,
        kind=ImportRun.Kind.RESULTS,
        trigger=ImportRun.Trigger.COMMAND,
        error=error,
        file_name=file_name,
        day=day,
    )
