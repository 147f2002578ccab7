"""Community fixtures: tasks in-process, the help category, the owner's question and the
member's answer."""

from __future__ import annotations

import pytest

from backend.accounts.models import User
from backend.community.models import Category, Post, Topic
from backend.community.services import badges, reputation
from tests.factories import CategoryFactory, PostFactory, TopicFactory


@pytest.fixture(autouse=True)
def _tasks_in_process(eager_celery: None) -> None:
    """Every community test runs its tasks in-process."""


@pytest.fixture
def help_category(db: None) -> Category:
    """Created by the data migration; the factory only fetches it."""
    return CategoryFactory.create(slug="handicapping-help")


@pytest.fixture
def question(owner: User, help_category: Category) -> Topic:
    """The owner's question, in "Handicapping help"."""
    return TopicFactory.create(author=owner, category=help_category)


@pytest.fixture
def answer(question: Topic, member: User) -> Post:
    """The member's reply to the owner's question."""
    post = PostFactory.create(topic=question, author=member)
    Topic.objects.filter(pk=question.pk).update(reply_count=1)
    return post


def url(path: str) -> str:
    return f"/api/v1/community/{path}"


@pytest.fixture(params=["one by one", "set-based"])
def both_write_paths(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test twice: with badges and levels written row by row, as for a few players,
    and through their set-based path (COPY, one INSERT or UPDATE), as for a settlement's
    many players; both must leave the same rows. Set-based writing is PostgreSQL's: on
    SQLite both runs take the row-by-row path."""
    if request.param == "set-based":
        monkeypatch.setattr(badges, "BULK_AWARDS", 0)
        monkeypatch.setattr(reputation, "BULK_LEVELS", 0)
    return str(request.param)
