"""The community's hooks on the game: a thread when a round opens, a debrief and badges
after a settlement. Connected in `CommunityConfig.ready`; work runs in tasks on commit."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from backend.game.models import Round
from backend.game.signals import round_settled

from .models import Topic


@receiver(post_save, sender=Round, dispatch_uid="community.round_thread_on_open")
def round_thread_on_open(sender: Any, instance: Round, **kwargs: Any) -> None:
    """A round saved as open gets its thread once the opening commits."""
    if instance.status != Round.Status.OPEN:
        return
    if Topic.objects.filter(kind=Topic.Kind.ROUND_THREAD, round_id=instance.pk).exists():
        return
    from .tasks import round_thread_open

    round_id = instance.pk
    transaction.on_commit(lambda: round_thread_open.delay(round_id))


@receiver(round_settled, dispatch_uid="community.after_round_settled")
def after_round_settled(sender: Any, round: Round, **kwargs: Any) -> None:
    """Badges and the debrief for the settlement (each idempotent per version)."""
    from .tasks import award_game_badges, round_debrief

    round_id = round.pk
    transaction.on_commit(lambda: award_game_badges.delay(round_id))
    transaction.on_commit(lambda: round_debrief.delay(round_id))
