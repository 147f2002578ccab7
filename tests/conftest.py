"""Shared fixtures: real services in CI, a clean cache, tasks in-process on request; the
personas and their API clients come from tests/personas.py."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from backend.config.celery import app as celery_app

pytest_plugins = ["tests.personas"]


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
def _english_again() -> Iterator[None]:
    """A request read in French leaves French active on its thread (the API's
    authentication activates the reader's language): the next test starts in English."""
    yield
    translation.deactivate()


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
def eager_celery() -> Iterator[None]:
    """Tasks run in-process, like the embedded default (CI runs with a real broker)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
