"""The people the tests meet, one fixture each, and an API client for any of them.

Loaded for the whole suite by tests/conftest.py (`pytest_plugins`), so every test asks for
a persona by name instead of making its own. Each is a verified player from UserFactory
with a fixed address and display name, so two fixtures never make the same person twice:

- `operator`: staff and superuser, the admin site and the operator API;
- `owner` (Alice): a player who owns things, a league, a question;
- `member` (Bob): a player who belongs to the owner's things;
- `manager` (Dana): a player whom a league's owner makes its manager;
- `moderator` (Mod): a player in the community's moderators group, not staff;
- `outsider` (Charlie): a player with no relation to the others, who sees nothing private.

`personas` gives the league ladder by name, anonymous included; `api` is an anonymous API
client and `api_as(user)` one signed in as that user.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.community.models import MODERATORS_GROUP
from tests.factories import UserFactory

ApiAs = Callable[[User | None], APIClient]


@pytest.fixture
def operator(db: None) -> User:
    """Staff: imports races, features rounds, moderates, runs the admin site."""
    return UserFactory.create(
        email="operator@paddock.test", display_name="Operator", is_staff=True, is_superuser=True
    )


@pytest.fixture
def owner(db: None) -> User:
    """Alice, a player who owns things (a league, a question)."""
    return UserFactory.create(email="alice@paddock.test", display_name="Alice")


@pytest.fixture
def member(db: None) -> User:
    """Bob, a player who belongs to the owner's things."""
    return UserFactory.create(email="bob@paddock.test", display_name="Bob")


@pytest.fixture
def manager(db: None) -> User:
    """Dana, a player the owner makes manager of a league (the leagues' `league` fixture
    does); a plain player until then."""
    return UserFactory.create(email="dana@paddock.test", display_name="Dana")


@pytest.fixture
def moderator(db: None) -> User:
    """Mod, a player in the community's "moderators" group (not staff)."""
    user = UserFactory.create(email="mod@paddock.test", display_name="Mod")
    # The data migration makes the group; a transactional test's flush may have dropped it.
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    return user


@pytest.fixture
def outsider(db: None) -> User:
    """Charlie, a player with no relation to the others: sees nothing private."""
    return UserFactory.create(email="charlie@paddock.test", display_name="Charlie")


@pytest.fixture
def personas(
    owner: User, member: User, manager: User, outsider: User, operator: User
) -> dict[str, User | None]:
    """Persona name -> user (None for anonymous), from the least to the most entitled in a
    league; the manager is one only where a test's league makes her so."""
    return {
        "anonymous": None,
        "outsider": outsider,
        "operator": operator,
        "member": member,
        "manager": manager,
        "owner": owner,
    }


def _client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


@pytest.fixture
def api() -> APIClient:
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def api_as() -> ApiAs:
    """api_as(user) -> an API client authenticated as that user (anonymous for None)."""
    return _client_for
