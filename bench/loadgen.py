"""A small closed-loop HTTP load generator: threads with keep-alive connections.

Runs in its own process (multiprocessing, spawn), imports nothing of Django, so its work
never shares a GIL with what it measures. Each thread sends requests one after another
on its own `http.client` connection; a request that fails or answers an unexpected
status is an error.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from bench import cpu


@dataclass
class Job:
    """What to send: `kind` "pick" (PUT a pick) or "get" (GET `path`)."""

    host: str
    port: int
    kind: str
    tokens: list[str]
    path: str
    runners: int = 16
    threads: int = 8
    seconds: float = 20.0
    warmup: float = 2.0
    ok_statuses: tuple[int, ...] = (200, 201)
    # Groups of processes whose CPU the measured window's edges read (bench.cpu): the
    # load generator's own is added as "load generator".
    watch: dict[str, cpu.Group] = field(default_factory=dict)


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0
    seconds: float = 0.0
    sample_error: str = ""
    # CPU seconds spent in the measured window, per watched group (bench.cpu).
    cpu: dict[str, float] = field(default_factory=dict)

    def add(self, other: Outcome) -> Outcome:
        """This outcome and `other`'s together: one measure taken in several slices."""
        self.latencies.extend(other.latencies)
        for name, seconds in other.cpu.items():
            self.cpu[name] = self.cpu.get(name, 0.0) + seconds
        for status, count in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + count
        self.failures += other.failures
        self.seconds += other.seconds
        self.sample_error = self.sample_error or other.sample_error
        return self


def _request(job: Job, rng: random.Random, token: str) -> tuple[str, str, bytes | None]:
    if job.kind == "pick":
        numbers = rng.sample(range(1, job.runners + 1), 3)
        body = {"win": numbers[0], "place": rng.choice(numbers[:2]), "alternate": numbers[2]}
        return "PUT", job.path, json.dumps(body).encode()
    return "GET", job.path, None


def _worker(
    job: Job, index: int, window: tuple[float, float], out: Outcome, lock: threading.Lock
) -> None:
    start_at, stop_at = window
    rng = random.Random(index)
    tokens = job.tokens[index :: job.threads]
    connection = http.client.HTTPConnection(job.host, job.port, timeout=10)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    failures = 0
    sample = ""
    position = 0
    while time.perf_counter() < stop_at:
        token = tokens[position % len(tokens)]
        position += 1
        method, path, body = _request(job, rng, token)
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        began = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            connection = http.client.HTTPConnection(job.host, job.port, timeout=10)
            failures += 1
            sample = sample or repr(exc)
            continue
        ended = time.perf_counter()
        if began < start_at:
            continue  # warm-up
        latencies.append(ended - began)
        statuses[status] = statuses.get(status, 0) + 1
        if status not in job.ok_statuses:
            failures += 1
            sample = sample or f"{status} {payload[:200]!r}"
    connection.close()
    with lock:
        out.latencies.extend(latencies)
        for status, count in statuses.items():
            out.statuses[status] = out.statuses.get(status, 0) + count
        out.failures += failures
        out.sample_error = out.sample_error or sample


def run(job: Job) -> Outcome:
    out = Outcome()
    lock = threading.Lock()
    now = time.perf_counter()
    start_at, stop_at = now + job.warmup, now + job.warmup + job.seconds
    threads = [
        threading.Thread(target=_worker, args=(job, i, (start_at, stop_at), out, lock))
        for i in range(job.threads)
    ]
    for thread in threads:
        thread.start()
    out.cpu = _watch(job, (start_at, stop_at))
    for thread in threads:
        thread.join()
    out.seconds = job.seconds
    return out


def _watch(job: Job, window: tuple[float, float]) -> dict[str, float]:
    """CPU seconds per watched group between the measured window's edges (this process's
    own as "load generator"), read while the worker threads send."""
    start_at, stop_at = window
    time.sleep(max(0.0, start_at - time.perf_counter()))
    before, own = cpu.snapshot(job.watch), time.process_time()
    time.sleep(max(0.0, stop_at - time.perf_counter()))
    own = time.process_time() - own
    after = cpu.snapshot(job.watch)
    if not after:
        return {}
    return {**cpu.spent(before, after), "load generator": own}


def run_in_process(job: Job) -> Outcome:
    """`run` in a separate process (spawned: a fresh interpreter, no shared GIL)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        result: Any = pool.apply(run, (job,))
    return result


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
