"""How every app defines and enqueues Celery tasks.

- `task(...)` is `shared_task` with Paddock's defaults: acknowledged late (a task whose
  worker dies is delivered again), bounded by time limits, and retried a bounded number of
  times with exponential backoff for the errors it names (`retry_for=`). Tasks take ids and
  call one service; they must be idempotent, since late acknowledgement can run them twice.
- `enqueue_on_commit(task, *args)` sends a task once the current transaction commits (at
  once outside a transaction), so a worker never sees a row that is not written yet, and a
  rolled-back request enqueues nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from celery import shared_task
from django.db import transaction

TIME_LIMIT_SECONDS = 10 * 60
MAX_RETRIES = 5
RETRY_BACKOFF_MAX_SECONDS = 600


def task_options(
    *,
    time_limit: int = TIME_LIMIT_SECONDS,
    retry_for: tuple[type[BaseException], ...] = (),
    max_retries: int = MAX_RETRIES,
    **options: Any,
) -> dict[str, Any]:
    """The `shared_task` options of a Paddock task (see the module's docstring)."""
    defaults: dict[str, Any] = {
        "acks_late": True,
        "reject_on_worker_lost": True,
        "time_limit": time_limit,
        "soft_time_limit": max(1, time_limit - max(5, time_limit // 10)),
        "max_retries": max_retries,
    }
    if retry_for:
        defaults |= {
            "autoretry_for": retry_for,
            "retry_backoff": True,
            "retry_backoff_max": RETRY_BACKOFF_MAX_SECONDS,
            "retry_jitter": True,
        }
    return defaults | options


def task(
    *,
    time_limit: int = TIME_LIMIT_SECONDS,
    retry_for: tuple[type[BaseException], ...] = (),
    max_retries: int = MAX_RETRIES,
    **options: Any,
) -> Callable[[Callable[..., Any]], Any]:
    """`@task(...)`: a shared task with Paddock's defaults (see the module's docstring).

    The decorated name is the Celery task (typed Any, as `shared_task` makes it), so that
    `delay`, `apply` and `request` type-check where it is used.
    """
    opts = task_options(
        time_limit=time_limit, retry_for=retry_for, max_retries=max_retries, **options
    )

    def decorate(function: Callable[..., Any]) -> Any:
        return shared_task(**opts)(function)

    return decorate


def enqueue_on_commit(task_: Any, *args: Any, **kwargs: Any) -> None:
    """Send `task_` with these arguments once the current transaction commits."""
    transaction.on_commit(partial(task_.delay, *args, **kwargs))
