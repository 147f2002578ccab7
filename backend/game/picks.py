"""The steps of a pick's write: the one statement that writes it, and why a pick was not
written. `services.pick_submit` chains them; see its docstring for the guarantees."""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Now
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backend.common import db as bulk
from backend.common.errors import ApplicationError, not_found
from backend.racing.models import Runner

from .models import Pick, Round


def upsert_pick(
    *,
    player_id: int,
    round_id: int,
    selections: tuple[int, int, int | None],
    named: list[int],
    now: dt.datetime,
) -> tuple[Any, ...] | None:
    """The one statement that writes a pick (see `services.pick_submit`): (id, created_at,
    created) of the row written, or None when the round or the runners refused it."""
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(Pick._meta.db_table)} "  # noqa: S608 - identifiers from model metadata
        "(player_id, round_id, win, place, alternate, created_at, updated_at) "
        f"SELECT %s, r.id, %s, %s, %s, %s, %s FROM {qn(Round._meta.db_table)} r "
        f"WHERE r.id = %s AND r.status = %s AND r.locks_at > {bulk.db_now_sql()} "
        f"AND (SELECT COUNT(*) FROM {qn(Runner._meta.db_table)} u WHERE u.race_id = r.race_id "
        f"AND u.status = %s AND u.number IN ({', '.join(['%s'] * len(named))})) = %s "
        "ON CONFLICT (round_id, player_id) DO UPDATE SET win = EXCLUDED.win, "
        "place = EXCLUDED.place, alternate = EXCLUDED.alternate, updated_at = EXCLUDED.updated_at "
        "RETURNING id, created_at, created_at = updated_at"
    )
    params = [
        player_id,
        *selections,
        now,
        now,
        round_id,
        Round.Status.OPEN.value,
        Runner.Status.RUNNER.value,
        *named,
        len(named),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row: tuple[Any, ...] | None = cursor.fetchone()
    return row


def as_datetime(value: dt.datetime | str) -> dt.datetime:
    """A timestamp from a raw cursor: aware already (PostgreSQL) or UTC text (SQLite)."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


def refuse_pick(*, round_id: int, named: list[int]) -> NoReturn:
    """Why the pick was not written, as an ApplicationError (always raises)."""
    rnd = (
        Round.objects.filter(pk=round_id)
        .exclude(status=Round.Status.DRAFT)
        .annotate(passed=ExpressionWrapper(Q(locks_at__lte=Now()), output_field=BooleanField()))
        .first()
    )
    if rnd is None:
        raise not_found(_("No such round."))
    if rnd.status != Round.Status.OPEN or rnd.passed:
        locked = (
            _("Picks for this round are locked: the round is void.")
            if rnd.status == Round.Status.VOID
            else _("Picks for this round are locked: its post time has passed.")
        )
        raise ApplicationError(locked, code="round_locked", status_code=409)
    runners = dict(Runner.objects.filter(race_id=rnd.race_id).values_list("number", "status"))
    unknown = [n for n in named if n not in runners]
    if unknown:
        # English says "No runner 7, 9" for one number or several; French agrees in number.
        message = ngettext(
            "No runner %(numbers)s in this race.",
            "No runner %(numbers)s in this race.",
            len(unknown),
        )
        raise ApplicationError(
            message % {"numbers": ", ".join(map(str, unknown))}, code="unknown_runner"
        )
    withdrawn = [n for n in named if runners[n] == Runner.Status.NON_RUNNER]
    if withdrawn:
        message = ngettext(
            "Runner %(numbers)s is a non-runner.",
            "Runner %(numbers)s is a non-runner.",
            len(withdrawn),
        )
        raise ApplicationError(
            message % {"numbers": ", ".join(map(str, withdrawn))}, code="non_runner"
        )
    raise ApplicationError(
        _("The pick was not accepted; try again."), code="pick_refused", status_code=409
    )
