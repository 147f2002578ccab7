"""Thin Celery tasks: they take ids and call one service."""

from __future__ import annotations

import logging
from typing import Any

from django.db import OperationalError

from backend.common.conf import scaled_seconds
from backend.common.errors import ApplicationError
from backend.common.tasks import task

from . import services
from .conf import game_settings

logger = logging.getLogger(__name__)


@task(time_limit=15 * 60, retry_for=(OperationalError,), max_retries=5)
def settle_round(round_id: int, force: bool = False) -> dict[str, Any]:
    """Settle one round (idempotent: a re-run with the same result changes nothing).

    A database that fails mid-way (OperationalError) is retried with a growing delay;
    a round that cannot be settled yet is not.
    """
    try:
        report = services.round_settle(round_id=round_id, force=force)
    except ApplicationError as exc:
        # Not settleable (yet): no official result, not locked, a draft. Nothing to retry.
        logger.warning("round %s not settled: %s", round_id, exc.message)
        return {"round_id": round_id, "settled": False, "reason": exc.code}
    return {
        "round_id": round_id,
        "settled": True,
        "version": report.version,
        "changed": report.changed,
        "picks": report.picks,
        "timings": report.timings,
    }


@task(time_limit=60)
def sweep_settlements() -> list[int]:
    """Periodic (beat, SETTLEMENT_SWEEP_SECONDS): queue again the settlement of every round
    whose race's final result waited GAME_SETTLEMENT_SWEEP_AFTER_SECONDS unsettled.

    Safe to repeat: settling is idempotent and a running settlement is skipped. Each message
    expires after that delay, so while no worker runs only the latest ones pile up.
    """
    after = int(scaled_seconds(game_settings().settlement_sweep_after_seconds, minimum=5))
    round_ids = services.rounds_overdue_for_settlement(after_seconds=after)
    for round_id in round_ids:
        settle_round.apply_async((round_id,), expires=max(after, 1))
    if round_ids:
        logger.warning("settlement overdue, queued again: rounds %s", round_ids)
    return round_ids


@task(time_limit=60)
def advance_rounds() -> dict[str, int]:
    """Periodic (beat, every minute): open due draft rounds, mark passed ones locked."""
    advanced = services.rounds_advance()
    return {"opened": advanced.opened, "locked": advanced.locked}
