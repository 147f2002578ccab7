"""The API under load: pick submissions, and the global ranking at 1,000,000 players.

Builds a season whose table holds 1,000,000 ranked players (written with COPY) and an
open round, serves the project with gunicorn (2 workers, gthread) on loopback, and
drives it from a separate process (`bench.loadgen`: threads with keep-alive
connections, token authentication, a different player per request):

(a) GET /bench/trivial, a few bytes of JSON through the same middleware and server
    (`bench.urls`, served only here): the baseline of the run;
(b) PUT /api/v1/game/rounds/<id>/pick/ — target: at least 0.4x the trivial endpoint's
    rate in accepted picks, p99 under 100 ms at 10 clients, no errors;
(c) GET /healthz — target: at least 0.8x the trivial endpoint's rate;
(d) GET /api/v1/game/seasons/<id>/rankings/ as random players of the million (page 1,
    their row and the rows around them), warm — target: p99 under 50 ms.

(a), (b) and (c) take turns (`--rounds`, 4 by default: each measured in 4 slices, in a
rotating order), so the ratios hold however the machine's speed drifts during the run.

    python -m bench.bench_api [--players N] [--seconds S] [--rounds R] [--quick] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bench import cpu
from bench.common import (
    analyze,
    bench_database,
    copy_frame,
    machine,
    make_players,
    make_tokens,
    table,
    timed,
    verdict,
)
from bench.loadgen import Job, Outcome, percentile, run_in_process

RUNNERS = 16
PICK_PLAYERS = 30_000
RANKING_PLAYERS = 5_000
PICK_RATIO = 0.4
HEALTH_RATIO = 0.8
PICK_P99_TARGET = 0.100
RANKING_P99_TARGET = 0.050


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _season(players: int) -> tuple[int, int, dict[str, float]]:
    """1M players with a standing in an active season, and an open round on a race."""
    from django.db import transaction
    from django.utils import timezone

    import scoring
    from backend.game.models import Round, Season
    from backend.racing.models import Meeting, Race, Runner

    setup: dict[str, float] = {}
    with timed("players (COPY)", setup):
        make_players(players)
    post = timezone.now() + dt.timedelta(days=1)
    with transaction.atomic():
        season = Season.objects.create(
            name_en="Bench season",
            name_fr="Saison de mesure",
            starts_on=post.date() - dt.timedelta(days=60),
            ends_on=post.date() + dt.timedelta(days=60),
            status=Season.Status.ACTIVE,
        )
        meeting = Meeting.objects.create(date=post.date(), number=1, racecourse="Longchamp")
        race = Race.objects.create(meeting=meeting, number=4, name="Prix de l'Arc", post_time=post)
        Runner.objects.bulk_create(
            Runner(race=race, number=n, name=f"Horse {n}", odds=2 + n)
            for n in range(1, RUNNERS + 1)
        )
        rnd = Round.objects.create(
            season=season,
            race=race,
            number=7,
            opens_at=timezone.now(),
            locks_at=post,
            status=Round.Status.OPEN,
        )
    with timed("standings (COPY)", setup):
        rng = np.random.default_rng(7)
        played = rng.integers(1, 7, size=players)
        points = (rng.gamma(0.6, 900, size=players) * played).astype(np.int64) // 10 * 10
        points[rng.random(players) < 0.2] = 0
        wins = np.minimum(played, rng.poisson(0.8, size=players))
        best = np.minimum(points, rng.integers(0, 4200, size=players))
        ranking = pd.DataFrame({"points": points, "wins": wins, "best": best})
        rank = scoring.rank(ranking).to_numpy()
        previous = np.maximum(1, rank + rng.integers(-500, 500, size=players))
        copy_frame(
            "game_standing",
            pd.DataFrame(
                {
                    "player_id": np.arange(1, players + 1),
                    "season_id": season.pk,
                    "points": points,
                    "wins": wins,
                    "best": best,
                    "rounds_played": played,
                    "rank": rank,
                    "previous_rank": previous,
                }
            ),
        )
    with timed("ANALYZE", setup):
        analyze()
    return season.pk, rnd.pk, setup


def _serve(port: int, env: dict[str, str], threads: int) -> subprocess.Popen[bytes]:
    root = Path(__file__).resolve().parent.parent
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "backend.config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=root, env=env)


def _wait_ready(port: int, token: str, path: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Token {token}"}
            )
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _summary(name: str, outcome: Outcome) -> list[object]:
    lat = outcome.latencies
    return [
        name,
        len(lat),
        len(lat) / outcome.seconds,
        percentile(lat, 0.50) * 1000,
        percentile(lat, 0.95) * 1000,
        percentile(lat, 0.99) * 1000,
        max(lat) * 1000 if lat else float("nan"),
        outcome.failures,
    ]


def _get(
    port: int,
    path: str,
    tokens: list[str],
    threads: int,
    seconds: float,
    *,
    warmup: float = 3.0,
    watch: dict[str, cpu.Group] | None = None,
) -> Outcome:
    return run_in_process(
        Job(
            host="127.0.0.1",
            port=port,
            kind="get",
            tokens=tokens,
            path=path,
            threads=threads,
            seconds=seconds,
            warmup=warmup,
            ok_statuses=(200,),
            watch=watch or {},
        )
    )


def _rate(outcome: Outcome, statuses: tuple[int, ...] = (200,)) -> float:
    return sum(n for status, n in outcome.statuses.items() if status in statuses) / outcome.seconds


SLICES = ("trivial", "picks", "health")


def _slice(
    name: str,
    port: int,
    args: argparse.Namespace,
    pick_path: str,
    tokens: tuple[list[str], list[str]],
    *,
    turn: int,
    watch: dict[str, cpu.Group],
) -> Outcome:
    """One turn's slice of `name`: `seconds / rounds` measured after a warm-up."""
    pickers, rankers = tokens
    seconds = args.seconds / args.rounds
    warmup = 2.0 if turn == 0 else 1.0
    if name == "picks":
        job = Job(
            host="127.0.0.1",
            port=port,
            kind="pick",
            tokens=pickers,
            path=pick_path,
            runners=RUNNERS,
            threads=args.clients,
            seconds=seconds,
            warmup=warmup,
            watch=watch,
        )
        return run_in_process(job)
    path = "/bench/trivial" if name == "trivial" else "/healthz"
    return _get(port, path, rankers, args.clients, seconds, warmup=warmup, watch=watch)


def _drive(
    port: int,
    args: argparse.Namespace,
    paths: dict[str, str],
    tokens: Any,
    watch: dict[str, cpu.Group],
) -> Any:
    """The trivial endpoint, picks and /healthz in turns, then the rankings.

    Each of the three is measured in `args.rounds` slices of `seconds / rounds`, taken in
    turn (trivial, picks, /healthz, then again in the next order), and its slices are
    added up: a change of the machine's speed during the run (another process, a
    checkpoint) falls on the baseline and on the endpoints alike, not on one of them.
    Each round's picks come from players of its own, so every slice has the same mix of
    first picks and changes. Each slice reads the CPU of the `watch` groups over its
    measured window.
    """
    pickers, rankers = tokens
    rounds = args.rounds
    outcomes = {name: Outcome() for name in SLICES}
    for turn in range(rounds):
        for name in SLICES[turn % 3 :] + SLICES[: turn % 3]:
            outcomes[name].add(
                _slice(
                    name,
                    port,
                    args,
                    paths["pick"],
                    (pickers[turn::rounds], rankers),
                    turn=turn,
                    watch=watch,
                )
            )
    rankings = _get(port, paths["ranking"], rankers, args.ranking_clients, args.seconds)
    return outcomes["trivial"], outcomes["picks"], outcomes["health"], rankings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--players", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="50,000 players, 8 s each")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients")
    parser.add_argument("--ranking-clients", type=int, default=2, help="concurrent readers")
    parser.add_argument(
        "--rounds", type=int, default=4, help="turns the baseline, picks and /healthz take"
    )
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    args.rounds = max(1, args.rounds)
    if args.quick:
        args.players, args.seconds = 50_000, 8.0
    with bench_database("api") as database_url:
        season_id, round_id, setup = _season(args.players)
        rng = np.random.default_rng(11)
        pick_count = min(PICK_PLAYERS, args.players // 2)
        pickers = rng.choice(np.arange(1, args.players + 1), size=pick_count, replace=False)
        rankers = rng.choice(np.arange(1, args.players + 1), size=RANKING_PLAYERS, replace=False)
        with timed("tokens (COPY)", setup):
            tokens = make_tokens(sorted({*pickers.tolist(), *rankers.tolist()}))
        print(table("set-up", ["step", "seconds"], list(setup.items())))
        print(machine())

        port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
        }
        server = _serve(port, env, args.threads)
        paths = {
            "ranking": f"/api/v1/game/seasons/{season_id}/rankings/",
            "pick": f"/api/v1/game/rounds/{round_id}/pick/",
        }
        try:
            _wait_ready(port, tokens[int(rankers[0])], paths["ranking"])
            trivial, picks, health, rankings = _drive(
                port,
                args,
                paths,
                ([tokens[int(p)] for p in pickers], [tokens[int(p)] for p in rankers]),
                {
                    "gunicorn": cpu.Tree(server.pid),
                    "PostgreSQL": cpu.Named("postgres"),
                    "Redis": cpu.Named("redis-server"),
                },
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        from backend.game.models import Pick

        stored = Pick.objects.filter(round_id=round_id).count()
    return report(args, {"trivial": trivial, "picks": picks, "health": health}, rankings, stored)


CPU_GROUPS = ("gunicorn", "PostgreSQL", "Redis", "load generator", cpu.MACHINE)


def _cpu_table(outcomes: dict[str, Outcome]) -> str:
    """Where each endpoint's requests spent the machine: CPU ms per request of each group
    of processes over the measured windows (`bench.cpu`), and the cores the machine kept
    busy. "machine" is every CPU's busy time, the kernel's and other processes' included."""
    rows = []
    for name, outcome in outcomes.items():
        served = len(outcome.latencies)
        per = [
            outcome.cpu.get(group, float("nan")) / served * 1000 if served else float("nan")
            for group in CPU_GROUPS
        ]
        rows.append([name, *per, outcome.cpu.get(cpu.MACHINE, float("nan")) / outcome.seconds])
    return table(
        "CPU per request in the measured windows (ms), and the machine's busy cores",
        ["endpoint", *CPU_GROUPS, "busy cores"],
        rows,
    )


def report(
    args: argparse.Namespace, outcomes: dict[str, Outcome], rankings: Outcome, stored: int
) -> int:
    trivial, picks, health = outcomes["trivial"], outcomes["picks"], outcomes["health"]
    print()
    print(
        table(
            f"gunicorn (2 workers x {args.threads} threads) on loopback, {args.players:,} "
            f"players, {args.clients} clients ({args.ranking_clients} for the rankings), "
            f"{args.seconds:.0f} s each in {args.rounds} turns (ms)",
            ["endpoint", "requests", "req/s", "p50", "p95", "p99", "max", "errors"],
            [
                _summary("GET /bench/trivial (baseline)", trivial),
                _summary("PUT .../pick/", picks),
                _summary("GET /healthz", health),
                _summary("GET season rankings", rankings),
            ],
        )
    )
    print(f"picks stored: {stored:,} (distinct players picking)")
    for name, outcome in (("pick", picks), ("healthz", health), ("ranking", rankings)):
        if outcome.sample_error:
            print(f"first {name} error: {outcome.sample_error}")
    base = _rate(trivial)
    pick_rate, health_rate = _rate(picks, (200, 201)), _rate(health)
    print()
    print(
        table(
            "rates against the trivial endpoint of the same server, same run",
            ["measure", "baseline req/s", "req/s", "ratio", "floor"],
            [
                ["accepted picks", base, pick_rate, pick_rate / base, f">= {PICK_RATIO}"],
                ["/healthz", base, health_rate, health_rate / base, f">= {HEALTH_RATIO}"],
            ],
        )
    )
    if trivial.cpu:
        print()
        print(_cpu_table(outcomes))
    pick_p99 = percentile(picks.latencies, 0.99)
    ranking_p99 = percentile(rankings.latencies, 0.99)
    print(machine())
    print()
    return verdict(
        [
            (
                f"picks {pick_rate / base:.2f}x trivial >= {PICK_RATIO}x",
                pick_rate >= PICK_RATIO * base,
            ),
            (
                f"pick p99 {pick_p99 * 1000:.0f} ms < {PICK_P99_TARGET * 1000:.0f} ms",
                pick_p99 < PICK_P99_TARGET,
            ),
            (f"pick errors: {picks.failures}", picks.failures == 0),
            (
                f"/healthz {health_rate / base:.2f}x trivial >= {HEALTH_RATIO}x",
                health_rate >= HEALTH_RATIO * base,
            ),
            (
                f"trivial and /healthz errors: {trivial.failures + health.failures}",
                trivial.failures + health.failures == 0,
            ),
            (
                f"ranking p99 {ranking_p99 * 1000:.1f} ms < {RANKING_P99_TARGET * 1000:.0f} ms",
                ranking_p99 < RANKING_P99_TARGET,
            ),
            (f"ranking errors: {rankings.failures}", rankings.failures == 0),
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
