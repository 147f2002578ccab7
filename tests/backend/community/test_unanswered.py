"""No question left unanswered: the queue, the targets, the flag set once, the weekly
answer times."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.utils import timezone

from backend.community.models import ADVISERS_GROUP, Category, Topic
from backend.community.selectors.unanswered import (
    answer_times_weekly,
    help_needed,
    unanswered_queue,
)
from backend.community.services import overdue_mark
from backend.community.signals import questions_overdue
from tests.factories import CategoryFactory, PostFactory, TopicFactory, UserFactory

from .conftest import url

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC)  # a Wednesday


def asked(hours_ago: float, **kwargs: Any) -> Topic:
    return TopicFactory(created_at=NOW - dt.timedelta(hours=hours_ago), **kwargs)


def test_the_queue_lists_unanswered_questions_oldest_first(help_category: Category) -> None:
    newer, older = asked(2), asked(30)
    answered = asked(40)
    PostFactory(topic=answered, created_at=NOW - dt.timedelta(hours=39))
    own_reply = asked(50)
    PostFactory(topic=own_reply, author=own_reply.author)  # the asker's own reply: no answer
    hidden = asked(60)
    PostFactory(topic=hidden, is_hidden=True)  # a hidden answer does not count
    queue = unanswered_queue(now=NOW)
    assert [w.topic.pk for w in queue] == [hidden.pk, own_reply.pk, older.pk, newer.pk]
    assert queue[2].waiting_hours == 30
    assert queue[2].overdue
    assert not queue[3].overdue


def test_a_category_target_overrides_the_setting(help_category: Category) -> None:
    help_category.first_answer_target_hours = 4
    help_category.save()
    other = CategoryFactory(slug="rules-and-account")
    here, there = asked(5), asked(5, category=other)
    waiting = {w.topic.pk: w for w in unanswered_queue(now=NOW)}
    assert waiting[here.pk].target_hours == 4
    assert waiting[here.pk].overdue
    assert waiting[there.pk].target_hours == 24
    assert not waiting[there.pk].overdue
    with override_settings(PADDOCK_COMMUNITY={"FIRST_ANSWER_TARGET_HOURS": 3}):
        assert {w.topic.pk: w for w in unanswered_queue(now=NOW)}[there.pk].overdue


def test_overdue_questions_are_flagged_and_announced_once(help_category: Category) -> None:
    late, recent = asked(30), asked(3)
    announced: list[list[int]] = []

    def listen(sender: Any, topic_ids: list[int], **kwargs: Any) -> None:
        announced.append(topic_ids)

    questions_overdue.connect(listen, dispatch_uid="test-listen")
    try:
        assert overdue_mark(now=NOW) == [late.pk]
        assert overdue_mark(now=NOW) == []
        assert overdue_mark(now=NOW + dt.timedelta(hours=1)) == []
        assert overdue_mark(now=NOW + dt.timedelta(hours=22)) == [recent.pk]
    finally:
        questions_overdue.disconnect(dispatch_uid="test-listen")
    assert announced == [[late.pk], [recent.pk]]
    late.refresh_from_db()
    assert late.overdue_notified_at == NOW


def test_helpers_see_the_unanswered_questions_where_they_answer_most(
    help_category: Category,
) -> None:
    helper = UserFactory()
    rules = CategoryFactory(slug="rules-and-account")
    for _ in range(2):
        PostFactory(topic=TopicFactory(category=help_category), author=helper)
    waiting_here, waiting_elsewhere = asked(10), asked(20, category=CategoryFactory())
    theirs = asked(5, author=helper)
    with override_settings(PADDOCK_COMMUNITY={"HELP_NEEDED_CATEGORIES": 1}):
        found = help_needed(player_ids=[helper.pk], now=NOW)
    assert [w.topic.pk for w in found[helper.pk]] == [waiting_here.pk]
    assert theirs.pk not in [w.topic.pk for w in found[helper.pk]]
    assert waiting_elsewhere.category != rules


def test_weekly_answer_times(help_category: Category) -> None:
    # This week (from Monday 9 March): answered after 2 h, after 30 h, never.
    fast, slow, never = asked(40), asked(50), asked(45)
    PostFactory(topic=fast, created_at=fast.created_at + dt.timedelta(hours=2))
    PostFactory(topic=slow, created_at=slow.created_at + dt.timedelta(hours=30))
    week = answer_times_weekly(now=NOW, weeks=2)
    assert [w["week"] for w in week] == [dt.date(2026, 3, 2), dt.date(2026, 3, 9)]
    assert week[0]["questions"] == 0
    assert week[0]["median_first_answer_hours"] is None
    this = week[1]
    assert this["questions"] == 3
    assert this["answered"] == 2
    assert this["median_first_answer_hours"] == 16.0
    assert this["within_target_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert this["within_24h_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert this["never_answered_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert never.pk


def test_the_queue_api_is_for_advisers_and_moderators(
    api_as: Any, member: Any, moderator: Any, question: Topic
) -> None:
    assert api_as(member).get(url("unanswered/")).status_code == 403
    assert api_as(None).get(url("unanswered/")).status_code in (401, 403)
    rows = api_as(moderator).get(url("unanswered/")).json()
    assert [r["topic"]["id"] for r in rows] == [question.pk]
    assert rows[0]["target_hours"] == 24
    assert rows[0]["overdue"] is False
    adviser = UserFactory()
    adviser.groups.add(Group.objects.get_or_create(name=ADVISERS_GROUP)[0])
    assert api_as(adviser).get(url("unanswered/")).status_code == 200


def test_the_answer_times_api_is_for_operators(
    api_as: Any, member: Any, operator: Any, question: Topic
) -> None:
    assert api_as(member).get(url("ops/answer-times/")).status_code == 403
    response = api_as(operator).get(url("ops/answer-times/"), {"weeks": "3"})
    assert response.status_code == 200
    weeks = response.json()
    assert len(weeks) == 3
    assert weeks[-1]["questions"] == 1
    assert weeks[-1]["never_answered_share"] == 1.0
    assert timezone.now().date() >= dt.date.fromisoformat(weeks[-1]["week"])
    assert api_as(operator).get(url("ops/answer-times/"), {"weeks": "0"}).status_code == 400
