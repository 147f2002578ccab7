"""Results emails follow a settlement, never before it commits."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from backend.game.models import Round
from backend.game.signals import round_settled


@receiver(round_settled, dispatch_uid="notifications.results_on_settlement")
def results_on_settlement(
    sender: Any, round: Round, version: int, corrected: bool = False, **kwargs: Any
) -> None:
    """The game sends round_settled on commit already; on_commit again costs nothing and
    keeps the guarantee if a caller ever sends it from inside a transaction."""
    from .tasks import results_fanout

    transaction.on_commit(partial(results_fanout.delay, round.pk, version, bool(corrected)))
