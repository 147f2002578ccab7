"""Community events: operators schedule them with a thread; members follow them and get
one reminder each before they start.

The reminder scan claims each follower's reminder (sets `reminded_at` where it is empty)
and announces the claimed members with `event_reminders_due`; the notifications app
emails them through its delivery log, which sends each member's reminder once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.community.models import REMIND_MINUTES_MAX, Category, CommunityEvent, EventFollow
from backend.community.selectors.events import events_to_remind
from backend.community.signals import event_reminders_due

from .advisers import staff_post_create


def _check(*, kind: str, starts_at: dt.datetime, remind_minutes_before: int) -> None:
    fields: dict[str, list[str]] = {}
    if kind not in CommunityEvent.Kind.values:
        fields["kind"] = [_("Unknown event kind %(kind)s.") % {"kind": repr(kind)}]
    if starts_at <= timezone.now():
        fields["starts_at"] = [_("An event cannot be scheduled in the past.")]
    if not 5 <= remind_minutes_before <= REMIND_MINUTES_MAX:
        fields["remind_minutes_before"] = [
            _("Between 5 and %(max)d minutes.") % {"max": REMIND_MINUTES_MAX}
        ]
    if fields:
        raise ApplicationError(
            _("This event cannot be scheduled."), code="invalid_event", extra={"fields": fields}
        )


@transaction.atomic
def event_schedule(
    *,
    author: User,
    kind: str,
    title: str,
    description: str,
    starts_at: dt.datetime,
    category: Category,
    remind_minutes_before: int = 60,
) -> CommunityEvent:
    """Schedule an event and open its thread (an event announcement in `category`, pinned);
    refused with 400 `invalid_event` and nothing written when it starts in the past."""
    _check(kind=kind, starts_at=starts_at, remind_minutes_before=remind_minutes_before)
    topic = staff_post_create(
        author=author,
        kind="event",
        category=category,
        title=title,
        body=description or title,
        pinned=True,
    )
    return CommunityEvent.objects.create(
        kind=kind,
        title=title,
        description=description,
        starts_at=starts_at,
        remind_minutes_before=remind_minutes_before,
        topic=topic,
        created_by=author,
    )


def event_follow(*, event: CommunityEvent, player: User, follow: bool) -> bool:
    """Follow (idempotent) or unfollow an event that has not started; returns following."""
    if event.starts_at <= timezone.now():
        raise ApplicationError(_("This event has started."), code="event_started", status_code=409)
    if follow:
        EventFollow.objects.bulk_create(
            [EventFollow(event=event, player=player)], ignore_conflicts=True
        )
    else:
        EventFollow.objects.filter(event=event, player=player).delete()
    return follow


def event_reminders_claim(*, now: dt.datetime) -> dict[int, list[int]]:
    """Claim the reminders due (event id -> member ids), each follower once."""
    claimed: dict[int, list[int]] = {}
    for event in events_to_remind(now=now):
        with transaction.atomic():
            follows = EventFollow.objects.select_for_update(skip_locked=True).filter(
                event=event, reminded_at__isnull=True
            )
            ids = list(follows.values_list("id", "player_id"))
            if not ids:
                continue
            EventFollow.objects.filter(pk__in=[i for i, _ in ids]).update(reminded_at=now)
            players = [p for _, p in ids]
            event_reminders_due.send(sender=CommunityEvent, event_id=event.pk, player_ids=players)
            claimed[event.pk] = players
    return claimed
