"""First picks, announced in batches: `pick_made` without a Celery message per pick.

A player's first pick of a round must reach `pick_made`'s receivers (missions, an
inviter's missions), but not inside the pick's request: the pick is the busiest write of
the week, and publishing one Celery message costs more CPU than the whole pick (kombu
builds a Redis client per message and a repr of its arguments).

So, once the pick commits, `queue` adds "<player id>:<round id>" to a Redis set
(one SADD, one round trip). The beat task `announce_picks_made` (every
PICK_ANNOUNCE_SECONDS, 5 s by default) takes the set in batches, sends `pick_made` for
each member and then removes the batch. Delivery is at least once: a worker that dies
between sending and removing leaves the batch to the next run, and the receivers are
idempotent (missions are awarded from the database). A player picking twice in a few
seconds is one member, announced once.

Where tasks run in-process (the embedded defaults: no Redis, eager Celery) or when Redis
does not answer, the pick enqueues `announce_pick_made` for itself instead, as one task.
"""

from __future__ import annotations

from typing import Any

from celery import current_app
from django.core.cache import cache

from .models import Pick
from .signals import pick_made

PENDING_KEY = "game:picks-made"
BATCH = 500


def _pending_set() -> Any | None:
    """The cache when it can hold the pending set (Redis), else None."""
    return cache if hasattr(cache, "set_add") else None


def queue(player_id: int, round_id: int) -> bool:
    """Queue the announcement of a first pick (once the pick has committed): False when it
    cannot be queued (no Redis cache, Redis away, tasks in-process), for the caller to
    announce it by a task of its own."""
    pending = _pending_set()
    if pending is None or current_app.conf.task_always_eager:
        return False
    return bool(pending.set_add(PENDING_KEY, f"{player_id}:{round_id}"))


def announce_pending() -> int:
    """Send `pick_made` for every pending first pick, a batch at a time: how many."""
    pending = _pending_set()
    if pending is None:
        return 0
    sent = 0
    while members := pending.set_sample(PENDING_KEY, BATCH):
        for member in members:
            player_id, _, round_id = member.partition(":")
            pick_made.send(sender=Pick, player_id=int(player_id), round_id=int(round_id))
        pending.set_remove(PENDING_KEY, members)
        sent += len(members)
    return sent
