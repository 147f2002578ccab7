"""The alert advisers and moderators get when questions pass their first-answer target
unanswered: one email per batch the community flagged (each question is flagged once)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backend.community.models import Topic as CommunityTopic
from backend.community.selectors.unanswered import target_hours
from backend.notifications import links
from backend.notifications.models import Kind
from backend.notifications.rendering import Pair

from .message import outgoing
from .recipients import Batch, in_their_language, recipients, skip_reason

# Operational mail: the preference check uses a topic every recipient has (never opted out
# of: `skip_reason` only checks the account and the address for it).
ALWAYS = "round_open"


def unanswered_batch(*, topic_ids: Sequence[int], player_ids: Sequence[int]) -> Batch:
    """The alert listing the flagged questions, to each watcher who can be emailed."""
    batch = Batch()
    topics = list(
        CommunityTopic.objects.filter(pk__in=list(topic_ids))
        .select_related("category")
        .order_by("created_at", "id")
    )
    if not topics:
        return batch
    now = timezone.now()
    people = recipients(player_ids)
    pair = Pair("unanswered_alert")
    keep = []
    for pid in player_ids:
        person = people.get(pid)
        reason = skip_reason(person, ALWAYS) if person else None
        if person is None:
            continue
        if reason is not None and reason != "opted_out":
            batch.skips[pid] = reason
            continue
        keep.append(person)
    for person in in_their_language(keep):
        items = [
            {
                "title": t.title,
                "url": links.topic_url(t.pk),
                "summary": _("waiting %(hours)s h (target %(target)s h)")
                % {
                    "hours": int((now - t.created_at).total_seconds() // 3600),
                    "target": target_hours(t.category),
                },
            }
            for t in topics
        ]
        subject = ngettext(
            "%(count)s question waits for a first answer",
            "%(count)s questions wait for a first answer",
            len(items),
        ) % {"count": len(items)}
        batch.messages.append(
            outgoing(
                person,
                kind=Kind.UNANSWERED_ALERT,
                topic=None,
                subject=subject,
                pair=pair,
                preheader=subject,
                context={
                    "items": items,
                    "queue_url": links.site("/community/unanswered"),
                    "button": _("Open the unanswered queue"),
                },
                payload={"topics": [t.pk for t in topics]},
            )
        )
    return batch
