"""The partitioned settlement on real Celery workers (bench_settlement `--workers N`).

For 1..N worker processes: the round is put back to its unsettled state with its first
result, N `celery worker -Q <queue> -c 1` processes are started against the benchmark's
database and REDIS_URL, `settle_round` is sent through Redis with
GAME_SETTLEMENT_PARTITIONS parts, and the time until the round carries its new settlement
version is measured, for the first settlement and then for the corrected result. The
workers are stopped and their queues purged afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

PARTITIONS = 4
TIMEOUT_SECONDS = 900.0


def measure(
    round_id: int,
    workers: int,
    *,
    first_result: Callable[[int], None],
    correct: Callable[[int], None],
) -> list[tuple[int, int, float, float, float, float]]:
    """Rows (workers, parts, first and corrected seconds, their WAL in MB) for 1..`workers`
    workers."""
    rows: list[tuple[int, int, float, float, float, float]] = []
    for count in range(1, workers + 1):
        _reset(round_id, first_result)
        with _workers(count) as send:
            first, first_wal = _timed_settlement(round_id, send, version=1)
            correct(round_id)
            corrected, corrected_wal = _timed_settlement(round_id, send, version=2)
        rows.append((count, PARTITIONS, first, corrected, first_wal, corrected_wal))
    return rows


def _reset(round_id: int, first_result: Callable[[int], None]) -> None:
    """The round unsettled again, with its first result; its scores and tables gone."""
    from django.db import connection

    from backend.game.models import Round, RoundScore, Standing, WeeklyStanding

    with connection.cursor() as cursor:
        for model in (RoundScore, Standing, WeeklyStanding):
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(model._meta.db_table)}")
    Round.objects.filter(pk=round_id).update(
        status=Round.Status.LOCKED, settlement_version=0, settled_result_version=0, settled_at=None
    )
    first_result(round_id)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _wait_ready(logs: list[Path]) -> None:
    """Until every worker logged that it is ready: their start is not part of the measure."""
    deadline = time.perf_counter() + 180
    while time.perf_counter() < deadline:
        if all("ready." in log.read_text() for log in logs):
            return
        time.sleep(0.2)
    raise SystemExit("the Celery workers did not start within 180 s")


def _timed_settlement(
    round_id: int, send: Callable[[int], None], *, version: int
) -> tuple[float, float]:
    """Seconds from sending settle_round to the round's new version committed, and the
    WAL written meanwhile (MB)."""
    from backend.game.models import Round
    from bench.common import wal_position

    wal = wal_position()
    start = time.perf_counter()
    send(round_id)
    while time.perf_counter() - start < TIMEOUT_SECONDS:
        if Round.objects.filter(pk=round_id, settlement_version__gte=version).exists():
            return time.perf_counter() - start, (wal_position() - wal) / 2**20
        time.sleep(0.05)
    raise SystemExit(f"the workers did not settle round {round_id} in {TIMEOUT_SECONDS:.0f} s")


@contextmanager
def _workers(count: int) -> Iterator[Callable[[int], None]]:
    """`count` worker processes on a queue of this run; yields a sender of settle_round."""
    from django.conf import settings

    from backend.config.celery import app
    from backend.game.tasks import settle_round

    redis = os.environ.get("REDIS_URL", "")
    if not redis:
        raise SystemExit("--workers needs REDIS_URL (the broker of the workers)")
    queue = f"bench-settlement-{settings.DATABASES['default']['NAME']}"
    env = os.environ | {
        "CELERY_BROKER_URL": redis,
        "CELERY_RESULT_BACKEND": redis,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_SETTLEMENT_QUEUE": queue,
        "GAME_SETTLEMENT_PARTITIONS": str(PARTITIONS),
        "LOG_LEVEL": "WARNING",
    }
    root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "-m", "celery", "-A", "backend.config", "worker", "-Q", queue]
    command += ["-c", "1", "--without-gossip", "--without-mingle", "--loglevel", "INFO"]
    logs = [
        Path(tempfile.mkstemp(prefix=f"bench-worker{i}-", suffix=".log")[1]) for i in range(count)
    ]
    processes = [
        subprocess.Popen(  # the banner out of the report, the log read for "ready"
            [*command, "-n", f"bench{i}-{os.getpid()}@localhost", "--logfile", str(log)],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for i, log in enumerate(logs)
    ]
    connection = app.connection_for_write(redis)

    def send(round_id: int) -> None:
        settle_round.apply_async((round_id,), queue=queue, connection=connection)

    try:
        _wait_ready(logs)
        yield send
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        with app.connection_for_write(redis) as purge:
            channel = purge.default_channel
            for name in (queue, "celery"):
                channel.queue_purge(name)
        connection.release()
        for log in logs:
            log.unlink(missing_ok=True)
