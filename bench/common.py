"""What the benchmarks share: their own PostgreSQL database, fast data generation, tables.

Each benchmark runs against a database of its own, named after DATABASE_URL's
(`<database>_bench_<name>`: `paddock_bench_settlement` next to `paddock`), created from
scratch on the server of DATABASE_URL, migrated, filled with COPY, and dropped at the end
(`--keep` keeps it for a look). No other database is ever dropped. They need PostgreSQL:
on anything else they say so and exit with status 2.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import pandas as pd

SKIPPED = 2


def require_postgres() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("needs PostgreSQL: set DATABASE_URL (make bench does when it answers)")
        raise SystemExit(SKIPPED)
    return url


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def bench_database_name(url: str, name: str) -> str:
    """`<database of url>_bench_<name>`: each checkout's benchmarks keep to their own."""
    base = urlsplit(url).path.lstrip("/") or "paddock"
    database = f"{base}_bench_{name}"
    if not re.fullmatch(r"[A-Za-z0-9_]{1,63}", database):
        raise SystemExit(f"cannot derive a benchmark database name from {base!r}")
    return database


@contextmanager
def bench_database(name: str) -> Iterator[str]:
    """Create `<database>_bench_<name>`, point Django at it, migrate; drop it afterwards."""
    url = require_postgres()
    database = bench_database_name(url, name)
    _admin(url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _admin(url, f'CREATE DATABASE "{database}"')
    bench_url = _with_database(url, database)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Follow-up tasks other apps queue after a settlement stay in memory: the benchmark
    # times the settlement, and leaves nothing in a real broker.
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
    os.environ["CACHE_KEY_PREFIX"] = f"paddock-bench-{name}"
    import django

    django.setup()
    _migrate()
    try:
        yield bench_url
    finally:
        from django.db import connections

        connections.close_all()
        _clear_cache()
        if "--keep" not in sys.argv:
            _admin(url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _migrate() -> None:
    """Migrate the benchmark's database in a forked child: the benchmark process keeps
    none of the migrations' state in memory (its peak memory is the measured work's)."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    child = multiprocessing.get_context("fork").Process(target=_migrate_here)
    child.start()
    child.join()
    if child.exitcode:
        raise SystemExit(f"migrating the benchmark database failed ({child.exitcode})")


def _migrate_here() -> None:
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    connections.close_all()


def _clear_cache() -> None:
    from django.conf import settings
    from django.core.cache import cache

    if settings.REDIS_URL:
        client = cache._cache.get_client()  # type: ignore[attr-defined]
        prefix = settings.CACHES["default"]["KEY_PREFIX"]
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


def copy_frame(table: str, frame: pd.DataFrame) -> None:
    """COPY a frame into a table (columns named as the table's)."""
    from django.db import connection

    data = frame.to_csv(sep="\t", header=False, index=False, na_rep="\\N", lineterminator="\n")
    names = ", ".join(frame.columns)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        copy.write(data)


def reset_sequence(table: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - our names
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


def make_players(count: int, *, chunk: int = 250_000) -> None:
    """`count` players with ids 1..count, unusable passwords, display names "Rider <id>"."""
    now = dt.datetime.now(dt.UTC).isoformat()
    for start in range(1, count + 1, chunk):
        ids = np.arange(start, min(start + chunk, count + 1), dtype=np.int64)
        names = pd.Series(ids).astype(str)
        copy_frame(
            "accounts_user",
            pd.DataFrame(
                {
                    "id": ids,
                    "password": "!",
                    "is_superuser": "f",
                    "email": "rider" + names + "@bench.paddock.test",
                    "display_name": "Rider " + names,
                    "country": "FR",
                    "language": np.where(ids % 3 == 0, "en", "fr"),
                    "time_zone": "Europe/Paris",
                    "is_active": "t",
                    "is_staff": "f",
                    "date_joined": now,
                }
            ),
        )
    reset_sequence("accounts_user")


def make_tokens(player_ids: Sequence[int]) -> dict[int, str]:
    """API tokens for these players (DRF TokenAuthentication), written with COPY."""
    keys = {int(pid): f"{int(pid):040x}" for pid in player_ids}
    now = dt.datetime.now(dt.UTC).isoformat()
    copy_frame(
        "authtoken_token",
        pd.DataFrame({"key": list(keys.values()), "user_id": list(keys), "created": now}),
    )
    return keys


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@contextmanager
def timed(label: str, into: dict[str, float]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    into[label] = time.perf_counter() - start


def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain text table, right-aligned numbers."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    line = "  ".join(
        h.ljust(w) if i == 0 else h.rjust(w)
        for i, (h, w) in enumerate(zip(headers, widths, strict=True))
    )
    out = [title, line, "-" * len(line)]
    out.extend(
        "  ".join(
            v.ljust(w) if i == 0 else v.rjust(w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in cells
    )
    return "\n".join(out)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if value < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def machine() -> str:
    """The conditions of the run, printed with the figures: CPUs and load average."""
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    return f"machine: {os.cpu_count()} CPUs, load average {load}"


def verdict(checks: Sequence[tuple[str, bool]]) -> int:
    """Print each target as met or missed; the exit status (1 when one missed)."""
    for label, ok in checks:
        print(f"{'ok    ' if ok else 'MISSED'} {label}")
    return 0 if all(ok for _, ok in checks) else 1


def wal_position() -> int:
    """The server's WAL insert position in bytes: the difference of two is the WAL written
    between them (by every session of the server)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")
        return int(cursor.fetchone()[0])
