"""Settlement never waits: a worker killed whole in the middle of a settlement (SIGKILL of
its process group: nothing acknowledged, nothing cleaned up) loses the message until the
broker's visibility timeout, an hour in production. The settlement sweep does not wait for
it: the next worker to start, with beat running the sweep, settles the round well within
2 minutes, exactly once.

The workers run Paddock's app with the production visibility timeout (3600 s), so the
redelivery of the lost message plays no part; only the sweep's timings are shortened
(tests/reliability/settlement_app.py), and the settlement pauses after writing its scores
so a small round can be caught mid-settlement.
"""

from __future__ import annotations

import logging
import time
import uuid
from pathlib import Path

import pytest

from backend.game.models import Round, RoundScore
from backend.game.tasks import settle_round
from tests.reliability.conftest import open_round, store_official_result
from tests.reliability.test_worker_faults import (
    Worker,
    assert_settled_exactly_once,
    logs,
    seed_picks,
    seed_players,
    settlement_writes_scores,
    workers,
)
from tests.support import wait_for

logger = logging.getLogger(__name__)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

__all__ = ["workers"]  # the fixture, shared with test_worker_faults

APP = "tests.reliability.settlement_app"
PLAYERS = 300
PAUSE = 60  # seconds the first settlement sleeps inside its transaction: it is killed first
WITHIN = 120  # seconds: the promise, from the new worker's start to the round settled
DEADLINE = 60  # seconds any wait before that may take


def sweep_env(queue: str, *, pause: float) -> dict[str, str]:
    return {
        "CELERY_SETTLEMENT_QUEUE": queue,  # the sweep queues settlements where we listen
        "CELERY_VISIBILITY_TIMEOUT": "3600",  # production's: no redelivery within the test
        "GAME_SETTLEMENT_SWEEP_AFTER_SECONDS": "2",
        "PADDOCK_TEST_SWEEP_SECONDS": "1",
        "PADDOCK_TEST_SETTLE_PAUSE": str(pause),
    }


def test_a_round_lost_with_its_worker_is_settled_once_by_the_next_worker(
    workers: list[Worker], tmp_path: Path
) -> None:
    rnd = open_round(runners=8)
    seed_players(PLAYERS)
    picks = seed_picks(rnd)
    store_official_result(rnd)
    queue = f"settlement-{uuid.uuid4().hex[:8]}"

    first = Worker(queue, tmp_path / "worker1.log", sweep_env(queue, pause=PAUSE), app=APP)
    workers.append(first)
    settle_round.apply_async(args=[rnd.pk], queue=queue)
    wait_for(
        settlement_writes_scores,
        timeout=DEADLINE,
        what="the settlement to write the round's scores",
        details=logs(workers),
    )
    first.kill()
    rnd.refresh_from_db()
    assert rnd.settlement_version == 0, "the settlement finished before the kill"
    assert not RoundScore.objects.filter(round=rnd).exists()

    started = time.monotonic()
    second = Worker(
        queue,
        tmp_path / "worker2.log",
        sweep_env(queue, pause=0),
        app=APP,
        extra_args=["-B", "-s", str(tmp_path / "beat-schedule")],
    )
    workers.append(second)
    wait_for(
        lambda: Round.objects.filter(pk=rnd.pk, settlement_version__gte=1).exists(),
        timeout=WITHIN,
        what="the sweep to settle the lost round",
        details=logs(workers),
    )
    elapsed = time.monotonic() - started
    logger.warning("lost round settled %.1f s after the new worker started", elapsed)

    assert elapsed < WITHIN
    assert_settled_exactly_once(rnd, picks)
    assert "settlement overdue, queued again" in second.text()
    assert second.text().count(f"settled round {rnd.pk} v1") == 1
    assert "settled round" not in first.text()
