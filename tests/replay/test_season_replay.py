"""The season replay, CI-sized: two compressed weeks of the whole weekly loop (gunicorn in
production settings, a Celery worker and beat, the recorded PMU feed served locally, an
SMTP sink, players on the public API), every check of its report passing.

It needs PostgreSQL, Redis and the recorded PMU documents: outside CI it skips without
them, in CI their absence is a failure. The long run is `make replay` (docs/replay.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from replay.feed import real_data_dir

REPO = Path(__file__).resolve().parents[2]


def _need(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the replay needs {what}")
    pytest.skip(f"the replay needs {what}; runs in CI")


def test_two_compressed_weeks_pass_every_check(tmp_path: Path) -> None:
    if not settings.IS_POSTGRES or not settings.REDIS_URL:
        _need("PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")
    if real_data_dir() is None:
        _need("the recorded PMU documents (PADDOCK_REAL_DATA)")
    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    done = subprocess.run(
        [sys.executable, "-m", "replay", "--weeks", "2", "--players", "10", "--scale", "480",
         "--report", str(report)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert report.is_file(), done.stdout + done.stderr
    document = json.loads(report.read_text())
    failed = [c for c in document["checks"] if not c["ok"]]
    output = done.stdout[-6000:] + done.stderr[-3000:]
    assert done.returncode == 0, output
    assert document["ok"], output
    assert not failed
    assert len(document["rounds"]) == 2
    names = {c["name"] for c in document["checks"]}
    assert "every score equals the independent recomputation" in names
    # The scripted faults happened and were handled: cut documents, a correction (v2),
    # slow answers and a late non-runner.
    plans = [r["plan"] for r in document["rounds"]]
    assert plans[0]["truncate"]
    assert plans[0]["correction"]
    assert plans[1]["non_runner"]
    assert document["rounds"][0]["settlement_version"] == 2
