"""The live layer's background work: pushing a round's new status into the rooms, and
moving live questions nobody took to the forum."""

from __future__ import annotations

from backend.common.tasks import task

from . import selectors
from .services.help import help_expire
from .services.rooms import round_status_push


@task(time_limit=120)
def push_round_status(round_id: int, status: str) -> int:
    """Every open web app hears of the round, every league room of it what it means."""
    return round_status_push(round_id=round_id, status=status)


@task(time_limit=120)
def help_expire_scan() -> int:
    """Live questions still waiting past LIVE_HELP_WAIT_SECONDS become forum questions."""
    moved = 0
    for request_id in selectors.help_expired_ids():
        moved += help_expire(request_id=request_id) is not None
    return moved
