"""Results emails follow a settlement, never before it commits."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from backend.accounts.signals import account_deleted
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


@receiver(account_deleted, dispatch_uid="notifications.forget_deleted_account")
def forget_deleted_account(sender: Any, user: Any, email: str, **kwargs: Any) -> None:
    """The delivery log keeps its rows (so nothing is sent twice) but not the address."""
    from .models import EmailDelivery

    EmailDelivery.objects.filter(player=user).update(to_email="")
    EmailDelivery.objects.filter(player__isnull=True, to_email__iexact=email).update(to_email="")
