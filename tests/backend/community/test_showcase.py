"""Recent answers for the visitors' home page: public answers to public questions only,
one per question, the author by display name."""

from __future__ import annotations

from typing import Any

import pytest

from backend.accounts.models import User
from backend.community.models import Category, Post, Status, Topic
from tests.factories import PostFactory, TopicFactory

from .conftest import url

pytestmark = pytest.mark.django_db


def test_visitors_read_the_latest_answer_of_each_question(
    api_as: Any, answer: Post, question: Topic, owner: User, help_category: Category
) -> None:
    PostFactory.create(topic=question, author=owner, body="Try the **going** first.")
    other = TopicFactory.create(author=owner, category=help_category, title="What is a dead heat?")
    PostFactory.create(topic=other, author=None, kind=Post.Kind.DEBRIEF)
    response = api_as(None).get(url("answers/recent/"))
    assert response.status_code == 200
    rows = response.json()
    assert [row["topic"] for row in rows] == [question.pk]
    assert rows[0]["excerpt"] == "Try the going first."
    assert rows[0]["answered_by"] == "Alice"
    assert rows[0]["title"] == question.title
    assert rows[0]["accepted"] is False
    assert "@" not in response.content.decode()


def test_hidden_pending_and_round_thread_replies_stay_out(
    api_as: Any, question: Topic, member: User, help_category: Category
) -> None:
    PostFactory.create(topic=question, author=member, is_hidden=True)
    PostFactory.create(topic=question, author=member, status=Status.PENDING)
    thread = TopicFactory.create(category=help_category, kind=Topic.Kind.ROUND_THREAD)
    PostFactory.create(topic=thread, author=member)
    hidden = TopicFactory.create(category=help_category, is_hidden=True)
    PostFactory.create(topic=hidden, author=member)
    assert api_as(None).get(url("answers/recent/")).json() == []
