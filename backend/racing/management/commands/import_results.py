"""python backend/manage.py import_results --race R1C3 --date 2025-11-05 [files]"""

from __future__ import annotations

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


class Command(BaseCommand):
    help = (
        "Import a race's result: its finishing order, non-runners, disqualifications, final "
        "odds and official win/place dividends. From PMU files (--participants and "
        "--rapports, the rapports-definitifs), from a Paddock CSV holding the race (--file), "
        "or, with neither, from the PMU feed at PADDOCK_PMU_BASE_URL. The race is its id or "
        "its code with --date (R1C3); a CSV names its own race. Nothing is written when the "
        "input is bad."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--race", help="The race id, or its code (R1C3) with --date.")
        parser.add_argument("--date", help="The race day, YYYY-MM-DD (with a race code).")
        parser.add_argument("--file", help="A Paddock CSV with the race's result.")
        parser.add_argument("--participants", help="PMU participants JSON of the race.")
        parser.add_argument(
            "--rapports", help="PMU rapports-definitifs JSON (absent: a provisional arrival)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = parse_day(options["date"])
        ref: str | None = options["race"]
        if options["file"] and (options["participants"] or options["rapports"]):
            raise CommandError("Give either --file (CSV) or --participants/--rapports (PMU).")
        if options["rapports"] and not options["participants"]:
            raise CommandError("--rapports needs --participants.")
        if options["file"]:
            self._from_files(ref, day, CSV, Path(options["file"]), None)
        elif options["participants"]:
            rapports = Path(options["rapports"]) if options["rapports"] else None
            self._from_files(ref, day, PMU, Path(options["participants"]), rapports)
        else:
            self._from_feed(ref, day)

    def _from_files(
        self, ref: str | None, day: Any, source: str, main: Path, rapports: Path | None
    ) -> None:
        if ref is None and source != CSV:
            raise CommandError("--race is needed with PMU files.")
        files = str(main) if rapports is None else f"{main} + {rapports}"
        try:
            with import_run_record(
                source=source,
                kind=ImportRun.Kind.RESULTS,
                trigger=ImportRun.Trigger.COMMAND,
                file_name=files,
                day=day,
            ) as recorder:
                parsed = result_parse(
                    source=source,
                    participants=read_file(main),
                    participants_name=str(main),
                    rapports=read_file(rapports) if rapports else None,
                    rapports_name=str(rapports) if rapports else None,
                )
                # A CSV names its own race: without --race, the file says which.
                imported = result_import(
                    parsed=parsed, name=str(main), ref=ref, day=day, recorder=recorder
                )
        except FeedError as exc:
            raise CommandError(f"Nothing imported. {exc}") from exc
        except ApplicationError as exc:
            raise CommandError(f"Nothing imported. {exc.message}") from exc
        summary = imported.summary
        self._report(imported.race, "stored" if summary.changed else "unchanged")
        self.stdout.write(summary.describe())

    def _from_feed(self, ref: str | None, day: Any) -> None:
        if ref is None:
            raise CommandError("--race is needed to fetch a result from the PMU feed.")
        try:
            race = race_find(ref=ref, day=day)
        except ApplicationError as exc:
            import_run_failed(
                source=PMU,
                kind=ImportRun.Kind.RESULTS,
                trigger=ImportRun.Trigger.COMMAND,
                error=exc.message,
                file_name=f"PMU feed, race {ref}",
                day=day,
            )
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
