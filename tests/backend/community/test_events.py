"""Community events: operators schedule them (never in the past) with a thread; members
follow and unfollow; visitors read the upcoming ones; each follower's reminder is claimed
once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from backend.accounts.models import User
from backend.community.models import Category, CommunityEvent, EventFollow, Topic
from backend.community.services import event_follow, event_reminders_claim, event_schedule
from backend.community.signals import event_reminders_due

from .conftest import url

pytestmark = pytest.mark.django_db


def schedule(operator: User, category: Category, **fields: Any) -> CommunityEvent:
    args: dict[str, Any] = {
        "author": operator,
        "kind": CommunityEvent.Kind.LIVE_QA,
        "title": "Live Q&A with a trainer",
        "description": "Ask about preparing a horse for the Arc.",
        "starts_at": timezone.now() + dt.timedelta(days=2),
        "category": category,
        "remind_minutes_before": 60,
    }
    return event_schedule(**(args | fields))


def payload(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "prediction_challenge",
        "title": "Predict the Arc",
        "starts_at": (timezone.now() + dt.timedelta(days=3)).isoformat(),
        "category": "handicapping-help",
    } | fields


def test_an_operator_schedules_an_event_with_its_pinned_thread(
    operator: User, help_category: Category, api_as: Any
) -> None:
    answer = api_as(operator).post(url("events/"), payload(), format="json")
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    topic = Topic.objects.get(pk=body["topic"])
    assert (topic.kind, topic.is_pinned, topic.title) == ("event", True, "Predict the Arc")
    assert body["followers"] == 0
    assert body["following"] is False


def test_an_event_in_the_past_is_refused_and_nothing_is_written(
    operator: User, help_category: Category, api_as: Any
) -> None:
    past = (timezone.now() - dt.timedelta(minutes=1)).isoformat()
    answer = api_as(operator).post(url("events/"), payload(starts_at=past), format="json")
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_event"
    assert "starts_at" in answer.json()["fields"]
    assert not CommunityEvent.objects.exists()
    assert not Topic.objects.filter(kind="event").exists()


def test_the_admin_cannot_move_an_event_into_the_past(
    operator: User, help_category: Category
) -> None:
    event = schedule(operator, help_category)
    event.starts_at = timezone.now() - dt.timedelta(hours=1)
    with pytest.raises(ValidationError):
        event.full_clean()


def test_members_cannot_schedule(member: User, help_category: Category, api_as: Any) -> None:
    assert api_as(member).post(url("events/"), payload(), format="json").status_code == 403
    assert api_as(None).post(url("events/"), payload(), format="json").status_code in (401, 403)


def test_members_follow_and_unfollow_and_visitors_read(
    operator: User, member: User, owner: User, help_category: Category, api_as: Any
) -> None:
    event = schedule(operator, help_category)
    follow = url(f"events/{event.pk}/follow/")
    assert api_as(member).post(follow).json()["following"] is True
    assert api_as(member).post(follow).status_code == 200  # again: still one follow
    assert api_as(owner).post(follow).status_code == 200
    assert EventFollow.objects.filter(event=event).count() == 2
    listed = api_as(member).get(url("events/")).json()
    assert [(e["id"], e["followers"], e["following"]) for e in listed] == [(event.pk, 2, True)]
    visitor = api_as(None).get(url("events/"))
    assert visitor.status_code == 200
    assert visitor.json()[0]["following"] is False
    assert api_as(None).post(follow).status_code in (401, 403)
    assert api_as(member).delete(follow).json()["following"] is False
    assert EventFollow.objects.filter(event=event).count() == 1


def test_a_started_event_cannot_be_followed(
    operator: User, member: User, help_category: Category
) -> None:
    event = schedule(operator, help_category)
    CommunityEvent.objects.filter(pk=event.pk).update(starts_at=timezone.now())
    event.refresh_from_db()
    with pytest.raises(Exception, match="started"):
        event_follow(event=event, player=member, follow=True)


def test_each_follower_is_claimed_once_when_the_reminder_is_due(
    operator: User, member: User, owner: User, help_category: Category
) -> None:
    event = schedule(operator, help_category, remind_minutes_before=60)
    later = schedule(operator, help_category, starts_at=timezone.now() + dt.timedelta(days=9))
    for player in (member, owner):
        event_follow(event=event, player=player, follow=True)
        event_follow(event=later, player=player, follow=True)
    sent: list[tuple[int, list[int]]] = []

    def record(sender: Any, event_id: int, player_ids: list[int], **kwargs: Any) -> None:
        sent.append((event_id, sorted(player_ids)))

    event_reminders_due.connect(record, dispatch_uid="test.record")
    try:
        too_early = event.starts_at - dt.timedelta(minutes=90)
        assert event_reminders_claim(now=too_early) == {}
        due = event.starts_at - dt.timedelta(minutes=30)
        assert event_reminders_claim(now=due) == {event.pk: sorted([member.pk, owner.pk])}
        assert event_reminders_claim(now=due + dt.timedelta(minutes=5)) == {}
    finally:
        event_reminders_due.disconnect(dispatch_uid="test.record")
    assert sent == [(event.pk, sorted([member.pk, owner.pk]))]
