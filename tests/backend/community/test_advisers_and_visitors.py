"""Paddock's advisers (their role on every post, staff posts, checked answers) and visitors
reading the public categories without an account."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from backend.accounts.models import User
from backend.community.models import ADVISERS_GROUP, Post, Topic
from tests.factories import PostFactory, TopicFactory, UserFactory

from .conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def adviser(db: None) -> User:
    user = UserFactory(display_name="Vera")
    user.groups.add(Group.objects.get_or_create(name=ADVISERS_GROUP)[0])
    return user


def staff_post(client: Any, **overrides: Any) -> Any:
    body = {
        "kind": "tip",
        "category": "handicapping-help",
        "title": "Read the going before the form",
        "body": "Heavy ground changes **everything**.",
        "pinned": True,
        **overrides,
    }
    return client.post(url("staff-posts/"), body, format="json")


def test_every_post_shows_its_authors_role(
    api_as: Any, member: Any, moderator: Any, adviser: User, question: Topic
) -> None:
    PostFactory(topic=question, author=adviser)
    PostFactory(topic=question, author=moderator)
    PostFactory(topic=question, author=member)
    detail = api_as(member).get(url(f"topics/{question.pk}/")).json()
    assert detail["author"]["role"] == "member"
    roles = [
        (r["author"]["display_name"], r["author"]["role"]) for r in detail["replies"]["results"]
    ]
    assert roles == [("Vera", "adviser"), ("Mod", "moderator"), ("Bob", "member")]


def test_advisers_post_staff_kinds_pinned_in_their_category(
    api_as: Any, adviser: User, member: Any
) -> None:
    response = staff_post(api_as(adviser))
    assert response.status_code == 201
    created = response.json()
    assert created["kind"] == "tip"
    assert created["is_pinned"] is True
    assert created["author"]["role"] == "adviser"
    listed = api_as(member).get(url("topics/"), {"category": "handicapping-help"}).json()
    assert listed["results"][0]["id"] == created["id"]
    feed = api_as(None).get(url("staff-posts/"), {"kind": "tip"}).json()
    assert [t["id"] for t in feed["results"]] == [created["id"]]
    assert api_as(None).get(url("staff-posts/"), {"kind": "news"}).json()["count"] == 0


def test_members_cannot_post_staff_kinds(api_as: Any, member: Any, moderator: Any) -> None:
    assert staff_post(api_as(member)).status_code == 403
    assert staff_post(api_as(moderator)).status_code == 403
    assert staff_post(api_as(None)).status_code in (401, 403)
    assert not Topic.objects.filter(kind="tip").exists()


def test_an_adviser_checks_an_answer_once(
    api_as: Any, adviser: User, member: Any, operator: Any, answer: Post
) -> None:
    assert api_as(member).post(url(f"posts/{answer.pk}/check/")).status_code == 403
    first = api_as(adviser).post(url(f"posts/{answer.pk}/check/"))
    assert first.status_code == 200
    assert first.json()["checked_by_adviser"] is True
    again = api_as(operator).post(url(f"posts/{answer.pk}/check/"))
    assert again.json()["checked_at"] == first.json()["checked_at"]
    answer.refresh_from_db()
    assert answer.checked_by_id == adviser.pk
    removed = api_as(adviser).delete(url(f"posts/{answer.pk}/check/"))
    assert removed.json()["checked_by_adviser"] is False


def test_a_question_itself_cannot_be_checked(api_as: Any, adviser: User, question: Topic) -> None:
    debrief = PostFactory(topic=question, author=None, kind=Post.Kind.DEBRIEF)
    assert api_as(adviser).post(url(f"posts/{debrief.pk}/check/")).status_code == 409


def test_visitors_read_public_categories_and_topics(
    api: Any, question: Topic, answer: Post
) -> None:
    hidden = TopicFactory(is_hidden=True)
    assert api.get(url("categories/")).status_code == 200
    listed = api.get(url("topics/")).json()
    assert question.pk in [t["id"] for t in listed["results"]]
    assert hidden.pk not in [t["id"] for t in listed["results"]]
    detail = api.get(url(f"topics/{question.pk}/"))
    assert detail.status_code == 200
    payload = detail.json()
    assert payload["body"] is None
    assert payload["viewer"]["can_edit"] is False
    assert "email" not in str(payload)
    assert set(payload["author"]) == {"id", "display_name", "reputation", "level", "badges", "role"}
    assert api.get(url(f"topics/{hidden.pk}/")).status_code == 404


def test_visitors_cannot_write(api: Any, question: Topic) -> None:
    assert api.post(
        url(f"topics/{question.pk}/replies/"), {"body": "hi"}, format="json"
    ).status_code in (401, 403)
    assert api.post(url("topics/"), {}, format="json").status_code in (401, 403)
    assert api.get(url("me/")).status_code in (401, 403)
