"""Result polling: every few minutes, fetch the results of featured races past post time."""

from __future__ import annotations

import logging
from typing import cast

from celery import Task
from django.utils import timezone

from backend.common.conf import scaled_seconds
from backend.common.errors import ApplicationError
from backend.common.tasks import task
from importers import FeedError

from .feeds import pmu_http_source
from .models import ImportRun
from .selectors import race_get, races_to_poll
from .services import race_fetch_result

logger = logging.getLogger(__name__)

FETCH_RETRIES = 3
FETCH_BACKOFF_SECONDS = 60


@task(time_limit=60)
def poll_results() -> int:
    """Queue a fetch for every race `races_to_poll` names; returns how many (beat: 5 min)."""
    race_ids = list(races_to_poll(now=timezone.now()).values_list("pk", flat=True))
    fetch = cast("Task", fetch_result)  # `task` keeps the function's type; Celery made it a Task
    for race_id in race_ids:
        fetch.delay(race_id)
    return len(race_ids)


@task(time_limit=180, max_retries=FETCH_RETRIES, bind=True)
def fetch_result(self: Task, race_id: int) -> str:
    """Fetch and store one race's result from the PMU feed. Idempotent.

    Not published yet: returns "not_published" and the next poll tries again. A feed that
    cannot be read is retried on a worker with a growing delay (in-process, the next poll
    tries again); a result that breaks the rules
    (ApplicationError) is not, it waits for an operator (see the ImportRun list).
    """
    race = race_get(race_id=race_id)
    if race is None:
        return "missing"
    try:
        with pmu_http_source() as source:
            return race_fetch_result(race=race, source=source, trigger=ImportRun.Trigger.TASK)
    except FeedError as exc:
        logger.warning("racing: fetching %s failed: %s", race, exc)
        if self.request.is_eager:
            # In-process (the embedded default) a retry would block the poll: the next
            # poll is the retry.
            return "failed"
        countdown = scaled_seconds(FETCH_BACKOFF_SECONDS * 2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown) from exc
    except ApplicationError as exc:
        logger.error("racing: the result of %s was refused: %s", race, exc.message)
        return "refused"
