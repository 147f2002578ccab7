"""Thin Celery tasks: they take ids and call one service.

Temporary SMTP failures (4xx, connection trouble) and database hiccups retry with
exponential backoff (2, 4, 8… seconds with jitter, at most 10 minutes apart), five times;
the last try marks what is still unsent `failed` instead of raising.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import OperationalError

from . import services
from .sending import TemporarySendError

MAX_RETRIES = 5
RETRY = {
    "autoretry_for": (TemporarySendError, OperationalError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": MAX_RETRIES,
}


@shared_task(bind=True, acks_late=True, time_limit=10 * 60, soft_time_limit=9 * 60, **RETRY)
def send_chunk(
    self: Any,
    *,
    kind: str,
    player_ids: list[int],
    round_id: int | None = None,
    version: int = 0,
    day: str = "",
) -> dict[str, int]:
    """Send one chunk (≤ CHUNK_SIZE players) of one email over one SMTP connection."""
    report = services.deliver_chunk(
        kind=kind,
        player_ids=player_ids,
        round_id=round_id,
        version=version,
        day=day,
        owner=self.request.id or "",
        final=self.request.retries >= MAX_RETRIES,
    )
    return report.as_dict()


@shared_task(acks_late=True, time_limit=5 * 60, soft_time_limit=4 * 60)
def rounds_scan() -> dict[str, list[int]]:
    """Beat, every 5 minutes: round-open announcements and pick reminders."""
    return services.rounds_scan()


@shared_task(acks_late=True, time_limit=5 * 60, soft_time_limit=4 * 60, **RETRY)
def results_fanout(round_id: int, version: int, corrected: bool = False) -> int:
    """After a settlement committed: results (and corrections) in chunks."""
    return services.results_after_settlement(
        round_id=round_id, version=version, corrected=corrected
    )


@shared_task(acks_late=True, time_limit=5 * 60, soft_time_limit=4 * 60)
def community_digest_scan() -> int:
    """Beat, hourly: the day's community digest to opted-in players with news (at most
    one a day each; the hourly runs only catch up after downtime)."""
    return services.community_digest_scan()
