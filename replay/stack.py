"""The production shape, as subprocesses on this machine: gunicorn (DJANGO_ENV=production),
a Celery worker on every queue, Celery beat, on the replay's own PostgreSQL database and
Redis database, sending email to the replay's SMTP sink and reading the replay's feed."""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
import requests

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
ERROR_LINE = re.compile(r"\b(ERROR|CRITICAL)\b|Traceback \(most recent call last\)")


def replay_database_url(database_url: str) -> str:
    """The replay's own database, named after the given one: paddock -> paddock_replay."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/") or "paddock"
    return urlunsplit(parts._replace(path=f"/{name}_replay"))


def replay_redis_url(redis_url: str, db: int) -> str:
    parts = urlsplit(redis_url or "redis://127.0.0.1:6379/0")
    return urlunsplit(parts._replace(path=f"/{db}"))


def reset_database(url: str) -> None:
    """Drop and create the replay's database: every run starts from nothing."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


@dataclass
class Stack:
    workdir: Path
    database_url: str
    redis_url: str
    smtp_url: str
    feed_url: str
    time_scale: float
    port: int
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    # Log lines written while the stack was starting (health probes answer 503 until the
    # worker is up): the checks judge the lines after these.
    ready_at: dict[str, int] = field(default_factory=dict)

    @property
    def site(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
        env.update(
            DJANGO_ENV="production",
            DJANGO_SETTINGS_MODULE="backend.config.settings",
            SECRET_KEY=secrets.token_urlsafe(48),
            # Plain HTTP on localhost: cookies without the Secure flag. Everything else is
            # production's default (no DEBUG, manifest static files, strict headers).
            SECURE_COOKIES="0",
            # The operator drives the API with a token: the operator API's second factor
            # is off in the replay only (docs/replay.md).
            ADMIN_REQUIRE_MFA="0",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            CACHE_KEY_PREFIX="replay",
            CELERY_TASK_ALWAYS_EAGER="0",
            EMAIL_URL=self.smtp_url,
            SITE_URL=self.site,
            STATIC_ROOT=str(self.workdir / "static"),
            PADDOCK_PMU_BASE_URL=self.feed_url,
            PADDOCK_PMU_TIMEOUT="1.5",
            PADDOCK_PMU_RETRIES="1",
            PADDOCK_TIME_SCALE=str(self.time_scale),
            LOG_LEVEL="INFO",
            PYTHONPATH=str(REPO),
        )
        env.pop("EMAIL_BACKEND", None)
        return env

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """`manage.py` as an operator runs it on the server."""
        done = subprocess.run(
            [PYTHON, "backend/manage.py", *args],
            cwd=REPO,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        with (self.workdir / "manage.log").open("a") as log:
            log.write(
                f"$ manage.py {' '.join(args)} -> {done.returncode}\n{done.stdout}{done.stderr}\n"
            )
        if check and done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done

    def prepare(self) -> None:
        reset_database(self.database_url)
        redis.Redis.from_url(self.redis_url).flushdb()
        self.manage("migrate", "--no-input")
        self.manage("collectstatic", "--no-input")

    def start(self) -> None:
        commands = {
            "web": [
                PYTHON, "-m", "gunicorn", "backend.config.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--timeout", "60",
                "--access-logfile", "-",
                "--access-logformat", 'ACCESS %(m)s %(U)s %(s)s',
            ],
            "worker": [
                PYTHON, "-m", "celery", "-A", "backend.config", "worker",
                "-Q", "celery,settlement", "--concurrency", "2", "--loglevel", "INFO",
                "--without-gossip", "--without-mingle", "-n", "replay@%h",
            ],
            "beat": [
                PYTHON, "-m", "celery", "-A", "backend.config", "beat", "--loglevel", "INFO",
                "--schedule", str(self.workdir / "celerybeat-schedule"),
            ],
        }  # fmt: skip
        for name, command in commands.items():
            log = (self.workdir / f"{name}.log").open("ab")
            self.processes[name] = subprocess.Popen(
                command, cwd=REPO, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> None:
        """Probe /healthz until it answers 200 and the worker is up, then mark the logs.

        A probe is never abandoned while the server may still answer it: gunicorn queues the
        first probes while its workers boot, and a probe the client had given up on could be
        answered 503 by one worker after the other had already answered 200, after the mark.
        The mark waits until the web log holds one access line per probe sent.
        """
        deadline = time.time() + timeout
        probes = 0
        while time.time() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited at start:\n{self.log(name)[-3000:]}")
            probes += 1
            try:
                response = requests.get(
                    f"{self.site}/healthz", timeout=(2, max(1.0, deadline - time.time()))
                )
            except requests.ConnectionError:
                probes -= 1  # refused before gunicorn listened: the server never saw it
            except requests.Timeout:
                break
            else:
                if response.status_code == 200 and "ready" in self.log("worker"):
                    self._mark_ready(probes, deadline)
                    return
            time.sleep(0.3)
        raise RuntimeError("the stack did not come up:\n" + self.log("web")[-2000:])

    def _mark_ready(self, probes: int, deadline: float) -> None:
        while self.log("web").count("ACCESS GET /healthz ") < probes and time.time() < deadline:
            time.sleep(0.05)
        self.ready_at = {n: len(self.log(n).splitlines()) for n in self.processes}

    def lines_since_ready(self, name: str) -> list[str]:
        return self.log(name).splitlines()[self.ready_at.get(name, 0) :]

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)

    def error_lines(self) -> dict[str, list[str]]:
        """Every ERROR/CRITICAL line and traceback in the logs, by process."""
        found = {}
        for name in (*self.processes, "manage"):
            lines = [line for line in self.lines_since_ready(name) if ERROR_LINE.search(line)]
            if lines:
                found[name] = lines
        return found

    def server_errors(self) -> list[str]:
        """Access-log lines with a 5xx status."""
        return [
            line
            for line in self.lines_since_ready("web")
            if line.startswith("ACCESS ") and line.rsplit(" ", 1)[-1].startswith("5")
        ]
