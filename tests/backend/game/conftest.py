"""Game fixtures: tasks run in-process, an open round and its API path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backend.config.celery import app as celery_app
from backend.game.models import Round

from .factories import RoundFactory


@pytest.fixture(autouse=True)
def eager_celery() -> Iterator[None]:
    """Tasks run in-process, like the embedded default (CI runs with a real broker)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def rnd(db: Any) -> Round:
    """An open round on a 10-runner race whose post time is tomorrow."""
    return RoundFactory()


def url(path: str) -> str:
    return f"/api/v1/game/{path}"
