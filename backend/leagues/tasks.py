"""Thin Celery tasks: take ids, call one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import OperationalError

from backend.notifications.sending import TemporarySendError

MAX_RETRIES = 5


@shared_task(
    bind=True,
    acks_late=True,
    time_limit=60,
    soft_time_limit=50,
    autoretry_for=(TemporarySendError, OperationalError),
    retry_backoff=True,
    max_retries=MAX_RETRIES,
)
def send_email_invitation(self: Any, invitation_id: int) -> bool:
    """Email one league invitation (skipped if already sent, accepted or revoked).

    Sent through the notifications machinery: its layout, its delivery log (a retried task
    never mails twice) and its retries on temporary SMTP errors.
    """
    from backend.notifications.services import league_invitation_send

    return league_invitation_send(
        invitation_id=invitation_id,
        owner=self.request.id or "",
        final=self.request.retries >= MAX_RETRIES,
    )
