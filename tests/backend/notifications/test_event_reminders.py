"""Followers of a community event get one reminder each, through the delivery log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backend.community.models import CommunityEvent
from backend.community.services import event_follow, event_schedule
from backend.community.tasks import event_reminders_scan
from backend.notifications.models import EmailDelivery, Kind
from tests.factories import CategoryFactory

from .smtp import Sink

pytestmark = pytest.mark.django_db


def test_followers_are_reminded_once(
    smtp: Sink, operator: Any, member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = event_schedule(
        author=operator,
        kind=CommunityEvent.Kind.LIVE_QA,
        title="Live Q&A with a trainer",
        description="Bring your questions.",
        starts_at=timezone.now() + dt.timedelta(minutes=30),
        category=CategoryFactory(slug="handicapping-help"),
        remind_minutes_before=60,
    )
    event_follow(event=event, player=member, follow=True)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            event_reminders_scan.delay()
    assert [m.recipients[0] for m in smtp.received] == [member.email]
    (mail,) = smtp.received
    assert "Live Q&A with a trainer" in mail.subject
    assert f"/community/topics/{event.topic_id}" in mail.text
    assert mail.header("X-Paddock-Kind") == "event_reminder"
    rows = EmailDelivery.objects.filter(kind=Kind.EVENT_REMINDER)
    assert [(r.player_id, r.key) for r in rows] == [(member.pk, f"event_reminder:{event.pk}")]
