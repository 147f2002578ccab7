"""Thin Celery tasks: they take ids and call one service."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from celery import chord
from django.db import OperationalError

from backend.common.conf import scaled_seconds
from backend.common.errors import ApplicationError
from backend.common.tasks import task

from . import announcements, partitioned, services
from .conf import game_settings
from .models import Pick
from .signals import pick_made

logger = logging.getLogger(__name__)


@task(time_limit=15 * 60, retry_for=(OperationalError,), max_retries=5)
def settle_round(round_id: int, force: bool = False) -> dict[str, Any]:
    """Settle one round (idempotent: a re-run with the same result changes nothing).

    A database that fails mid-way (OperationalError) is retried with a growing delay;
    a round that cannot be settled yet is not. With GAME_SETTLEMENT_PARTITIONS above 1
    the round is settled by a chord of `settle_round_part` tasks (one per player-id range)
    and `finish_settlement` (see backend/game/partitioned.py); this task only plans it.
    """
    partitions = game_settings().settlement_partitions
    try:
        if partitions > 1:
            plan = partitioned.settlement_plan(
                round_id=round_id, partitions=partitions, force=force
            )
            if plan is not None and plan.spans:
                return _settle_in_parts(plan)
        report = services.round_settle(round_id=round_id, force=force)
    except ApplicationError as exc:
        # Not settleable (yet): no official result, not locked, a draft. Nothing to retry.
        logger.warning("round %s not settled: %s", round_id, exc.message)
        return {"round_id": round_id, "settled": False, "reason": exc.code}
    return _outcome(report)


def _outcome(report: services.SettlementReport) -> dict[str, Any]:
    return {
        "round_id": report.round_id,
        "settled": True,
        "version": report.version,
        "changed": report.changed,
        "picks": report.picks,
        "timings": report.timings,
    }


def _settle_in_parts(plan: partitioned.Plan) -> dict[str, Any]:
    """Send the chord: the parts side by side, then the finish. Eagerly (tests, no
    broker) the chord runs here and its finish's outcome is returned."""
    data = dataclasses.asdict(plan)
    result = chord(settle_round_part.si(data, list(span)) for span in plan.spans)(
        finish_settlement.s(data)
    )
    if settle_round.app.conf.task_always_eager:
        return dict(result.get())
    return {"round_id": plan.round_id, "settled": False, "parts": len(plan.spans)}


def _plan(data: dict[str, Any]) -> partitioned.Plan:
    return partitioned.Plan(**data | {"spans": [tuple(s) for s in data["spans"]]})


@task(time_limit=15 * 60, retry_for=(OperationalError,), max_retries=5, ignore_result=False)
def settle_round_part(plan: dict[str, Any], span: list[int]) -> dict[str, Any]:
    """Score and write one player-id range of a partitioned settlement (a chord's part;
    its result is kept for the chord). Safe to run twice: the second run writes nothing."""
    timings: dict[str, float] = {}
    picks = partitioned.settlement_part(plan=_plan(plan), span=(span[0], span[1]), timings=timings)
    return {"span": span, "picks": picks, "timings": timings}


@task(time_limit=15 * 60, retry_for=(OperationalError,), max_retries=5)
def finish_settlement(parts: list[dict[str, Any]], plan: dict[str, Any]) -> dict[str, Any]:
    """Rank the season once every part of a partitioned settlement is written (the chord's
    callback: `parts` are the parts' results)."""
    try:
        report = partitioned.settlement_finish(
            plan=_plan(plan), parts=[part["picks"] for part in parts]
        )
    except ApplicationError as exc:
        logger.warning("round %s not settled: %s", plan["round_id"], exc.message)
        return {"round_id": plan["round_id"], "settled": False, "reason": exc.code}
    return _outcome(report)


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


@task(time_limit=60, retry_for=(OperationalError,))
def announce_pick_made(player_id: int, round_id: int) -> None:
    """Send `pick_made` for one player's first pick of a round, in a worker: the receivers
    (missions, an inviter's missions) do their queries and awards here, after the pick's
    commit. Only where picks cannot be announced in batches (announcements.py)."""
    pick_made.send(sender=Pick, player_id=player_id, round_id=round_id)


@task(time_limit=5 * 60, retry_for=(OperationalError,))
def announce_picks_made() -> int:
    """Periodic (beat, every PICK_ANNOUNCE_SECONDS): `pick_made` for the first picks
    queued since the last run (announcements.py): how many."""
    return announcements.announce_pending()
