"""League personas: the shared owner, member and outsider, plus a manager; one private
league (owner Alice, manager Dana, member Bob) and one public league."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backend.accounts.models import User
from backend.config.celery import app as celery_app
from backend.leagues.models import League, Membership
from tests.factories import UserFactory

from .factories import LeagueFactory, MembershipFactory


@pytest.fixture
def manager(db: Any) -> User:
    """A player the owner made manager of the league."""
    return UserFactory(email="dana@paddock.test", display_name="Dana")


@pytest.fixture
def league(owner: User, member: User, manager: User) -> League:
    league = LeagueFactory(name="Les Turfistes", owner=owner)
    MembershipFactory(league=league, player=manager, role=Membership.Role.MANAGER)
    MembershipFactory(league=league, player=member)
    return league


@pytest.fixture
def public_league(owner: User) -> League:
    return LeagueFactory(name="Paddock Open", owner=owner, visibility=League.Visibility.PUBLIC)


@pytest.fixture
def personas(owner: User, member: User, manager: User, outsider: User, operator: User) -> Any:
    """persona name -> user, None for anonymous."""
    return {
        "anonymous": None,
        "outsider": outsider,
        "operator": operator,
        "member": member,
        "manager": manager,
        "owner": owner,
    }


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Tasks run in-process, like the embedded default (CI runs with a real broker)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
