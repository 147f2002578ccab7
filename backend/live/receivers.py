"""The live layer's hooks: a round's status changes, a reply on a member's topic, a logout.
Connected in `LiveConfig.ready`; pushes go out once the change commits."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from backend.common.tasks import enqueue_on_commit
from backend.community.models import Post, Status
from backend.game.models import Round
from backend.game.signals import round_settled, rounds_advanced
from backend.notifications.tasks import push_help_request
from backend.racing.models import Race

from . import selectors
from .models import HelpRequest
from .services.broadcast import close_user_sockets
from .services.topics import topic_reply_push
from .signals import help_requested
from .tasks import push_round_status

RESULT_STATUSES = (Race.Status.PROVISIONAL, Race.Status.OFFICIAL)


def _status_saved(kwargs: dict[str, Any]) -> bool:
    """The save named the status among its fields: services that change a status say so
    (`round_open`, racing's result import), and a plain save of an open round is no news."""
    fields = kwargs.get("update_fields")
    return fields is not None and "status" in fields


@receiver(post_save, sender=Round, dispatch_uid="live.round_opened")
def round_opened(sender: Any, instance: Round, **kwargs: Any) -> None:
    if instance.status == Round.Status.OPEN and _status_saved(kwargs):
        enqueue_on_commit(push_round_status, instance.pk, Round.Status.OPEN.value)


@receiver(rounds_advanced, dispatch_uid="live.rounds_advanced")
def rounds_moved(sender: Any, opened: list[int], locked: list[int], **kwargs: Any) -> None:
    for round_id in opened:
        enqueue_on_commit(push_round_status, round_id, Round.Status.OPEN.value)
    for round_id in locked:
        enqueue_on_commit(push_round_status, round_id, Round.Status.LOCKED.value)


@receiver(post_save, sender=Race, dispatch_uid="live.race_result")
def race_result(sender: Any, instance: Race, **kwargs: Any) -> None:
    """A provisional or official arrival is news in every room of the race's rounds."""
    if instance.status not in RESULT_STATUSES or not _status_saved(kwargs):
        return
    for round_id in selectors.round_ids_of_race(race_id=instance.pk):
        enqueue_on_commit(push_round_status, round_id, str(instance.status))


@receiver(round_settled, dispatch_uid="live.round_settled")
def round_settled_push(sender: Any, round: Round, **kwargs: Any) -> None:
    enqueue_on_commit(push_round_status, round.pk, str(round.status))


@receiver(post_save, sender=Post, dispatch_uid="live.topic_reply")
def topic_reply(sender: Any, instance: Post, created: bool, **kwargs: Any) -> None:
    if created and instance.status == Status.PUBLISHED:
        topic_reply_push(post=instance)


@receiver(user_logged_out, dispatch_uid="live.close_on_logout")
def close_on_logout(sender: Any, user: Any, **kwargs: Any) -> None:
    """Logging out closes every websocket of the player (close code 4001)."""
    if user is not None and user.pk:
        close_user_sockets(user.pk)


@receiver(help_requested, dispatch_uid="live.push_help_request")
def push_help_to_helpers(
    sender: Any, help_request: HelpRequest, helper_ids: list[int], **kwargs: Any
) -> None:
    """Helpers away from the web app hear of the question by Web Push (their preference)."""
    if helper_ids:
        enqueue_on_commit(
            push_help_request, help_request.pk, list(helper_ids), help_request.question[:120]
        )
