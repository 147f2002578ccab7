"""Advisers and moderators are emailed once about each question past its target; helpers
get the help-needed part of the community digest."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Group

from backend.community.models import ADVISERS_GROUP
from backend.community.tasks import unanswered_overdue_scan
from backend.notifications.models import EmailDelivery, Kind
from backend.notifications.services import community_digest_scan
from tests.factories import EmailPreferenceFactory, PostFactory, TopicFactory, UserFactory

from .smtp import Sink

pytestmark = pytest.mark.django_db


def test_watchers_get_one_email_per_overdue_question(
    smtp: Sink, moderator: Any, member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    adviser = UserFactory(email="adviser@paddock.test")
    adviser.groups.add(Group.objects.get_or_create(name=ADVISERS_GROUP)[0])
    late = TopicFactory(
        title="Nobody knows the going?", created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            unanswered_overdue_scan.delay()
    got = sorted(m.recipients[0] for m in smtp.received)
    assert got == ["adviser@paddock.test", "mod@paddock.test"]
    assert all("Nobody knows the going?" in m.text for m in smtp.received)
    assert smtp.received[0].header("X-Paddock-Kind") == "unanswered_alert"
    rows = EmailDelivery.objects.filter(kind=Kind.UNANSWERED_ALERT)
    assert rows.count() == 2
    assert {r.key for r in rows} == {f"unanswered_alert:{late.pk}"}


def test_the_digest_asks_helpers_for_help_where_they_answer(smtp: Sink) -> None:
    helper = UserFactory(email="helper@paddock.test")
    EmailPreferenceFactory(player=helper, community_digest=True)
    PostFactory(topic=TopicFactory(), author=helper)
    waiting = TopicFactory(title="Is a draw on the rail worth it?")
    community_digest_scan(now=waiting.created_at + dt.timedelta(days=1))
    (mail,) = smtp.received
    assert mail.recipients == ["helper@paddock.test"]
    assert "Help needed where you answer most" in mail.text
    assert "Is a draw on the rail worth it?" in mail.text
