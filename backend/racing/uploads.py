"""Uploaded files previewed, then applied: the admin's import page and the operator
console share these, so both read a file, find its race and refuse bad input alike.

An `Upload` (backend/racing/forms.py) carries the files from the preview to the apply as
a signed token; `upload_plan` previews or applies it through the racing services, and
`upload_apply` does so inside an import run, logged like every import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.common.errors import ApplicationError
from importers import FeedError

from .feeds import card_parse, result_parse
from .forms import Upload
from .models import ImportRun, Race
from .services import (
    ImportRecorder,
    ImportSummary,
    card_apply,
    card_preview,
    import_run_record,
    result_import,
)

if TYPE_CHECKING:
    from backend.accounts.models import User


def upload_plan(
    upload: Upload,
    *,
    apply: bool,
    recorder: ImportRecorder | None = None,
    confirm_reinstatement: bool = False,
) -> tuple[ImportSummary, Race | None]:
    """Parse the upload and preview it, or apply it. FeedError / ApplicationError on bad input."""
    if upload.kind == ImportRun.Kind.CARD:
        parsed = card_parse(
            source=upload.source,
            raw=upload.main[1],
            name=upload.main[0],
            participants=upload.participants,
        )
        write = card_apply if apply else card_preview
        return write(cards=parsed.cards, runners=parsed.runners, day=upload.day), None
    result = result_parse(
        source=upload.source,
        participants=upload.main[1],
        participants_name=upload.main[0],
        rapports=upload.rapports[1] if upload.rapports else None,
        rapports_name=upload.rapports[0] if upload.rapports else None,
    )
    imported = result_import(
        parsed=result,
        name=upload.main[0],
        ref=upload.race or None,
        day=upload.day,
        preview=not apply,
        confirm_reinstatement=confirm_reinstatement,
        recorder=recorder,
        expected_state=upload.race_state if apply else None,
    )
    return imported.summary, imported.race


def upload_apply(
    upload: Upload, *, operator: User, confirm_reinstatement: bool = False
) -> tuple[ImportSummary, Race | None, ImportRun]:
    """Apply a previewed upload as one import run (failed runs are logged, then re-raised).

    Precondition: outside any transaction (see `import_run_record`).
    """
    with import_run_record(
        source=upload.source,
        kind=upload.kind,
        trigger=ImportRun.Trigger.ADMIN,
        file_name=upload.file_names,
        day=upload.day,
        operator=operator,
    ) as recorder:
        summary, race = upload_plan(
            upload, apply=True, recorder=recorder, confirm_reinstatement=confirm_reinstatement
        )
        recorder.summary, recorder.race = summary, race
    return summary, race, recorder.run


def error_message(exc: Exception) -> str:
    """What a refusal says (FeedError and ApplicationError name the file, race and field)."""
    return exc.message if isinstance(exc, ApplicationError) else str(exc)


REFUSALS = (FeedError, ApplicationError)
