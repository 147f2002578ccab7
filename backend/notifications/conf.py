"""Notification settings: the defaults below, overridden by settings.PADDOCK_NOTIFICATIONS
(read at call time, so tests override them; docs/operator.md explains each)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from backend.common.conf import app_settings


@dataclass(frozen=True, slots=True)
class NotificationSettings:
    # Recipients per Celery task: one SMTP connection and a few queries per chunk.
    chunk_size: int = 500
    # Round-open announcements go out only this long after a round opened (a beat that was
    # down does not announce last week's round), and never inside the reminder window.
    announce_within_hours: int = 12
    # Used when a season has no `reminder_hours` of its own.
    reminder_hours: int = 2
    # The mailto: half of List-Unsubscribe (RFC 2369); empty to leave it out.
    unsubscribe_mailto: str = "unsubscribe@paddock.local"
    # The community digest covers the 24 hours up to this hour (UTC) each day.
    digest_hour_utc: int = 17
    # Rows are claimed, sent and marked in batches of this size: a worker killed mid-chunk
    # leaves at most this many `sending` (the at-most-once window, docs/reliability.md).
    mark_every: int = 50
    # Web Push (push.py): how long a push service keeps a push for an offline browser, how
    # long we wait for it to answer, how many failures in a row remove a subscription, and
    # how long before the lock the "not picked yet" push goes out.
    push_ttl_seconds: int = 3600
    push_timeout_seconds: float = 10.0
    push_max_failures: int = 5
    push_reminder_minutes: int = 60


def conf() -> NotificationSettings:
    """The settings in force; chunk and batch sizes are at least 1."""
    values = app_settings("PADDOCK_NOTIFICATIONS", NotificationSettings)
    return dataclasses.replace(
        values, chunk_size=max(1, values.chunk_size), mark_every=max(1, values.mark_every)
    )
