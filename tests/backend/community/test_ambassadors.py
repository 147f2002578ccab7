"""Answer quality and ambassadors: the solved share on profiles, candidate ambassadors
(steady answers, high solved share) and the ambassador role operators grant, shown on
posts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from backend.accounts.models import User
from backend.community.models import AMBASSADORS_GROUP, Topic
from backend.community.selectors.ambassadors import ambassador_candidates
from backend.community.services import answer_accept
from tests.factories import PostFactory, TopicFactory, UserFactory

from .conftest import url

pytestmark = pytest.mark.django_db

STEADY = {
    "AMBASSADOR_MIN_ANSWERS": 4,
    "AMBASSADOR_MIN_ACTIVE_WEEKS": 2,
    "AMBASSADOR_MIN_SOLVED_SHARE": 0.5,
}


def answers(helper: User, asker: User, *, weeks: list[int], accepted: int) -> list[Topic]:
    """One answer per entry of `weeks` (weeks ago), the first `accepted` accepted."""
    now = timezone.now()
    topics = []
    for n, ago in enumerate(weeks):
        topic = TopicFactory(author=asker, created_at=now - dt.timedelta(weeks=ago, hours=1))
        post = PostFactory(topic=topic, author=helper, created_at=now - dt.timedelta(weeks=ago))
        if n < accepted:
            answer_accept(topic=topic, post=post, user=asker)
        topics.append(topic)
    return topics


def test_the_profile_shows_the_solved_share(owner: User, member: User, api_as: Any) -> None:
    answers(member, owner, weeks=[0, 0, 0, 0], accepted=1)
    body = api_as(owner).get(url(f"players/{member.pk}/")).json()
    assert body["solved_share"] == 0.25
    assert api_as(owner).get(url(f"players/{owner.pk}/")).json()["solved_share"] is None


@override_settings(PADDOCK_COMMUNITY=STEADY)
def test_candidates_answer_steadily_and_solve(owner: User) -> None:
    steady = UserFactory(display_name="Steady")
    answers(steady, owner, weeks=[0, 1, 2, 3], accepted=3)
    burst = UserFactory(display_name="Burst")  # one week only: not steady
    answers(burst, owner, weeks=[0, 0, 0, 0], accepted=4)
    unhelpful = UserFactory(display_name="Unhelpful")  # steady but rarely solves
    answers(unhelpful, owner, weeks=[0, 1, 2, 3], accepted=1)
    found = ambassador_candidates(now=timezone.now())
    assert [(c["display_name"], c["solved_share"], c["active_weeks"]) for c in found] == [
        ("Steady", 0.75, 4)
    ]


@override_settings(PADDOCK_COMMUNITY=STEADY)
def test_operators_grant_the_role_and_posts_show_it(
    operator: User, owner: User, member: User, api_as: Any
) -> None:
    topics = answers(member, owner, weeks=[0, 1, 2, 3], accepted=3)
    listed = api_as(operator).get(url("ops/ambassadors/")).json()
    assert [c["player_id"] for c in listed["candidates"]] == [member.pk]
    assert api_as(member).post(url(f"ops/ambassadors/{member.pk}/")).status_code == 403
    for _ in range(2):  # granting twice changes nothing
        answer = api_as(operator).post(url(f"ops/ambassadors/{member.pk}/"))
        assert answer.json() == {"player_id": member.pk, "ambassador": True}
    assert member.groups.filter(name=AMBASSADORS_GROUP).count() == 1
    listed = api_as(operator).get(url("ops/ambassadors/")).json()
    assert listed["candidates"] == []
    assert [a["player_id"] for a in listed["ambassadors"]] == [member.pk]
    topic = api_as(None).get(url(f"topics/{topics[0].pk}/")).json()
    assert topic["replies"]["results"][0]["author"]["role"] == "ambassador"
    assert api_as(operator).delete(url(f"ops/ambassadors/{member.pk}/")).status_code == 200
    topic = api_as(None).get(url(f"topics/{topics[0].pk}/")).json()
    assert topic["replies"]["results"][0]["author"]["role"] == "member"
    assert api_as(operator).post(url("ops/ambassadors/999999/")).status_code == 404
