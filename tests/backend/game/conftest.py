"""Game fixtures: tasks run in-process, an open round and its API path."""

from __future__ import annotations

import pytest

from backend.game.models import Round
from tests.factories import RoundFactory


@pytest.fixture(autouse=True)
def _tasks_in_process(eager_celery: None) -> None:
    """Every game test runs its tasks in-process."""


@pytest.fixture
def rnd(db: None) -> Round:
    """An open round on a 10-runner race whose post time is tomorrow."""
    return RoundFactory.create()


def url(path: str) -> str:
    return f"/api/v1/game/{path}"
