"""What starts emails: a settlement (results), a fan-out's chunks, a league invitation; and
what a deleted account leaves in the delivery log."""

from __future__ import annotations

from typing import Any

from celery.signals import worker_init
from django.dispatch import receiver

from backend.accounts.signals import account_deleted
from backend.common.tasks import enqueue_on_commit
from backend.community.signals import event_reminders_due, questions_overdue, reply_published
from backend.game.models import Round
from backend.game.signals import round_settled
from backend.leagues.models import EmailInvitation
from backend.leagues.signals import email_invitation_requested

from .models import EmailDelivery
from .rendering import warm_up
from .signals import chunk_due
from .tasks import (
    push_reply,
    results_fanout,
    send_chunk,
    send_email_invitation,
    send_event_reminder,
    send_unanswered_alert,
)


@receiver(round_settled, dispatch_uid="notifications.results_on_settlement")
def results_on_settlement(
    sender: Any, round: Round, version: int, corrected: bool = False, **kwargs: Any
) -> None:
    """The game sends round_settled on commit already; on_commit again costs nothing and
    keeps the guarantee if a caller ever sends it from inside a transaction."""
    enqueue_on_commit(results_fanout, round.pk, version, bool(corrected))


@receiver(chunk_due, dispatch_uid="notifications.send_chunk")
def send_due_chunk(
    sender: Any,
    *,
    kind: str,
    player_ids: list[int],
    round_id: int | None,
    version: int,
    day: str,
    **kwargs: Any,
) -> None:
    """One task per chunk, enqueued at once: a fan-out runs in a task or a beat run, outside
    any transaction, and reads only what is committed already."""
    send_chunk.delay(kind=kind, player_ids=player_ids, round_id=round_id, version=version, day=day)


@receiver(email_invitation_requested, dispatch_uid="notifications.email_league_invitation")
def email_league_invitation(sender: Any, invitation: EmailInvitation, **kwargs: Any) -> None:
    """The invitation is emailed once the transaction that wrote it commits (never when it
    rolls back)."""
    enqueue_on_commit(send_email_invitation, invitation.pk)


@receiver(account_deleted, dispatch_uid="notifications.forget_deleted_account")
def forget_deleted_account(sender: Any, user: Any, email: str, **kwargs: Any) -> None:
    """The delivery log keeps its rows (so nothing is sent twice) but not the address."""
    EmailDelivery.objects.filter(player=user).update(to_email="")
    EmailDelivery.objects.filter(player__isnull=True, to_email__iexact=email).update(to_email="")


@receiver(questions_overdue, dispatch_uid="notifications.alert_unanswered")
def alert_unanswered(sender: Any, topic_ids: list[int], **kwargs: Any) -> None:
    """Advisers and moderators are emailed once the flagging commits."""
    enqueue_on_commit(send_unanswered_alert, list(topic_ids))


@receiver(event_reminders_due, dispatch_uid="notifications.remind_event_followers")
def remind_event_followers(
    sender: Any, event_id: int, player_ids: list[int], **kwargs: Any
) -> None:
    """Followers are emailed once their reminders' claim commits."""
    enqueue_on_commit(send_event_reminder, event_id, list(player_ids))


@receiver(reply_published, dispatch_uid="notifications.push_reply")
def push_reply_on_publish(sender: Any, post_id: int, **kwargs: Any) -> None:
    """The asker's push goes out once the reply is committed."""
    enqueue_on_commit(push_reply, post_id)


@worker_init.connect(dispatch_uid="notifications.warm_up")
def warm_up_on_worker_start(**kwargs: Any) -> None:
    """A worker loads the emails' URLconf, templates and catalogs before its pool starts,
    so the pool's processes (forked from it) do not load them in their first chunk."""
    warm_up()
