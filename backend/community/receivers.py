"""The community's hooks: a thread when a game round opens, a debrief and badges after a
settlement, community badges when a member is credited. Connected in
`CommunityConfig.ready`; the work runs in tasks enqueued on commit."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from backend.common.tasks import enqueue_on_commit
from backend.game.models import Round
from backend.game.signals import pick_made, round_settled
from backend.racing.models import Race

from . import services
from .selectors.round_threads import round_has_thread
from .signals import contribution_credited
from .tasks import (
    award_community_badges,
    award_game_badges,
    award_missions,
    round_debrief,
    round_thread_open,
)


@receiver(post_save, sender=Round, dispatch_uid="community.round_thread_on_open")
def round_thread_on_open(sender: Any, instance: Round, **kwargs: Any) -> None:
    """A round saved as open gets its thread once the opening commits."""
    if instance.status != Round.Status.OPEN or round_has_thread(round_id=instance.pk):
        return
    enqueue_on_commit(round_thread_open, instance.pk)


@receiver(post_save, sender=Race, dispatch_uid="community.round_threads_follow_card")
def round_threads_follow_card(sender: Any, instance: Race, **kwargs: Any) -> None:
    """A card imported again may move the post time: the race's threads say it anew."""
    if instance.featured:
        services.round_threads_follow_card(race=instance)


@receiver(round_settled, dispatch_uid="community.after_round_settled")
def after_round_settled(sender: Any, round: Round, **kwargs: Any) -> None:
    """Badges and the debrief for the settlement (each idempotent per version)."""
    enqueue_on_commit(award_game_badges, round.pk)
    enqueue_on_commit(round_debrief, round.pk)


@receiver(contribution_credited, dispatch_uid="community.award_badges_on_credit")
def award_badges_on_credit(sender: Any, player_id: int, **kwargs: Any) -> None:
    """A member's reply, helpful vote or accepted answer may have earned them a badge."""
    enqueue_on_commit(award_community_badges, player_id)
    enqueue_on_commit(award_missions, player_id)


@receiver(pick_made, dispatch_uid="community.missions_on_pick")
def missions_on_pick(sender: Any, player_id: int, **kwargs: Any) -> None:
    """A new pick may complete a streak mission."""
    enqueue_on_commit(award_missions, player_id)
