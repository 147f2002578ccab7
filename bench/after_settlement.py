"""What a settlement sets off, timed on the benchmark's round once it is settled: the tasks
the `round_settled` signal queues, each run as its Celery task runs it (in a forked child,
so the settlement's own peak memory stays its own).

- badges: `award_game_badges` (the round's result and streak badges, and every player's
  level, which their game record moves);
- debrief: `round_debrief` (the round thread's summary post);
- results fan-out: `results_fanout` (who gets a results email, cut into chunks; the chunks'
  sending is `bench_emails`' subject, so the chunks are counted here, not sent).
"""

from __future__ import annotations

import multiprocessing
import time
from typing import Any


def measure(round_id: int) -> list[tuple[str, float, str]]:
    """(task, seconds, what it did) for each task, run one after the other in a child."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(round_id, child))
    process.start()
    rows = parent.recv()
    process.join()
    if process.exitcode:
        raise SystemExit(f"the tasks after the settlement failed ({process.exitcode})")
    return rows


def _run(round_id: int, pipe: Any) -> None:
    from django.db import connections

    from backend.community.tasks import award_game_badges, round_debrief
    from backend.game.models import Round
    from backend.notifications.signals import chunk_due
    from backend.notifications.tasks import results_fanout

    chunks: list[int] = []

    def count(sender: Any, player_ids: list[int], **kwargs: Any) -> None:
        chunks.append(len(player_ids))

    chunk_due.receivers = []  # counted, not sent
    chunk_due.connect(count, weak=False)
    version = Round.objects.get(pk=round_id).settlement_version
    rows = []
    for name, run in (
        ("badges and levels", lambda: award_game_badges.apply(args=(round_id,)).get()),
        ("debrief", lambda: round_debrief.apply(args=(round_id,)).get()),
        ("results fan-out", lambda: results_fanout.apply(args=(round_id, version)).get()),
    ):
        start = time.perf_counter()
        outcome = run()
        rows.append((name, time.perf_counter() - start, repr(outcome)[:60]))
    rows[-1] = (rows[-1][0], rows[-1][1], f"{len(chunks):,} chunks, {sum(chunks):,} players")
    pipe.send(rows)
    connections.close_all()
