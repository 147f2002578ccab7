"""Reads of the racing app."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from backend.common.db import db_now
from backend.common.errors import NOT_FOUND, ApplicationError, get_or_404

from .models import Race, Runner

POLL_WINDOW = dt.timedelta(days=2)
"""How long after post time a featured race's result is still polled."""

_RACE_CODE = re.compile(r"^R(\d{1,2})C(\d{1,2})$", re.IGNORECASE)


def races_to_poll(*, now: dt.datetime) -> QuerySet[Race]:
    """Featured races past post time (by at most POLL_WINDOW) without a final result."""
    return (
        Race.objects.filter(featured=True, post_time__lte=now, post_time__gte=now - POLL_WINDOW)
        .exclude(status__in=[Race.Status.OFFICIAL, Race.Status.CANCELLED, Race.Status.REFUNDED])
        .select_related("meeting")
        .order_by("post_time", "pk")
    )


def race_find(*, ref: str, day: dt.date | None = None) -> Race:
    """The race named by its id ("42") or its code on a day ("R1C3" with `day`)."""
    ref = ref.strip()
    races = Race.objects.select_related("meeting")
    if ref.isdigit():
        race = races.filter(pk=int(ref)).first()
        if race is None:
            raise ApplicationError(
                _("No race has id %(id)s.") % {"id": ref}, code=NOT_FOUND, status_code=404
            )
        return race
    match = _RACE_CODE.match(ref)
    if match is None:
        raise ApplicationError(
            _("%(ref)s is neither a race id nor a code like R1C3.") % {"ref": repr(ref)},
            code="invalid_race",
        )
    if day is None:
        raise ApplicationError(
            _("A date is needed to find %(race)s.") % {"race": ref.upper()}, code="invalid_race"
        )
    meeting, number = int(match[1]), int(match[2])
    race = races.filter(meeting__date=day, meeting__number=meeting, number=number).first()
    if race is None:
        raise ApplicationError(
            _("No race %(race)s on %(day)s: import the day's card first.")
            % {"race": f"R{meeting}C{number}", "day": day},
            code=NOT_FOUND,
            status_code=404,
        )
    return race


# The game's rounds are read through the reverse relation the game's Round declares on Race
# (`Round.race`, related_name "game_rounds"), by name: racing imports nothing of the game.
_ROUNDS = "game_rounds"
_ROUNDS_TAKING_PICKS = ("draft", "open")  # game.Round.Status: picks until the lock


def race_open_round_lock(*, race: Race) -> dt.datetime | None:
    """The lock of a round played on the race that has not passed by the database clock
    (the earliest when several), or None: a draft or open round whose `locks_at` is still
    ahead, so picks may still be made or changed. None when no app plays rounds."""
    if not any(f.name == _ROUNDS for f in Race._meta.get_fields()):
        return None
    ahead = Race.objects.filter(
        **{
            "pk": race.pk,
            f"{_ROUNDS}__status__in": _ROUNDS_TAKING_PICKS,
            f"{_ROUNDS}__locks_at__gt": db_now(),
        }
    ).values_list(f"{_ROUNDS}__locks_at", flat=True)
    return min(ahead, default=None)


def race_get(*, race_id: int) -> Race | None:
    """The race with its meeting, or None."""
    return Race.objects.select_related("meeting").filter(pk=race_id).first()


def race_card_get(*, race_id: int) -> Race:
    """A race with its meeting, runners (by saddle number) and dividends, ready to show;
    404 `not_found` when there is none."""
    races = Race.objects.select_related("meeting").prefetch_related(
        Prefetch("runners", queryset=Runner.objects.order_by("number")), "dividends"
    )
    return get_or_404(races, _("No such race."), pk=race_id)


def races_chosen(races: QuerySet[Race], *, limit: int) -> list[Race]:
    """At most `limit` of the races an operator selected, with their meetings."""
    return list(races.select_related("meeting")[:limit])


def silks_path(runner: Runner) -> str | None:
    """Where a page finds the runner's silks, or None when the feed gave none. The address
    carries a version of the feed's, so a browser's long-cached copy follows a change."""
    if not runner.silks_url:
        return None
    version = hashlib.sha256(runner.silks_url.encode()).hexdigest()[:10]
    return f"{reverse('runner-silks', kwargs={'runner_id': runner.pk})}?v={version}"
