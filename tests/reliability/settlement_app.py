"""The Celery app the settlement sweep's fault test runs its workers with: Paddock's own
app and settings, with two changes read from the environment:

- PADDOCK_TEST_SWEEP_SECONDS: beat (embedded with `-B`) runs only the settlement sweep,
  this often; no result polling, no emails;
- PADDOCK_TEST_SETTLE_PAUSE: the settlement sleeps this long right after writing its
  scores, inside its transaction, so the test can kill the worker mid-settlement without
  a large round.
"""

from __future__ import annotations

import os
import time
from typing import Any

import django

from backend.config.celery import app

django.setup()

from backend.game import settlement  # noqa: E402 - models load once Django is set up

__all__ = ["app"]

app.conf.beat_schedule = {
    "game-settlement-sweep": {
        "task": "backend.game.tasks.sweep_settlements",
        "schedule": float(os.environ.get("PADDOCK_TEST_SWEEP_SECONDS", "1")),
    }
}

_PAUSE = float(os.environ.get("PADDOCK_TEST_SETTLE_PAUSE", "0"))
_write_scores = settlement.write_scores


def _write_scores_then_pause(scores: Any, *, round_id: int, version: int) -> Any:
    written = _write_scores(scores, round_id=round_id, version=version)
    time.sleep(_PAUSE)
    return written


if _PAUSE:
    settlement.write_scores = _write_scores_then_pause
