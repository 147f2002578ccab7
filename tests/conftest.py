"""Shared fixtures: real services in CI, personas, an API client per persona."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import UserFactory


def pytest_configure(config: pytest.Config) -> None:
    # Factories hash a password per user: a fast hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests render pages without running collectstatic first: no manifest to look up.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if os.environ.get("CI"):
        engine = settings.DATABASES["default"]["ENGINE"]
        if engine != "django.db.backends.postgresql":
            raise pytest.UsageError(
                f"CI is set but the tests would run on {engine}: set DATABASE_URL to PostgreSQL."
            )
        if not settings.REDIS_URL:
            raise pytest.UsageError("CI is set but REDIS_URL is not: the tests need Redis.")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres` need PostgreSQL features; outside CI they skip on SQLite."""
    if settings.IS_POSTGRES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL); runs in CI")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    yield
    if settings.REDIS_URL:
        prefix = settings.CACHES["default"]["KEY_PREFIX"]
        client = cache._cache.get_client()  # type: ignore[attr-defined]
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture
def operator(db: Any) -> Any:
    """Staff: imports races, features rounds, moderates."""
    return UserFactory(
        email="operator@paddock.test", display_name="Operator", is_staff=True, is_superuser=True
    )


@pytest.fixture
def owner(db: Any) -> Any:
    """A player who owns things (a league, a question)."""
    return UserFactory(email="alice@paddock.test", display_name="Alice")


@pytest.fixture
def member(db: Any) -> Any:
    """A player who belongs to the owner's things."""
    return UserFactory(email="bob@paddock.test", display_name="Bob")


@pytest.fixture
def outsider(db: Any) -> Any:
    """A player with no relation to the others: sees nothing private."""
    return UserFactory(email="charlie@paddock.test", display_name="Charlie")


def _client_for(user: Any | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


@pytest.fixture
def api() -> APIClient:
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def api_as() -> Any:
    """api_as(user) -> an API client authenticated as that user."""
    return _client_for
