"""Console fixtures: the real PMU captures (from the racing tests), tasks in-process."""

from __future__ import annotations

import pytest

from tests.backend.racing.conftest import real_data, real_files  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _tasks_in_process(eager_celery: None) -> None:
    """Settlements and emails run in-process, as a worker would run them."""
