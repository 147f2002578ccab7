"""Results emails survive a worker killed mid-chunk without anyone getting one twice.

A real Celery worker on the Redis broker settles a round of a few thousand players; the
settlement's `round_settled` enqueues the results fan-out, which enqueues `send_chunk`
tasks of CHUNK_SIZE (500) that deliver over SMTP to a sink on loopback (aiosmtpd, in this
process, a little slow per message and counting messages per recipient). The worker is
SIGKILLed while it sends the second chunk; a new worker starts, the unacknowledged chunk
comes back after the visibility timeout, the queue drains, and:

- no recipient received two emails (the claim, committed before any SMTP, says who sends);
- every player received exactly one email, or has an EmailDelivery row left `sending` by
  the killed chunk (the documented at-most-once window, flagged by the admin report);
- those rows are few: all of the killed task, at most one claim batch (MARK_EVERY, 50),
  so well under a chunk: the redelivered chunk sends what the killed one had not reached;
- a second fan-out (and even a chunk of every player enqueued again) sends nothing.

The worker is `celery -A backend.config worker` with the project's settings; the only
difference is CELERY_TASK_DEFAULT_QUEUE, set to this test's queue by a settings module
written in tmp_path, so that the tasks the worker enqueues itself (fan-out, chunks) stay
on this test's queue and no other worker or test run sees them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from backend.config.celery import app as celery_app
from backend.game.models import Round
from backend.game.tasks import settle_round
from backend.notifications.conf import conf
from backend.notifications.models import EmailDelivery, Kind
from backend.notifications.tasks import results_fanout, send_chunk
from tests.reliability.conftest import need_services, open_round, store_official_result
from tests.reliability.test_worker_faults import (
    DEADLINE,
    REPO,
    Worker,
    logs,
    redelivery_due,
    seed_picks,
    seed_players,
)
from tests.support import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Status = EmailDelivery.Status

PLAYERS = int(os.environ.get("RELIABILITY_EMAIL_PLAYERS", "2000"))
SMTP_DELAY = 0.002  # seconds the sink takes per message: chunks last long enough to aim at
SUCCEEDED = re.compile(r"Task backend\.notifications\.tasks\.(\w+)\[([0-9a-f-]+)\] succeeded")


# --- the SMTP sink ----------------------------------------------------------------------


class CountingSink:
    """aiosmtpd handler: accepts every message after SMTP_DELAY, counts them per recipient."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        await asyncio.sleep(SMTP_DELAY)
        with self.lock:
            self.counts.update(address.lower() for address in envelope.rcpt_tos)
        return "250 2.0.0 Accepted"

    def total(self) -> int:
        with self.lock:
            return sum(self.counts.values())

    def snapshot(self) -> Counter[str]:
        with self.lock:
            return Counter(self.counts)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_sink() -> Iterator[tuple[CountingSink, int]]:
    """The counting sink served on a free loopback port (ready when `start` returns), and
    that port."""
    sink = CountingSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    quiet = logging.getLogger("mail.log")  # aiosmtpd: a few lines per message otherwise
    level = quiet.level
    quiet.setLevel(logging.WARNING)
    controller.start()
    yield sink, port
    controller.stop()
    quiet.setLevel(level)


# --- workers on this test's queue -----------------------------------------------------------


class EmailWorker(Worker):
    """Worker's `celery -A backend.config worker`, delivering to the sink, whose own tasks
    (the fan-out after the settlement, the chunks) are enqueued on this test's queue."""

    def __init__(self, queue: str, log: Path, *, smtp_port: int, settings_dir: Path) -> None:
        super().__init__(
            queue,
            log,
            extra_env={
                "DJANGO_SETTINGS_MODULE": "email_worker_settings",
                "PYTHONPATH": os.pathsep.join([str(REPO), str(settings_dir)]),
                "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
                "EMAIL_TIMEOUT": "10",
                "NOTIFICATIONS_CHUNK_SIZE": str(conf().chunk_size),
            },
        )


def write_worker_settings(folder: Path, queue: str) -> Path:
    folder.mkdir()
    (folder / "email_worker_settings.py").write_text(
        "from backend.config.settings import *  # noqa: F403\n\n"
        f"CELERY_TASK_DEFAULT_QUEUE = {queue!r}\n"
    )
    return folder


@pytest.fixture
def workers() -> Iterator[list[EmailWorker]]:
    """The test's workers, appended as it starts them; every one is killed at the end."""
    need_services(redis=True)
    assert not celery_app.conf.task_always_eager, "the tasks must go through the broker"
    started: list[EmailWorker] = []
    yield started
    for worker in started:
        worker.kill()


def succeeded(workers: list[EmailWorker], task: str) -> set[str]:
    """Ids of the `task` runs the workers' logs show as succeeded."""
    return {
        task_id
        for worker in workers
        for name, task_id in SUCCEEDED.findall(worker.text())
        if name == task
    }


# --- the round ------------------------------------------------------------------------------


def settled_round_to_be(players: int) -> tuple[Round, list[int], dict[int, str]]:
    """A locked round with an official result, a pick per player; players verified, half
    of them French. Returns the round, the player ids, and each player's address."""
    rnd = open_round(runners=8)
    seed_players(players)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET language = 'fr' "
            "WHERE email LIKE 'load%@load.test' AND id % 2 = 0"
        )
        cursor.execute(
            'INSERT INTO account_emailaddress (user_id, email, verified, "primary") '
            "SELECT id, email, true, true FROM accounts_user WHERE email LIKE 'load%@load.test'"
        )
        cursor.execute("SELECT id, email FROM accounts_user WHERE email LIKE 'load%@load.test'")
        addresses = {pk: email.lower() for pk, email in cursor.fetchall()}
    assert seed_picks(rnd) == players
    store_official_result(rnd)
    return rnd, sorted(addresses), addresses


def statuses(rnd: Round) -> dict[int, tuple[str, str]]:
    """player id -> (status, owner) of the round's results rows."""
    return {
        player_id: (status, owner)
        for player_id, status, owner in EmailDelivery.objects.filter(
            kind=Kind.RESULTS, key=f"results:{rnd.pk}"
        ).values_list("player_id", "status", "owner")
    }


def test_results_are_never_sent_twice_when_the_worker_is_killed_mid_chunk(
    workers: list[EmailWorker], smtp_sink: tuple[CountingSink, int], tmp_path: Path
) -> None:
    sink, port = smtp_sink
    chunk, window = conf().chunk_size, conf().mark_every
    assert 2 * chunk < PLAYERS, "the kill must land in a chunk with another one after it"
    rnd, player_ids, addresses = settled_round_to_be(PLAYERS)
    queue = f"reliability-email-{uuid.uuid4().hex[:8]}"
    worker_settings = write_worker_settings(tmp_path / "settings", queue)

    def start(name: str) -> EmailWorker:
        worker = EmailWorker(queue, tmp_path / name, smtp_port=port, settings_dir=worker_settings)
        workers.append(worker)
        return worker

    first = start("worker1.log")
    # The production path: the worker settles; on commit round_settled enqueues the
    # results fan-out, which enqueues the chunks.
    settle_round.apply_async(args=[rnd.pk], queue=queue)

    # Kill while the second chunk is being sent (well past its first marks).
    kill_at = chunk + chunk // 3 + 7
    wait_for(
        lambda: sink.total() >= kill_at,
        timeout=DEADLINE,
        what="the second chunk to be sending",
        details=logs(workers),
    )
    first.kill()
    rows = statuses(rnd)
    sending = {p for p, (status, _) in rows.items() if status == Status.SENDING}
    assert chunk <= sink.total() < PLAYERS, "the kill did not land in the middle"
    assert sending, "the kill did not land inside a chunk"
    assert len(sending) <= window, f"the killed chunk holds {len(sending)} rows, over a batch"
    assert len({owner for p, (_, owner) in rows.items() if p in sending}) == 1
    (killed_task,) = {owner for p, (_, owner) in rows.items() if p in sending}
    assert killed_task not in succeeded([first], "send_chunk")

    # The chunk was never acknowledged: past the visibility timeout a new worker gets it,
    # and the chunks the first worker never reached.
    wait_for(
        redelivery_due(queue),
        timeout=DEADLINE,
        what="the unacknowledged chunk to pass its visibility timeout",
        details=logs(workers),
    )
    second = start("worker2.log")
    chunks = -(-PLAYERS // chunk)
    wait_for(
        lambda: (
            len(succeeded(workers, "send_chunk")) >= chunks
            and killed_task in succeeded([second], "send_chunk")
        ),
        timeout=DEADLINE,
        what="the chunks to drain",
        details=logs(workers),
    )
    assert re.search(
        rf"results_fanout\[[0-9a-f-]+\] succeeded in [\d.]+s: {chunks}\b", first.text()
    )
    received = sink.snapshot()
    rows = statuses(rnd)

    # The headline: nobody got the results twice, and nobody outside the round got any.
    twice = {address: n for address, n in received.items() if n > 1}
    assert not twice, f"{len(twice)} recipients got the results more than once"
    assert set(received) <= set(addresses.values())
    # Everyone has a row; every player got exactly one email or is in the window.
    assert set(rows) == set(player_ids)
    left_sending = {p for p, (status, _) in rows.items() if status == Status.SENDING}
    assert {status for status, _ in rows.values()} <= {Status.SENT, Status.SENDING}, rows
    for player_id in player_ids:
        if rows[player_id][0] == Status.SENT:
            assert received[addresses[player_id]] == 1, player_id
    not_received = {p for p in player_ids if received[addresses[p]] == 0}
    assert not_received <= left_sending
    # The window: the batch the killed chunk had claimed and not marked; nothing else is
    # left: the redelivered chunk sent the messages the killed one had not reached.
    assert left_sending == sending
    assert 0 < len(left_sending) <= window < chunk
    assert sink.total() == PLAYERS - len(not_received)
    redelivered = re.search(
        rf"send_chunk\[{killed_task}\] succeeded in [\d.]+s: {{'claimed': (\d+), 'sent': (\d+),",
        second.text(),
    )
    assert redelivered, second.text()[-3000:]
    assert int(redelivered[1]) == int(redelivered[2]) > 0

    # A second fan-out finds nobody due; a chunk of every player enqueued again (a double
    # trigger past the audience query) finds every row taken. Nothing more is sent.
    fanout = results_fanout.apply_async(args=[rnd.pk, 1, False], queue=queue)
    again = send_chunk.apply_async(
        kwargs={"kind": Kind.RESULTS, "player_ids": player_ids, "round_id": rnd.pk},
        queue=queue,
    )
    wait_for(
        lambda: (
            fanout.id in succeeded([second], "results_fanout")
            and again.id in succeeded([second], "send_chunk")
        ),
        timeout=DEADLINE,
        what="the second fan-out",
        details=logs(workers),
    )
    log = second.text()
    assert re.search(rf"results_fanout\[{fanout.id}\] succeeded in [\d.]+s: 0\b", log), log[-3000:]
    assert re.search(rf"send_chunk\[{again.id}\] succeeded in [\d.]+s: {{'claimed': 0,", log)
    assert sink.snapshot() == received
    assert statuses(rnd) == rows
