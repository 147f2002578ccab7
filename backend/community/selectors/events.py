"""Community events: the upcoming ones, who follows them, and the reminders due."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from backend.common.errors import get_or_404
from backend.community.models import REMIND_MINUTES_MAX, CommunityEvent, EventFollow


def events_upcoming(*, now: dt.datetime) -> QuerySet[CommunityEvent]:
    """Events not cancelled that have not started, soonest first, with their followers."""
    return (
        CommunityEvent.objects.filter(cancelled_at__isnull=True, starts_at__gt=now)
        .select_related("topic")
        .annotate(followers=Count("follows"))
        .order_by("starts_at", "id")
    )


def event_get(*, event_id: int) -> CommunityEvent:
    return get_or_404(
        CommunityEvent.objects.filter(cancelled_at__isnull=True).select_related("topic"),
        _("No such event."),
        pk=event_id,
    )


def followed_ids(*, player_id: int | None, event_ids: list[int]) -> set[int]:
    if player_id is None:
        return set()
    return set(
        EventFollow.objects.filter(player_id=player_id, event_id__in=event_ids).values_list(
            "event_id", flat=True
        )
    )


def events_to_remind(*, now: dt.datetime) -> list[CommunityEvent]:
    """Events in their reminder window: not started, their reminder time passed (events
    are few: the window's bound is checked here rather than in SQL)."""
    soon = CommunityEvent.objects.filter(
        cancelled_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(minutes=REMIND_MINUTES_MAX),
    )
    return [e for e in soon if e.starts_at - dt.timedelta(minutes=e.remind_minutes_before) <= now]
