"""The game's reactions to racing: settle on an official result, follow post-time moves."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.functions import Now
from django.db.models.signals import post_save
from django.dispatch import receiver

from backend.racing.models import Race
from backend.racing.signals import official_result_stored

from .models import Round

SETTLEABLE = (Round.Status.OPEN, Round.Status.LOCKED, Round.Status.SETTLED)


@receiver(official_result_stored, dispatch_uid="game.settle_on_official_result")
def settle_on_official_result(sender: Any, race: Race, version: int, **kwargs: Any) -> None:
    """Each round on the race is settled after racing's transaction commits."""
    from .tasks import settle_round

    for round_id in Round.objects.filter(race=race, status__in=SETTLEABLE).values_list(
        "id", flat=True
    ):
        transaction.on_commit(partial(settle_round.delay, round_id))


@receiver(post_save, sender=Race, dispatch_uid="game.follow_post_time")
def follow_post_time(sender: Any, instance: Race, **kwargs: Any) -> None:
    """A round locks at its race's post time, also when the card moves it."""
    # Only rounds not locked yet: a delay after the lock must not reopen the picks.
    Round.objects.filter(
        race=instance, status__in=(Round.Status.DRAFT, Round.Status.OPEN), locks_at__gt=Now()
    ).exclude(locks_at=instance.post_time).update(locks_at=instance.post_time)
