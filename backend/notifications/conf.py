"""Notification settings, read from settings.PADDOCK_NOTIFICATIONS at call time (tests
override them); a key missing there falls back to its default here."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

DEFAULTS: dict[str, object] = {
    # Recipients per Celery task: one SMTP connection and a few queries per chunk.
    "CHUNK_SIZE": 500,
    # Round-open announcements go out only this long after a round opened (a beat that was
    # down does not announce last week's round), and never inside the reminder window.
    "ANNOUNCE_WITHIN_HOURS": 12,
    # Used when a season has no `reminder_hours` of its own.
    "REMINDER_HOURS": 2,
    # The mailto: half of List-Unsubscribe (RFC 2369); empty to leave it out.
    "UNSUBSCRIBE_MAILTO": "unsubscribe@paddock.local",
    # The community digest covers the 24 hours up to this hour (UTC) each day.
    "DIGEST_HOUR_UTC": 17,
    # Rows are claimed, sent and marked in batches of this size: a worker killed mid-chunk
    # leaves at most this many `sending` (the at-most-once window, README).
    "MARK_EVERY": 50,
}


@dataclass(frozen=True, slots=True)
class NotificationSettings:
    chunk_size: int
    announce_within_hours: int
    reminder_hours: int
    unsubscribe_mailto: str
    digest_hour_utc: int
    mark_every: int


def conf() -> NotificationSettings:
    values = {**DEFAULTS, **getattr(settings, "PADDOCK_NOTIFICATIONS", {})}
    return NotificationSettings(
        chunk_size=max(1, int(str(values["CHUNK_SIZE"]))),
        announce_within_hours=int(str(values["ANNOUNCE_WITHIN_HOURS"])),
        reminder_hours=int(str(values["REMINDER_HOURS"])),
        unsubscribe_mailto=str(values["UNSUBSCRIBE_MAILTO"]),
        digest_hour_utc=int(str(values["DIGEST_HOUR_UTC"])),
        mark_every=max(1, int(str(values["MARK_EVERY"]))),
    )
