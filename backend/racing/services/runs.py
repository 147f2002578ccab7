"""Import runs: every import, successful or failed, logged as an ImportRun."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from backend.racing.models import ImportRun, Race

from .summary import ImportSummary

if TYPE_CHECKING:
    from backend.accounts.models import User


@dataclass
class ImportRecorder:
    """Handed to the body of `import_run_record`: set what the import did."""

    run: ImportRun
    summary: ImportSummary | None = None
    race: Race | None = None
    skip_if_unchanged: bool = False
    # A preview run: logged as a dry run, whatever its summary says would change.
    dry_run: bool = False


@contextmanager
def import_run_record(
    *,
    source: str,
    kind: str,
    trigger: str,
    file_name: str = "",
    day: dt.date | None = None,
    race: Race | None = None,
    operator: User | None = None,
) -> Iterator[ImportRecorder]:
    """Log one import as an ImportRun, successful or failed.

    Precondition: called outside any transaction, with the import's own transaction inside
    the block: a failure is then recorded (status failed, the error's message) while the
    import's writes are rolled back, and the exception is re-raised for the caller.
    """
    run = ImportRun.objects.create(
        source=source,
        kind=kind,
        trigger=trigger,
        file_name=file_name[:500],
        day=day,
        race=race,
        operator=operator,
    )
    recorder = ImportRecorder(run=run)
    try:
        yield recorder
    except Exception as exc:
        run.status = ImportRun.Status.FAILED
        run.error = str(exc) or exc.__class__.__name__
        run.race = recorder.race or race
        run.finished_at = timezone.now()
        run.save()
        raise
    summary = recorder.summary
    if recorder.skip_if_unchanged and (summary is None or not summary.changed):
        run.delete()
        return
    run.status = ImportRun.Status.DRY_RUN if recorder.dry_run else ImportRun.Status.OK
    run.race = recorder.race or race
    run.finished_at = timezone.now()
    if summary is not None:
        run.created, run.updated, run.unchanged, run.removed = (
            summary.created,
            summary.updated,
            summary.unchanged,
            summary.removed,
        )
        run.summary = summary.describe()
    run.save()


def import_run_failed(
    *,
    source: str,
    kind: str,
    trigger: str,
    error: str,
    file_name: str = "",
    day: dt.date | None = None,
    operator: User | None = None,
) -> ImportRun:
    """Log an import that failed before it could start (no such race, unreadable request)."""
    return ImportRun.objects.create(
        source=source,
        kind=kind,
        trigger=trigger,
        file_name=file_name[:500],
        day=day,
        operator=operator,
        status=ImportRun.Status.FAILED,
        error=error,
        finished_at=timezone.now(),
    )
