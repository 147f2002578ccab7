"""A player's progress towards each badge: the count each ladder reads and its target."""

from __future__ import annotations

from typing import Any

import pytest

from backend.community.badges import BADGES
from backend.community.models import Award, Topic, Vote
from tests.factories import (
    PostFactory,
    RoundFactory,
    RoundScoreFactory,
    SeasonFactory,
    TopicFactory,
    UserFactory,
)

from .conftest import url

pytestmark = pytest.mark.django_db


def progress(api_as: Any, user: Any) -> dict[str, dict[str, Any]]:
    response = api_as(user).get(url("me/badges/"))
    assert response.status_code == 200
    return {row["slug"]: row for row in response.json()}


def test_it_counts_each_ladder_towards_its_next_badge(api_as: Any, owner: Any, member: Any) -> None:
    for _ in range(3):
        topic = TopicFactory(author=owner)
        Topic.objects.filter(pk=topic.pk).update(
            accepted_answer=PostFactory(topic=topic, author=member)
        )
    post = PostFactory(author=member)
    for voter in UserFactory.create_batch(4):
        Vote.objects.create(voter=voter, post=post)
    Award.objects.create(player=member, badge="first-answer")
    rows = progress(api_as, member)
    assert list(rows) == [b.slug for b in BADGES]
    assert rows["first-answer"] == {"slug": "first-answer", "held": True, "current": 1, "target": 1}
    assert rows["accepted-10"] == {"slug": "accepted-10", "held": False, "current": 3, "target": 10}
    assert rows["accepted-50"]["target"] == 50
    assert rows["helpful-10"]["current"] == 4
    assert rows["longshot"] == {"slug": "longshot", "held": False, "current": None, "target": None}


def test_it_reads_the_streak_of_the_running_season(api_as: Any, member: Any) -> None:
    season = SeasonFactory()
    rounds = [RoundFactory(season=season, number=n, settled=True) for n in range(1, 4)]
    for rnd in rounds[1:]:
        RoundScoreFactory(round=rnd, player=member)
    rows = progress(api_as, member)
    assert rows["streak-3"]["current"] == 2
    assert rows["streak-3"]["target"] == 3
    assert rows["streak-10"]["current"] == 2


def test_visitors_have_no_progress(api_as: Any) -> None:
    assert api_as(None).get(url("me/badges/")).status_code in (401, 403)
