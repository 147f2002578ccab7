"""python backend/manage.py import_card --date 2025-11-05 [--source pmu|csv] [--file PATH]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.common.errors import ApplicationError
from backend.racing.feeds import (
    CSV,
    PMU,
    SOURCES,
    ParsedCard,
    card_fetch,
    card_read,
    pmu_http_source,
)
from backend.racing.models import ImportRun
from backend.racing.services import ImportSummary, card_apply, card_preview, import_run_record
from importers import FeedError

from ._common import parse_day, progress


class Command(BaseCommand):
    help = (
        "Import a day's race card (meetings, races, runners). Without --file, fetches the PMU "
        "programme and every race's participants from PADDOCK_PMU_BASE_URL. --file takes a "
        "PMU programme JSON (races only, no runners), a folder of PMU files "
        "(programme_DDMMYYYY.json, participants_DDMMYYYY_R1_C1.json, …) or, with --source "
        "csv, a Paddock CSV card. Re-importing changes only what changed; nothing is written "
        "when the input is bad."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", required=True, help="The day of the card, YYYY-MM-DD.")
        parser.add_argument("--source", choices=SOURCES, default=PMU)
        parser.add_argument("--file", help="A file or (PMU) a folder; default: the live feed.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change, write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = parse_day(options["date"])
        assert day is not None  # --date is required
        source: str = options["source"]
        path = Path(options["file"]) if options["file"] else None
        if source == CSV and path is None:
            raise CommandError("--source csv needs --file (the CSV card).")

        def load() -> ParsedCard:
            if path is not None:
                return card_read(
                    source=source, path=path, day=day, progress=lambda k: progress(k, desc="races")
                )
            with pmu_http_source() as feed:
                return card_fetch(
                    source=feed, day=day, progress=lambda k: progress(k, desc="participants")
                )

        summary: ImportSummary
        try:
            if options["dry_run"]:
                parsed = load()
                summary = card_preview(cards=parsed.cards, runners=parsed.runners, day=day)
                summary.notes.extend(parsed.notes)
            else:
                with import_run_record(
                    source=source,
                    kind=ImportRun.Kind.CARD,
                    trigger=ImportRun.Trigger.COMMAND,
                    file_name=str(path) if path else f"PMU feed, programme {day}",
                    day=day,
                ) as recorder:
                    parsed = load()
                    summary = card_apply(cards=parsed.cards, runners=parsed.runners, day=day)
                    summary.notes.extend(parsed.notes)
                    recorder.summary = summary
        except FeedError as exc:
            raise CommandError(f"Nothing imported. {exc}") from exc
        except ApplicationError as exc:
            raise CommandError(f"Nothing imported. {exc.message}") from exc
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} the card of {day}:"))
        self.stdout.write(summary.describe())
