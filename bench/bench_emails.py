"""Benchmark: results emails for 100,000 players, rendered and delivered over real SMTP.

Run from the repository root (prints a table, exits 1 on a missed target):

    .venv/bin/python -m bench.bench_emails                 # 100,000 players, 2 workers
    .venv/bin/python -m bench.bench_emails --players 20000 --workers 1

The database is PostgreSQL when DATABASE_URL points at one (the benchmark creates, and
drops afterwards, a database of its own next to it: <name>_bench_emails), else a temporary
SQLite file. The round's data is built with bulk_create: one settled round, its picks,
scores, standings, weekly table, one league per five players, a betting partner for France.

What is timed is the production path after a settlement: the results fan-out's audience
query, then `send_chunk` (the Celery task's code, run in `--workers` processes as Celery
workers would) for every chunk of 500: pending check, a few queries for the whole chunk,
rendering both parts per player, the claim INSERT, one SMTP connection per chunk, marking
rows sent. The SMTP server is an aiosmtpd sink in a separate process that counts messages
and distinct recipients; a second fan-out afterwards must find nobody to email. Peak memory
is the peak resident set of the worker processes and of this process (ru_maxrss).

The baseline of the same run is the raw SMTP rate: messages of the results' average size,
nothing rendered and nothing read or written, sent by as many processes over one
connection per chunk to the same aiosmtpd sink (started again, so its counts stay apart):
at least 0.8x that rate is the target, beside 200 emails/s.
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
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make the repository importable
    sys.path.insert(0, str(ROOT))

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
    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0
        self.recipients: set[str] = set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages += 1
        self.bytes += len(envelope.content)
        self.recipients.update(envelope.rcpt_tos)
        return "250 2.0.0 Accepted"


def run_sink(port: int, ready: Any, stop: Any, results: Any) -> None:
    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    results.put((handler.messages, len(handler.recipients), handler.bytes))


class Sink:
    def __init__(self) -> None:
        context = mp.get_context("spawn")  # nothing of Django in the sink
        self.port = free_port()
        self.ready, self.stop = context.Event(), context.Event()
        self.results = context.Queue()
        self.process = context.Process(
            target=run_sink, args=(self.port, self.ready, self.stop, self.results), daemon=True
        )

    def start(self) -> None:
        self.process.start()
        if not self.ready.wait(30):
            raise RuntimeError("the SMTP sink did not start")

    def finish(self) -> tuple[int, int, int]:
        self.stop.set()
        counts = self.results.get(timeout=60)
        self.process.join(30)
        return counts


def raw_send(port: int, chunk: list[int], size: int) -> int:
    """The baseline's worker: one SMTP connection, one fixed message of `size` bytes to
    each recipient of the chunk, nothing rendered, nothing read or written."""
    import smtplib

    body = b"From: Paddock <results@paddock.test>\r\nSubject: Results\r\n\r\n"
    line = b"x" * 76 + b"\r\n"
    body += line * max(0, (size - len(body)) // len(line))
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for player in chunk:
            smtp.sendmail("results@paddock.test", [f"raw{player}@bench.paddock.test"], body)
    return len(chunk)


def raw_rate(count: int, workers: int, chunk: int, size: int) -> tuple[float, int]:
    """The raw SMTP rate: `count` messages of the results' average size, over one
    connection per chunk of `chunk`, from `workers` processes, to a sink of its own (the
    same aiosmtpd sink, started again). Returns (messages/s, messages at the sink)."""
    sink = Sink()
    sink.start()
    chunks = [list(range(i, min(i + chunk, count))) for i in range(0, count, chunk)]
    started = time.perf_counter()
    with mp.get_context("fork").Pool(workers) as pool:
        sent = sum(pool.starmap(raw_send, [(sink.port, c, size) for c in chunks], chunksize=1))
    elapsed = time.perf_counter() - started
    received, _, _ = sink.finish()
    return sent / elapsed, received


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

    started = time.perf_counter()
    result = send_chunk.apply(kwargs={"kind": "results", "round_id": round_id, "player_ids": chunk})
    report = dict(result.get())
    report["ms"] = int((time.perf_counter() - started) * 1000)
    return report


def run_chunks(chunks: list[list[int]], round_id: int, workers: int) -> list[dict[str, int]]:
    from django.db import connections

    connections.close_all()  # each worker opens its own connection
    if workers <= 1:
        return [send(chunk, round_id) for chunk in chunks]
    with mp.get_context("fork").Pool(workers) as pool:
        return pool.starmap(send, [(chunk, round_id) for chunk in chunks], chunksize=1)


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
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args(argv)

    sink = Sink()
    sink.start()
    database_url, label, drop = choose_database()
    try:
        setup_django(database_url, sink.port, args.chunk)
        started = time.perf_counter()
        migrate()
        migrated = time.perf_counter()
        round_id = build(args.players)
        built = time.perf_counter()

        ids = audience(round_id)
        chunks = [ids[i : i + args.chunk] for i in range(0, len(ids), args.chunk)]
        reports = run_chunks(chunks, round_id, args.workers)
        sent_at = time.perf_counter()
        again = audience(round_id)
        second = run_chunks(
            [again[i : i + args.chunk] for i in range(0, len(again), args.chunk)],
            round_id,
            args.workers,
        )
        received, distinct, size = sink.finish()
        average = size // received if received else 10_000
        baseline, baseline_received = raw_rate(
            min(args.players, RAW_MESSAGES), args.workers, args.chunk, average
        )
    finally:
        if sink.process.is_alive():
            sink.stop.set()
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop()

    elapsed = sent_at - built
    sent = sum(r["sent"] for r in reports)
    rate = sent / elapsed if elapsed else 0.0
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
        ("fan-out + send time", f"{elapsed:.1f} s", ""),
        ("time per chunk, p50 / p95", f"{p50 / 1000:.2f} s / {p95 / 1000:.2f} s", ""),
        ("emails/s", f"{rate:,.0f}", f">= {TARGET_PER_SECOND:.0f}"),
        (
            "baseline: raw SMTP messages/s, same size",
            f"{baseline:,.0f} ({baseline_received:,} messages)",
            "same run",
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
    print("\nresult:", "MISSED: " + "; ".join(missed) if missed else "all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
