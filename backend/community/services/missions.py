"""Missions: operators define and retire them; members complete them once per period.

Completing writes a `MissionCompletion` (unique per mission, member and period) and, in the
same transaction, the reputation event tied one-to-one to it: a second award of the same
completion, sequential or concurrent, meets the unique constraint and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.errors import ApplicationError
from backend.community.models import (
    Mission,
    MissionCompletion,
    mission_problems,
)
from backend.community.selectors.missions import Period, missions_progress

from .reputation import completion_credit

MISSION_FIELDS = ("slug", "kind", "period", "target", "points", "name_en", "name_fr")


def _check(fields: dict[str, Any]) -> None:
    problems = mission_problems(
        kind=fields["kind"],
        period=fields["period"],
        target=fields["target"],
        points=fields["points"],
        starts_on=fields["starts_on"],
        ends_on=fields.get("ends_on"),
    )
    if problems:
        raise ApplicationError(
            _("This mission could never be completed as defined."),
            code="invalid_mission",
            extra={"fields": {name: [text] for name, text in problems.items()}},
        )


@transaction.atomic
def mission_create(**fields: Any) -> Mission:
    """A new mission, refused (400 `invalid_mission`, nothing written) when it could never
    complete, or 409 `slug_taken` when the slug is in use."""
    fields.setdefault("starts_on", timezone.localdate())
    _check(fields)
    if Mission.objects.filter(slug=fields["slug"]).exists():
        raise ApplicationError(
            _("A mission %(slug)s exists already.") % {"slug": repr(fields["slug"])},
            code="slug_taken",
            status_code=409,
        )
    return Mission.objects.create(**fields)


@transaction.atomic
def mission_retire(*, mission: Mission) -> Mission:
    """Retire a mission: it leaves the members' lists; completions and points stay."""
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    if mission.retired_at is None:
        mission.retired_at = timezone.now()
        mission.save(update_fields=["retired_at"])
    return mission


def mission_award(*, mission: Mission, player_id: int, period: Period) -> MissionCompletion | None:
    """Record the completion and its points once; None when it was recorded already."""
    try:
        with transaction.atomic():
            completion = MissionCompletion.objects.create(
                mission=mission,
                player_id=player_id,
                period_start=period.start,
                points=mission.points,
            )
            completion_credit(completion=completion)
    except IntegrityError:
        return None
    return completion


def missions_award(*, player_id: int, today: dt.date | None = None) -> list[str]:
    """Award every mission in force the member has reached; returns the new slugs."""
    new = []
    for row in missions_progress(player_id=player_id, today=today):
        reached = row.done and row.completion is None
        if reached and mission_award(mission=row.mission, player_id=player_id, period=row.period):
            new.append(row.mission.slug)
    return new
