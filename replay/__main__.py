"""`python -m replay`: a season replayed against the production shape on recorded feeds.

    python -m replay --weeks 6 --players 15 --scale 240 --report var/replay/report.json

Needs DATABASE_URL (PostgreSQL: the replay uses its own database, <name>_replay) and
REDIS_URL (the replay uses its Redis database --redis-db, 9 by default, and empties it).
Exits 1 when any check fails. docs/replay.md explains the report.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from .checks import Check, run_checks
from .client import Journal
from .feed import FeedServer, FeedState, Recording, real_data_dir
from .mailbox import Mailbox, free_port
from .season import Season
from .stack import Stack, replay_database_url, replay_redis_url


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m replay", description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=6)
    parser.add_argument("--players", type=int, default=15)
    parser.add_argument("--scale", type=float, default=240.0, help="PADDOCK_TIME_SCALE")
    parser.add_argument("--redis-db", type=int, default=9)
    parser.add_argument("--report", type=Path, default=Path("var/replay/report.json"))
    parser.add_argument("--keep", action="store_true", help="keep the logs' folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    say = print
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        say("replay: DATABASE_URL must name a PostgreSQL server", file=sys.stderr)
        return 2
    root = real_data_dir()
    if root is None:
        say(
            "replay: the recorded PMU documents were not found (PADDOCK_REAL_DATA)", file=sys.stderr
        )
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="paddock-replay-"))
    feed = FeedServer(FeedState(Recording.load(root))).start()
    mailbox = Mailbox().start()
    stack = Stack(
        workdir=workdir,
        database_url=replay_database_url(database_url),
        redis_url=replay_redis_url(os.environ.get("REDIS_URL", ""), args.redis_db),
        smtp_url=mailbox.url,
        feed_url=feed.base_url,
        time_scale=args.scale,
        port=free_port(),
    )
    started = time.time()
    season = Season(stack, feed.state, mailbox, Journal(), args.weeks, args.players, args.scale)
    failure, checks = "", []
    try:
        say(
            f"replay: {args.weeks} weeks, {args.players} players, "
            f"time x{args.scale:g}; logs in {workdir}"
        )
        stack.prepare()
        stack.start()
        season.run(say)
        time.sleep(2)  # the last emails and log lines land before the checks read them
        checks = run_checks(season)
    except Exception as exc:  # noqa: BLE001 - reported below, with the checks that can run
        failure = f"{type(exc).__name__}: {exc}"
        (workdir / "replay-traceback.txt").write_text(traceback.format_exc())
    finally:
        stack.stop()
        mailbox.stop()
        mailbox.dump(workdir / "mails.jsonl")
        feed.stop()
    return report(
        season, checks=checks, args=args, workdir=workdir, started=started, failure=failure
    )


def report(
    season: Season,
    *,
    checks: list[Check],
    args: argparse.Namespace,
    workdir: Path,
    started: float,
    failure: str,
) -> int:
    ok = not failure and all(c.ok for c in checks)
    document = {
        "ok": ok,
        "failure": failure,
        "weeks": args.weeks,
        "players": args.players,
        "time_scale": args.scale,
        "seconds": round(time.time() - started, 1),
        "logs": str(workdir),
        "rounds": [
            {"round": w.round_id, "day": str(w.race.day), "plan": dataclasses.asdict(w.plan),
             "settlement_version": w.operator_view.get("settlement_version")}
            for w in season.weeks
        ],
        "checks": [dataclasses.asdict(c) for c in checks],
    }  # fmt: skip
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(document, indent=2))
    out = print
    out(f"\nreplay report ({document['seconds']}s, {len(season.weeks)} rounds):")
    for check in checks:
        out(f"  [{'ok' if check.ok else 'FAIL'}] {check.name}: {check.detail}")
        for problem in check.problems:
            out(f"         - {problem}")
    if failure:
        out(f"  [FAIL] the replay stopped: {failure}")
    out(f"{'PASSED' if ok else 'FAILED'}; report in {args.report}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
