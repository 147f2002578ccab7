"""Settlement survives a worker killed mid-task: a real Celery worker on the Redis broker
settles a large round; it is SIGKILLed in the middle of the settlement; the message, never
acknowledged (acks_late), comes back and the round ends settled exactly once.

Two ways a worker dies:
- the whole worker (machine lost): Redis redelivers the unacknowledged message once the
  visibility timeout has passed (CELERY_VISIBILITY_TIMEOUT, a few seconds here) to the
  next worker that starts;
- only the pool process running the task: the worker sees it lost and, with
  task_reject_on_worker_lost, requeues the message at once.

The settlement is one transaction, so the killed attempt leaves nothing behind, and it is
idempotent, so the redelivered run writes the round once: RoundScore rows = picks, points
as the rules say, standings equal to a recomputation, settlement_version 1.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pandas as pd
import pytest
import redis
from django.conf import settings
from django.db import connection
from kombu.transport.redis import Channel

import scoring
from backend.config.celery import app as celery_app
from backend.game.models import Round, RoundScore, Standing, WeeklyStanding
from backend.game.tasks import settle_round
from tests.reliability.conftest import (
    PLACE_CENTS,
    WIN_CENTS,
    need_services,
    open_round,
    store_official_result,
)
from tests.support import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
PICKS = int(os.environ.get("RELIABILITY_SETTLE_PICKS", "200000"))
VISIBILITY_TIMEOUT = 2  # seconds, for this test's workers only
DEADLINE = 120  # seconds any one wait may take before the test fails


def seed_players(count: int) -> None:
    """`count` players in one statement (a real large round, not a slowed-down one)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_user (password, email, display_name, country, language, "
            "time_zone, is_active, is_staff, is_superuser, date_joined) "
            "SELECT '!', 'load' || g || '@load.test', 'Load ' || g, 'FR', 'en', "
            "'Europe/Paris', true, false, false, NOW() FROM generate_series(1, %s) g",
            [count],
        )


def seed_picks(rnd: Round) -> int:
    """A pick for every seeded player, selections spread over the 8 runners."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO game_pick (player_id, round_id, win, place, alternate, created_at, "
            "updated_at) SELECT id, %s, 1 + id %% 8, 1 + (id / 8) %% 8, NULL, NOW(), NOW() "
            "FROM accounts_user WHERE email LIKE 'load%%@load.test'",
            [rnd.pk],
        )
        return int(cursor.rowcount)


class Worker:
    """`celery -A backend.config worker` on this test's database and queue (`app` and
    `extra_args` change the app module and add options, e.g. an embedded beat)."""

    def __init__(
        self,
        queue: str,
        log: Path,
        extra_env: dict[str, str] | None = None,
        *,
        app: str = "backend.config",
        extra_args: Sequence[str] = (),
    ) -> None:
        db = settings.DATABASES["default"]
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "DJANGO_SETTINGS_MODULE": "backend.config.settings",
            "PYTHONPATH": str(REPO),
            **(extra_env or {}),
        }
        self.log = log
        self._out = log.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", app, "worker",
                "-Q", queue, "-n", f"{queue}-{uuid.uuid4().hex[:6]}@%h",
                "--pool=prefork", "--concurrency=1", "--loglevel=INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                *extra_args,
            ],
            cwd=REPO, env=env, stdout=self._out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def pool_children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill(self) -> None:
        """SIGKILL the worker and its pool: nothing is acknowledged, nothing cleaned up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._out.close()

    def text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[Worker]]:
    """The test's workers, appended as it starts them; every one is killed at the end."""
    need_services(redis=True)
    assert not celery_app.conf.task_always_eager, "the task must go through the broker"
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.kill()


def logs(workers: Sequence[Worker]) -> Callable[[], str]:
    """The end of each worker's log, for the message of a wait that timed out."""
    return lambda: "worker logs:\n" + "\n".join(w.text()[-3000:] for w in workers)


def settlement_writes_scores() -> bool:
    """Another session holds the lock a write to the scores table takes: the settlement
    is inside its transaction (the round row already updated), writing the round's scores,
    with the standings and weekly tables still to come."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'relation' "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND relation = %s::regclass AND mode = 'RowExclusiveLock' AND granted "
            "AND pid <> pg_backend_pid())",
            [RoundScore._meta.db_table],
        )
        return bool(cursor.fetchone()[0])


def redelivery_due(queue: str) -> Callable[[], bool]:
    """Whether the broker holds an unacknowledged message of `queue` delivered more than
    the visibility timeout ago: the next worker to start takes it back (kombu's Redis
    transport restores such messages when it starts consuming)."""

    def due() -> bool:
        with redis.Redis.from_url(settings.CELERY_BROKER_URL) as broker:
            overdue = broker.zrangebyscore(
                Channel.unacked_index_key, 0, time.time() - VISIBILITY_TIMEOUT
            )
            rows = broker.hmget(Channel.unacked_key, overdue) if overdue else []
        # Each row is [message, exchange, routing key]; the routing key names the queue.
        return any(row is not None and json.loads(row)[2] == queue for row in rows)

    return due


def assert_settled_exactly_once(rnd: Round, picks: int) -> None:
    rnd.refresh_from_db()
    assert (rnd.status, rnd.settlement_version, rnd.settled_result_version) == ("settled", 1, 1)
    assert RoundScore.objects.filter(round=rnd).count() == picks
    assert WeeklyStanding.objects.filter(round=rnd).count() == picks
    assert not RoundScore.objects.filter(round=rnd).exclude(settlement_version=1).exists()
    # Points as the rules say, computed here from the picks, not from the engine.
    place_case = " ".join(f"WHEN {n} THEN {2 * c}" for n, c in PLACE_CENTS.items())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(CASE WHEN win = 1 THEN {2 * WIN_CENTS} ELSE 0 END "  # noqa: S608 - constants
            f"+ CASE place {place_case} ELSE 0 END), 0) FROM game_pick WHERE round_id = %s",
            [rnd.pk],
        )
        expected = cursor.fetchone()[0]
        cursor.execute("SELECT SUM(points) FROM game_roundscore WHERE round_id = %s", [rnd.pk])
        assert cursor.fetchone()[0] == expected
    # Standings: one per player, totals equal to the scores, ranks equal to a recomputation.
    table = pd.DataFrame.from_records(
        Standing.objects.filter(season_id=rnd.season_id).values(
            "player_id", "points", "wins", "best", "rank"
        )
    )
    scores = pd.DataFrame.from_records(
        RoundScore.objects.filter(round=rnd).values("player_id", "points", "win_hit")
    )
    assert len(table) == picks
    merged = table.merge(scores, on="player_id", suffixes=("", "_score"))
    assert (merged["points"] == merged["points_score"]).all()
    assert (merged["wins"] == merged["win_hit"].astype(int)).all()
    recomputed = scoring.rank(table[["player_id", "points", "wins", "best"]])
    assert (recomputed.to_numpy() == table["rank"].to_numpy()).all()


def large_locked_round() -> tuple[Round, int]:
    rnd = open_round(runners=8)
    seed_players(PICKS)
    picks = seed_picks(rnd)
    store_official_result(rnd)
    return rnd, picks


def test_it_settles_once_when_the_worker_is_killed_mid_settlement(
    workers: list[Worker], tmp_path: Path
) -> None:
    rnd, picks = large_locked_round()
    queue = f"reliability-{uuid.uuid4().hex[:8]}"
    first = Worker(queue, tmp_path / "worker1.log")
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
    assert "settled round" not in first.text()

    # The message was never acknowledged: past the visibility timeout a new worker gets it.
    wait_for(
        redelivery_due(queue),
        timeout=DEADLINE,
        what="the unacknowledged settlement to pass its visibility timeout",
        details=logs(workers),
    )
    second = Worker(queue, tmp_path / "worker2.log")
    workers.append(second)
    wait_for(
        lambda: Round.objects.filter(pk=rnd.pk, settlement_version__gte=1).exists(),
        timeout=DEADLINE,
        what="the redelivered settlement",
        details=logs(workers),
    )
    assert_settled_exactly_once(rnd, picks)
    assert second.text().count(f"settled round {rnd.pk} v1") == 1


def test_it_settles_once_when_the_pool_process_is_killed_mid_settlement(
    workers: list[Worker], tmp_path: Path
) -> None:
    rnd, picks = large_locked_round()
    queue = f"reliability-{uuid.uuid4().hex[:8]}"
    worker = Worker(queue, tmp_path / "worker.log")
    workers.append(worker)
    settle_round.apply_async(args=[rnd.pk], queue=queue)

    wait_for(
        settlement_writes_scores,
        timeout=DEADLINE,
        what="the settlement to write the round's scores",
        details=logs(workers),
    )
    children = worker.pool_children()
    assert len(children) == 1
    os.kill(children[0], signal.SIGKILL)
    rnd.refresh_from_db()
    assert rnd.settlement_version == 0, "the settlement finished before the kill"

    # reject_on_worker_lost: the worker requeues the message and a new pool process runs it.
    wait_for(
        lambda: Round.objects.filter(pk=rnd.pk, settlement_version__gte=1).exists(),
        timeout=DEADLINE,
        what="the requeued settlement",
        details=logs(workers),
    )
    assert_settled_exactly_once(rnd, picks)
    log = worker.text()
    assert "WorkerLostError" in log, log[-3000:]
    assert log.count(f"settled round {rnd.pk} v1") == 1, log[-3000:]
