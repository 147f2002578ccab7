"""The console's imports: files previewed (with what a result would do to the game),
then applied from the preview's token. Everything goes through the racing upload services
the admin uses, and the game's settlement for the impact."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core import signing
from django.utils.translation import gettext as _

from backend.common.errors import ApplicationError
from backend.game.impact import RoundImpact, result_impact
from backend.racing.forms import Upload
from backend.racing.models import ImportRun, Race
from backend.racing.services import ImportSummary
from backend.racing.uploads import REFUSALS, error_message, upload_apply, upload_plan

if TYPE_CHECKING:
    from backend.accounts.models import User


@dataclass
class Preview:
    upload: Upload
    token: str
    summary: ImportSummary
    race: Race | None
    impact: list[RoundImpact] = field(default_factory=list)


@dataclass
class Applied:
    upload: Upload
    summary: ImportSummary
    race: Race | None
    run: ImportRun


def _refused(exc: Exception) -> ApplicationError:
    """A refusal of the files, as the API's 400 (the message names file, race and field);
    a conflict with the race's state keeps its 409 (a result before the lock, a preview
    another result outran) and an unknown race its 404."""
    if isinstance(exc, ApplicationError):
        code, status_code = exc.code, exc.status_code
    else:
        code, status_code = "invalid_file", 400
    return ApplicationError(
        _("Nothing imported. %(problem)s") % {"problem": error_message(exc)},
        code=code,
        status_code=status_code,
    )


def import_preview(upload: Upload) -> Preview:
    """What the files would change (nothing is written); for a result, also what it would
    do to every round on the race. 400 naming the file, race and field on bad input."""
    try:
        summary, race = upload_plan(upload, apply=False)
        impact: list[RoundImpact] = []
        if race is not None and upload.kind == ImportRun.Kind.RESULTS:
            impact = result_impact(
                race=race,
                apply=lambda: upload_plan(upload, apply=True, confirm_reinstatement=True),
            )
    except REFUSALS as exc:
        raise _refused(exc) from exc
    token = upload.sign(race)
    return Preview(upload=upload, token=token, summary=summary, race=race, impact=impact)


def import_apply(*, token: str, operator: User, confirm_reinstatement: bool) -> Applied:
    """Apply a previewed upload (its token, valid an hour, for the operator who previewed it)."""
    try:
        upload = Upload.unsign(token, user_id=int(operator.pk or 0))
    except signing.BadSignature as exc:
        raise ApplicationError(
            _("This preview has expired or was altered: upload the files again."),
            code="invalid_token",
        ) from exc
    try:
        summary, race, run = upload_apply(
            upload, operator=operator, confirm_reinstatement=confirm_reinstatement
        )
    except REFUSALS as exc:
        raise _refused(exc) from exc
    return Applied(upload=upload, summary=summary, race=race, run=run)
