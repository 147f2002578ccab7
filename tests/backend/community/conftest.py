"""Community fixtures: tasks in-process, the categories, topics owned by the personas."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group

from backend.community.models import MODERATORS_GROUP, Category, Topic
from backend.config.celery import app as celery_app

from .factories import CategoryFactory, PostFactory, TopicFactory


@pytest.fixture(autouse=True)
def eager_celery() -> Iterator[None]:
    """Tasks run in-process, like the embedded default (CI runs with a real broker)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """The personas' passwords are never checked here: skip the slow production hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def help_category(db: Any) -> Category:
    """Created by the data migration; the factory only fetches it."""
    return CategoryFactory(slug="handicapping-help")


@pytest.fixture
def question(owner: Any, help_category: Category) -> Topic:
    """The owner's question, in "Handicapping help"."""
    return TopicFactory(author=owner, category=help_category)


@pytest.fixture
def answer(question: Topic, member: Any) -> Any:
    """The member's reply to the owner's question."""
    post = PostFactory(topic=question, author=member)
    Topic.objects.filter(pk=question.pk).update(reply_count=1)
    return post


@pytest.fixture
def moderator(db: Any) -> Any:
    """A player in the "moderators" group (not staff)."""
    from tests.factories import UserFactory

    user = UserFactory(email="mod@paddock.test", display_name="Mod")
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


def url(path: str) -> str:
    return f"/api/v1/community/{path}"
