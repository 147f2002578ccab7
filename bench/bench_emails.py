"""Benchmark: results emails for 100,000 players, rendered and delivered over real SMTP.

Run from the repository root (prints a table, exits 1 on a missed target):

    .venv/bin/python -m bench.bench_emails                 # 100,000 players, 2 workers
    .venv/bin/python -m bench.bench_emails --players 20000 --workers 1

The database is PostgreSQL when DATABASE_URL points at one (the benchmark creates, and
drops afterwards, a database of its own next to it: <name>_bench_emails), else a temporary
SQLite file. The round's data is built with bulk_create: one settled round, its picks,
scores, standings, weekly table, one league per five players, a betting partner for France.

What is timed is the production path after a settlement: `send_chunk` (the Celery task's
code, run in a pool of `--workers` processes kept for the whole run, as Celery workers
would) for every chunk of 500 of the results fan-out's audience: pending check, a few
queries for the whole chunk, rendering both parts per player, the claim INSERT, one SMTP
connection per chunk, marking rows sent. The SMTP server is an aiosmtpd sink in a separate
process that counts messages and distinct recipients; a second fan-out afterwards must find
nobody to email. Peak memory is the peak resident set of the worker processes and of this
process (ru_maxrss).

The baseline of the same run is the raw SMTP rate: messages of the results' average size,
nothing rendered and nothing read or written, sent by as many processes over one
connection per chunk to a second aiosmtpd sink of its own (so the counts stay apart). The
two are taken in `--rounds` turns each, results, raw, raw, results, …, so a drift of the
machine's speed falls on both alike: at least 0.8x that rate is the target, beside 200
emails/s. A table gives each phase's CPU per message by process (`bench/cpu.py`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import random
import resource
import shutil
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make the repository importable
    sys.path.insert(0, str(ROOT))

from bench import cpu  # noqa: E402
from bench.common import analyze, table  # noqa: E402

TARGET_PER_SECOND = 200.0
RAW_RATIO = 0.8  # of the raw SMTP rate to the same sink, same run
RAW_MESSAGES = 20_000
LANGUAGES = ("fr", "en")
ZONES = ("Europe/Paris", "Europe/London", "America/New_York", "Asia/Tokyo")
SEED = 20260308


# --- the SMTP sink (its own process) ------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class CountingHandler:
    def __init__(self, messages: Any, size: Any) -> None:
        self.messages, self.bytes = messages, size  # shared with the benchmark's process
        self.recipients: set[str] = set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.value += 1
        self.bytes.value += len(envelope.content)
        self.recipients.update(envelope.rcpt_tos)
        return "250 2.0.0 Accepted"


def run_sink(port: int, ready: Any, stop: Any, results: Any, counters: tuple[Any, Any]) -> None:
    from aiosmtpd.controller import Controller

    handler = CountingHandler(*counters)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    results.put(len(handler.recipients))


class Sink:
    def __init__(self) -> None:
        context = mp.get_context("spawn")  # nothing of Django in the sink
        self.port = free_port()
        self.ready, self.stop = context.Event(), context.Event()
        self.results = context.Queue()
        self.messages, self.bytes = (
            context.Value("q", 0, lock=False),
            context.Value("q", 0, lock=False),
        )
        self.process = context.Process(
            target=run_sink,
            args=(self.port, self.ready, self.stop, self.results, (self.messages, self.bytes)),
            daemon=True,
        )

    def start(self) -> None:
        self.process.start()
        if not self.ready.wait(30):
            raise RuntimeError("the SMTP sink did not start")

    def received(self) -> tuple[int, int]:
        """(messages, bytes) received so far."""
        return self.messages.value, self.bytes.value

    def finish(self) -> int:
        """Stop the sink; the distinct recipients it received messages for."""
        self.stop.set()
        distinct = int(self.results.get(timeout=60))
        self.process.join(30)
        return distinct


def raw_send(port: int, chunk: list[int], size: int) -> tuple[int, float]:
    """The baseline's worker: one SMTP connection, one fixed message of `size` bytes to
    each recipient of the chunk, nothing rendered, nothing read or written. Returns
    (messages sent, CPU seconds spent)."""
    import smtplib

    started = time.process_time()

    body = b"From: Paddock <results@paddock.test>\r\nSubject: Results\r\n\r\n"
    line = b"x" * 76 + b"\r\n"
    body += line * max(0, (size - len(body)) // len(line))
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for player in chunk:
            smtp.sendmail("results@paddock.test", [f"raw{player}@bench.paddock.test"], body)
    return len(chunk), time.process_time() - started


@dataclass
class Spent:
    """CPU seconds of one phase, by who spent them, its wall time and messages sent."""

    sink: float = 0.0
    senders: float = 0.0
    postgres: float = 0.0
    machine: float = 0.0
    wall: float = 0.0
    messages: int = 0

    def add(self, other: Spent) -> None:
        for name in ("sink", "senders", "postgres", "machine", "wall", "messages"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def rate(self) -> float:
        return self.messages / self.wall if self.wall else 0.0

    def per_message(self) -> list[str]:
        """Each figure in ms of CPU per message, then the machine's busy CPUs."""
        each = [self.sink, self.senders, self.postgres, self.machine]
        n = self.messages
        per = [f"{seconds / n * 1000:.2f}" if n else "-" for seconds in each]
        return [*per, f"{self.machine / self.wall:.2f}" if self.wall else "-"]


def timed(sink: Sink, run: Any) -> tuple[Any, Spent]:
    """Run `run()` (it returns (its result, messages sent, the senders' CPU seconds)) and
    measure the phase: wall time, the sink's, PostgreSQL's and the machine's CPU."""
    groups: dict[str, cpu.Group] = {"sink": cpu.Tree(sink.process.pid or 0)}
    groups["postgres"] = cpu.Named("postgres")
    before = cpu.snapshot(groups)
    started = time.perf_counter()
    result, messages, senders = run()
    wall = time.perf_counter() - started
    used = cpu.spent(before, cpu.snapshot(groups))
    spent = Spent(
        sink=used.get("sink", 0.0),
        senders=senders,
        postgres=used.get("postgres", 0.0),
        machine=used.get(cpu.MACHINE, 0.0),
        wall=wall,
        messages=messages,
    )
    return result, spent


def raw_slice(sink: Sink, *, first: int, count: int, workers: int, chunk: int, size: int) -> Spent:
    """The raw SMTP rate's share of one turn: `count` messages of `size` bytes (to
    recipients numbered from `first`), over one connection per chunk of `chunk`, from
    `workers` processes, to the raw sink (the same aiosmtpd sink, a process of its own)."""
    numbers = range(first, first + count)
    chunks = [list(numbers[i : i + chunk]) for i in range(0, count, chunk)]

    def run() -> tuple[None, int, float]:
        with mp.get_context("fork").Pool(workers) as pool:
            done = pool.starmap(raw_send, [(sink.port, c, size) for c in chunks], chunksize=1)
        return None, sum(sent for sent, _ in done), sum(seconds for _, seconds in done)

    _, spent = timed(sink, run)
    return spent


# --- the database -----------------------------------------------------------------------


def choose_database() -> tuple[str, str, Any]:
    """(DATABASE_URL to use, label, cleanup) — its own PostgreSQL database, or SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = f"{parts.path.lstrip('/') or 'paddock'}_bench_emails"
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return urlunsplit(parts._replace(path=f"/{name}")), f"PostgreSQL ({name})", drop
    folder = tempfile.mkdtemp(prefix="paddock-bench-emails-")
    return (
        f"sqlite:///{folder}/bench.sqlite3",
        "SQLite (temporary file)",
        lambda: shutil.rmtree(folder, ignore_errors=True),
    )


def setup_django(database_url: str, smtp_port: int, chunk: int) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}"
    os.environ["NOTIFICATIONS_CHUNK_SIZE"] = str(chunk)
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ["LOG_LEVEL"] = "WARNING"  # no log line per chunk in the table's way
    os.environ.pop("REDIS_URL", None)  # no cache or broker needed: local memory
    import django
    from django.conf import settings

    django.setup()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # Two worker processes write their rows: wait for the lock rather than fail.
        settings.DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 120
        settings.DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"
    settings.SITE_URL = "https://paddock.example"


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(players: int) -> int:
    """One settled round for `players` players, built in bulk. Returns the round id."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from backend.accounts.models import User
    from backend.game.models import Pick, Round, RoundScore, Season, Standing, WeeklyStanding
    from backend.handoff.models import BettingPartner, ResponsibleGamblingNotice
    from backend.leagues.models import League, Membership
    from backend.racing.models import Dividend, Meeting, Race, Runner

    rng = random.Random(SEED)
    now = timezone.now()
    batch = 5000
    with transaction.atomic():
        meeting = Meeting.objects.create(
            date=now.date(), number=1, racecourse="Vincennes", country="FRA"
        )
        race = Race.objects.create(
            meeting=meeting,
            number=4,
            name="Prix de Paris",
            discipline="ATTELE",
            distance=4150,
            post_time=now - dt.timedelta(hours=2),
            status=Race.Status.OFFICIAL,
            declared_runners=16,
            result_version=1,
        )
        finish = {7: 1, 3: 2, 11: 3, 1: 4, 14: 5}
        Runner.objects.bulk_create(
            Runner(
                race=race,
                number=n,
                name=f"Trotteur {n}",
                jockey=f"J. Driver {n}",
                status=Runner.Status.NON_RUNNER if n == 9 else Runner.Status.RUNNER,
                odds=2 + n,
                position=finish.get(n),
            )
            for n in range(1, 17)
        )
        Dividend.objects.bulk_create(
            [
                Dividend(race=race, kind=Dividend.Kind.WIN, number=7, cents=590),
                Dividend(race=race, kind=Dividend.Kind.PLACE, number=7, cents=210),
                Dividend(race=race, kind=Dividend.Kind.PLACE, number=3, cents=340),
                Dividend(race=race, kind=Dividend.Kind.PLACE, number=11, cents=480),
            ]
        )
        season = Season.objects.create(
            name_en="Bench season",
            name_fr="Saison de mesure",
            starts_on=now.date() - dt.timedelta(days=60),
            ends_on=now.date() + dt.timedelta(days=60),
            status=Season.Status.ACTIVE,
        )
        rnd = Round.objects.create(
            season=season,
            race=race,
            number=1,
            opens_at=now - dt.timedelta(days=3),
            locks_at=race.post_time,
            status=Round.Status.SETTLED,
            settlement_version=1,
            settled_result_version=1,
            settled_at=now,
        )
        if not ResponsibleGamblingNotice.objects.filter(country="FR").exists():
            ResponsibleGamblingNotice.objects.create(
                country="FR",
                text_fr="Jouer comporte des risques.",
                text_en="Gambling involves risks.",
                helpline_name="Joueurs Info Service",
                helpline_phone="09 74 75 13 13",
            )
        BettingPartner.objects.create(
            name="Bench Partner",
            slug="bench-partner",
            active=True,
            url_template=(
                "https://bets.example.com/turf/{date_pmu}/R{meeting}/C{race}"
                "?bet={bet_kind}&runner={runner}"
            ),
            countries=["FR"],
        )

    unusable = make_password(None)  # no sign-in for bench players, no hashing either
    users = [
        User(
            email=f"player{n}@bench.paddock",
            display_name=f"Player {n}",
            language=LANGUAGES[n % 2],
            time_zone=ZONES[n % len(ZONES)],
            country="FR" if n % 5 else "GB",
            date_of_birth=dt.date(1960 + n % 45, 1 + n % 12, 1 + n % 28),
            password=unusable,
        )
        for n in range(players)
    ]
    User.objects.bulk_create(users, batch_size=batch)
    ids = list(
        User.objects.filter(email__endswith="@bench.paddock")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    EmailAddress.objects.bulk_create(
        (
            EmailAddress(user_id=pk, email=f"player{n}@bench.paddock", verified=True, primary=True)
            for n, pk in enumerate(ids)
        ),
        batch_size=batch,
    )
    win_div, place_div = {7: 590}, {7: 210, 3: 340, 11: 480}
    rows = []
    for pk in ids:
        win, place = rng.randint(1, 16), rng.randint(1, 16)
        win_points = 2 * win_div.get(win, 0)
        place_points = 2 * place_div.get(place, 0)
        rows.append((pk, win, place, win_points, place_points))
    Pick.objects.bulk_create(
        (Pick(player_id=pk, round_id=rnd.pk, win=w, place=p) for pk, w, p, _, _ in rows),
        batch_size=batch,
    )
    RoundScore.objects.bulk_create(
        (
            RoundScore(
                player_id=pk,
                round_id=rnd.pk,
                win_runner=w,
                place_runner=p,
                win_points=wp,
                place_points=pp,
                points=wp + pp,
                win_hit=wp > 0,
                place_hit=pp > 0,
                settlement_version=1,
            )
            for pk, w, p, wp, pp in rows
        ),
        batch_size=batch,
    )
    ordered = sorted(rows, key=lambda r: (-(r[3] + r[4]), r[0]))
    ranks: dict[int, int] = {}
    previous_points, previous_rank = None, 0
    for index, (pk, _, _, wp, pp) in enumerate(ordered, start=1):
        if wp + pp != previous_points:
            previous_points, previous_rank = wp + pp, index
        ranks[pk] = previous_rank
    Standing.objects.bulk_create(
        (
            Standing(
                player_id=pk,
                season_id=season.pk,
                points=wp + pp,
                wins=int(wp > 0),
                best=wp + pp,
                rounds_played=1,
                rank=ranks[pk],
                previous_rank=rng.randint(1, players),
            )
            for pk, _, _, wp, pp in rows
        ),
        batch_size=batch,
    )
    WeeklyStanding.objects.bulk_create(
        (
            WeeklyStanding(
                player_id=pk,
                round_id=rnd.pk,
                points=wp + pp,
                rank=ranks[pk],
                season_points=wp + pp,
                season_rank=ranks[pk],
            )
            for pk, _, _, wp, pp in rows
        ),
        batch_size=batch,
    )
    owners = ids[::5]
    League.objects.bulk_create(
        (League(name=f"League {n}", owner_id=pk) for n, pk in enumerate(owners)),
        batch_size=batch,
    )
    league_of = dict(League.objects.filter(owner_id__in=owners).values_list("owner_id", "pk"))
    memberships = []
    for index, pk in enumerate(ids):
        owner = ids[index - index % 5]
        role = Membership.Role.OWNER if pk == owner else Membership.Role.MEMBER
        memberships.append(Membership(league_id=league_of[owner], player_id=pk, role=role))
    Membership.objects.bulk_create(memberships, batch_size=batch)
    return int(rnd.pk)


# --- the workers ------------------------------------------------------------------------


def send(chunk: list[int], round_id: int) -> dict[str, int]:
    """What a Celery worker does with one send_chunk message."""
    from backend.notifications.tasks import send_chunk

    started, own = time.perf_counter(), time.process_time()
    result = send_chunk.apply(kwargs={"kind": "results", "round_id": round_id, "player_ids": chunk})
    report = dict(result.get())
    report["ms"] = int((time.perf_counter() - started) * 1000)
    report["cpu_us"] = int((time.process_time() - own) * 1_000_000)
    return report


def run_chunks(chunks: list[list[int]], round_id: int, pool: Any) -> list[dict[str, int]]:
    """Every chunk, through the workers' pool (or in this process when there is none)."""
    if pool is None:
        return [send(chunk, round_id) for chunk in chunks]
    return list(pool.starmap(send, [(chunk, round_id) for chunk in chunks], chunksize=1))


def worker_pool(workers: int) -> Any:
    """The worker processes, kept for every turn (their database sessions with them), or
    None for one worker: this process. As a Celery worker does, this process sends
    `worker_init` before the pool forks from it (the emails' templates and catalogs load)."""
    from celery.signals import worker_init
    from django.db import connections

    worker_init.send(sender=None)
    connections.close_all()  # each worker opens its own connection
    return mp.get_context("fork").Pool(workers) if workers > 1 else None


def emails(
    chunks: list[list[int]], round_id: int, pool: Any
) -> tuple[list[dict[str, int]], int, float]:
    """One turn of results emails: (the chunks' reports, emails sent, the workers' CPU)."""
    reports = run_chunks(chunks, round_id, pool)
    return reports, sum(r["sent"] for r in reports), sum(r["cpu_us"] for r in reports) / 1e6


def take_turns(
    *,
    sinks: tuple[Sink, Sink],
    chunks: list[list[int]],
    rounds: int,
    round_id: int,
    pool: Any,
    args: Any,
    spent: tuple[Spent, Spent],
) -> list[dict[str, int]]:
    """The results emails and the raw SMTP baseline in `rounds` turns each, in the order
    results, raw, raw, results, …: a drift of the machine's speed falls on both alike.
    Adds each turn's figures to `spent` (results, raw); returns the chunks' reports."""
    sink, raw_sink = sinks
    results, raw = spent
    raw_each = -(-min(args.players, RAW_MESSAGES) // rounds)
    reports: list[dict[str, int]] = []
    for turn in range(rounds):
        for phase in ("results", "raw") if turn % 2 == 0 else ("raw", "results"):
            if phase == "results":
                part = chunks[turn::rounds]
                done, used = timed(sink, lambda part=part: emails(part, round_id, pool))
                reports += done
                results.add(used)
                continue
            received, size = sink.received()  # the results' average size so far
            raw.add(
                raw_slice(
                    raw_sink,
                    first=turn * raw_each,
                    count=raw_each,
                    workers=args.workers,
                    chunk=args.chunk,
                    size=size // received if received else 10_000,
                )
            )
    return reports


def audience(round_id: int) -> list[int]:
    from backend.notifications.models import Kind
    from backend.notifications.selectors import results_audience
    from backend.notifications.services import delivery_key

    return results_audience(round_id=round_id, key=delivery_key(Kind.RESULTS, round_id=round_id))


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=4, help="turns of each phase")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args(argv)

    sink, raw_sink = Sink(), Sink()
    sink.start()
    raw_sink.start()
    database_url, label, drop = choose_database()
    results, raw = Spent(), Spent()
    try:
        setup_django(database_url, sink.port, args.chunk)
        started = time.perf_counter()
        migrate()
        migrated = time.perf_counter()
        round_id = build(args.players)
        analyze()  # the planner's statistics, as a database in service has them
        built = time.perf_counter()

        ids = audience(round_id)
        chunks = [ids[i : i + args.chunk] for i in range(0, len(ids), args.chunk)]
        rounds = max(1, min(args.rounds, len(chunks)))
        pool = worker_pool(args.workers)
        reports = take_turns(
            sinks=(sink, raw_sink),
            chunks=chunks,
            rounds=rounds,
            round_id=round_id,
            pool=pool,
            args=args,
            spent=(results, raw),
        )
        again = audience(round_id)
        second = run_chunks(
            [again[i : i + args.chunk] for i in range(0, len(again), args.chunk)], round_id, pool
        )
        if pool is not None:
            pool.close()
            pool.join()
        (received, size), distinct = sink.received(), sink.finish()
        baseline_received, _ = raw_sink.received()
        raw_sink.finish()
    finally:
        for each in (sink, raw_sink):
            if each.process.is_alive():
                each.stop.set()
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop()

    sent = sum(r["sent"] for r in reports)
    rate, baseline = results.rate, raw.rate
    resent = sum(r["sent"] for r in second)
    chunk_ms = sorted(r["ms"] for r in reports) or [0]
    p50, p95 = chunk_ms[len(chunk_ms) // 2], chunk_ms[int(len(chunk_ms) * 0.95)]
    rows = [
        ("database", label, ""),
        ("players (one settled round)", f"{args.players:,}", ""),
        ("workers x chunk size", f"{args.workers} x {args.chunk}", ""),
        ("migrate / build data", f"{migrated - started:.1f} s / {built - migrated:.1f} s", ""),
        ("emails sent (task reports)", f"{sent:,}", f"= {args.players:,}"),
        (
            "messages at the SMTP sink",
            f"{received:,} ({size / received / 1024:.1f} KiB avg)" if received else "0",
            f"= {args.players:,}",
        ),
        ("distinct recipients at the sink", f"{distinct:,}", f"= {args.players:,}"),
        ("sent again by a second fan-out", f"{resent} ({len(again)} listed)", "0"),
        ("send time, all turns", f"{results.wall:.1f} s", ""),
        ("time per chunk, p50 / p95", f"{p50 / 1000:.2f} s / {p95 / 1000:.2f} s", ""),
        ("emails/s", f"{rate:,.0f}", f">= {TARGET_PER_SECOND:.0f}"),
        (
            "baseline: raw SMTP messages/s, same size",
            f"{baseline:,.0f} ({baseline_received:,} messages)",
            f"same run, {rounds} turns each",
        ),
        ("emails/s / raw SMTP rate", f"{rate / baseline:.2f}", f">= {RAW_RATIO}"),
        ("peak RSS, worker processes", f"{peak_mb(resource.RUSAGE_CHILDREN):.0f} MB", ""),
        ("peak RSS, this process (build)", f"{peak_mb(resource.RUSAGE_SELF):.0f} MB", ""),
    ]
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    print(f"\nResults emails: render + deliver over SMTP ({label})")
    print(f"{'measure':<{width}}  {'value':>{vwidth}}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>{vwidth}}  {target}")
    missed = []
    if rate < TARGET_PER_SECOND:
        missed.append(f"{rate:.0f} emails/s < {TARGET_PER_SECOND:.0f}")
    if rate < RAW_RATIO * baseline:
        missed.append(f"{rate / baseline:.2f}x the raw SMTP rate < {RAW_RATIO}x")
    if not (sent == received == distinct == args.players):
        missed.append("not every player got exactly one email")
    if resent or again:
        missed.append("a second fan-out found people to email")
    print(
        "\n"
        + table(
            "CPU per message, ms, all turns (sink: the aiosmtpd process; senders: the worker "
            "processes; PostgreSQL: its server processes; machine: every CPU's busy time)",
            ["phase", "sink", "senders", "PostgreSQL", "machine", "busy CPUs"],
            [["raw SMTP", *raw.per_message()], ["results emails", *results.per_message()]],
        )
    )
    print("\nresult:", "MISSED: " + "; ".join(missed) if missed else "all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
