"""The game's reactions to racing: settle on an official result, follow post-time moves."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from backend.accounts.signals import display_name_changed
from backend.common.tasks import enqueue_on_commit
from backend.racing.models import Race
from backend.racing.signals import official_result_stored

from . import announcements, selectors, services
from .cache import season_tables_changed
from .signals import pick_written
from .tasks import announce_pick_made, settle_round


@receiver(official_result_stored, dispatch_uid="game.settle_on_official_result")
def settle_on_official_result(sender: Any, race: Race, version: int, **kwargs: Any) -> None:
    """Each round on the race is settled after racing's transaction commits."""
    for round_id in selectors.settleable_round_ids(race=race):
        enqueue_on_commit(settle_round, round_id)


@receiver(post_save, sender=Race, dispatch_uid="game.follow_post_time")
def follow_post_time(sender: Any, instance: Race, **kwargs: Any) -> None:
    """A round locks at its race's post time, also when the card moves it."""
    services.rounds_follow_post_time(race=instance)


@receiver(pick_written, dispatch_uid="game.announce_pick_made")
def announce_on_commit(sender: Any, player_id: int, round_id: int, **kwargs: Any) -> None:
    """`pick_made`'s receivers (missions) run in a worker, after the pick's commit: the
    pick's request only queues the announcement (backend/game/announcements.py)."""
    transaction.on_commit(partial(_announce, player_id, round_id))


def _announce(player_id: int, round_id: int) -> None:
    if not announcements.queue(player_id, round_id):
        announce_pick_made.delay(player_id, round_id)


@receiver(display_name_changed, dispatch_uid="game.tables_follow_a_new_name")
def tables_follow_a_new_name(sender: Any, user_id: int, **kwargs: Any) -> None:
    """The cached pages of every season table the player is in show names: retire them."""
    for season_id in selectors.seasons_of(player_id=user_id):
        season_tables_changed(season_id)
