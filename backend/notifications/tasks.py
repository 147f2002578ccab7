"""Thin Celery tasks: they take ids and call one service.

Temporary SMTP failures (4xx, connection trouble) and database hiccups retry with
exponential backoff (2, 4, 8… seconds with jitter, at most 10 minutes apart), five times;
the last try marks what is still unsent `failed` instead of raising.
"""

from __future__ import annotations

from typing import Any

from django.db import OperationalError

from backend.common.tasks import task

from . import push, services
from .sending import TemporarySendError

TEMPORARY = (TemporarySendError, OperationalError)


def _last_try(task_: Any) -> bool:
    """The task's last allowed try: what it cannot send now is `failed`, not retried."""
    return bool(task_.request.retries >= task_.max_retries)


@task(bind=True, time_limit=10 * 60, retry_for=TEMPORARY)
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
        final=_last_try(self),
    )
    return report.as_dict()


@task(time_limit=5 * 60)
def rounds_scan() -> dict[str, list[int]]:
    """Beat, every 5 minutes: round-open announcements and pick reminders."""
    return services.rounds_scan()


@task(time_limit=5 * 60, retry_for=TEMPORARY)
def results_fanout(round_id: int, version: int, corrected: bool = False) -> int:
    """After a settlement committed: results (and corrections) in chunks."""
    return services.results_after_settlement(
        round_id=round_id, version=version, corrected=corrected
    )


@task(time_limit=5 * 60)
def community_digest_scan() -> int:
    """Beat, hourly: the day's community digest to opted-in players with news (at most
    one a day each; the hourly runs only catch up after downtime)."""
    return services.community_digest_scan()


@task(bind=True, time_limit=60, retry_for=TEMPORARY)
def send_email_invitation(self: Any, invitation_id: int) -> bool:
    """Email one league invitation (skipped if already sent, accepted or revoked).

    Sent through the notifications machinery: its layout, its delivery log (a retried task
    never mails twice) and its retries on temporary SMTP errors.
    """
    return services.league_invitation_send(
        invitation_id=invitation_id, owner=self.request.id or "", final=_last_try(self)
    )


@task(bind=True, time_limit=5 * 60, retry_for=TEMPORARY)
def send_unanswered_alert(self: Any, topic_ids: list[int]) -> dict[str, int]:
    """Advisers and moderators: the questions just flagged as past their target."""
    report = services.unanswered_alert_send(
        topic_ids=topic_ids, owner=self.request.id or "", final=_last_try(self)
    )
    return report.as_dict()


@task(bind=True, time_limit=5 * 60, retry_for=TEMPORARY)
def send_event_reminder(self: Any, event_id: int, player_ids: list[int]) -> dict[str, int]:
    """Followers of a community event: it starts soon."""
    report = services.event_reminder_send(
        event_id=event_id, player_ids=player_ids, owner=self.request.id or "", final=_last_try(self)
    )
    return report.as_dict()


@task(time_limit=60)
def push_reply(post_id: int) -> dict[str, int]:
    """Push "a reply to your question" to its asker (once per reply)."""
    return push.reply_push(post_id=post_id).as_dict()


@task(time_limit=60)
def push_help_request(request_id: int, helper_ids: list[int], summary: str) -> dict[str, int]:
    """Push a new live question to the helpers it was offered to (once per helper)."""
    report = push.notify_help_request(
        request_key=str(request_id), helper_ids=helper_ids, summary=summary, url="/"
    )
    return report.as_dict()
