"""The reminder a member gets before a community event they follow starts (once each: the
community claims each follower once, and the delivery log keys it by event)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from backend.community.models import CommunityEvent
from backend.notifications import formatting as fmt
from backend.notifications import links
from backend.notifications.models import Kind
from backend.notifications.rendering import Pair

from .message import outgoing
from .recipients import Batch, in_their_language, recipients, skip_reason

# The member asked for this reminder by following the event: no preference governs it
# (`skip_reason` then only checks the account and its address).
ALWAYS = "round_open"


def event_reminder_batch(*, event_id: int, player_ids: Sequence[int]) -> Batch:
    """The reminder of one event, to each follower who can be emailed."""
    batch = Batch()
    event = CommunityEvent.objects.filter(pk=event_id, cancelled_at__isnull=True).first()
    if event is None:
        return batch
    people = recipients(player_ids)
    keep = []
    for pid in player_ids:
        person = people.get(pid)
        if person is None:
            continue
        reason = skip_reason(person, ALWAYS)
        if reason is not None and reason != "opted_out":
            batch.skips[pid] = reason
            continue
        keep.append(person)
    for person in in_their_language(keep):
        when = fmt.local_time(event.starts_at, person.time_zone)
        subject = _("Starting soon: %(title)s") % {"title": event.title}
        batch.messages.append(
            outgoing(
                person,
                kind=Kind.EVENT_REMINDER,
                topic=None,
                subject=subject,
                pair=Pair("event_reminder"),
                preheader=when,
                context={
                    "title": event.title,
                    "description": event.description,
                    "when": when,
                    "thread_url": links.topic_url(event.topic_id),
                    "button": _("Open the event's thread"),
                },
                payload={"event": event.pk},
            )
        )
    return batch
