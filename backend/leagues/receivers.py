"""Email invitations name an address: it goes with the account it belongs to. A friend's
first pick may complete their inviter's "invite a friend" mission."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from backend.accounts.signals import account_deleted
from backend.common.tasks import enqueue_on_commit
from backend.community.tasks import award_missions
from backend.game.models import Pick

from .models import EmailInvitation
from .selectors import inviters_of


@receiver(account_deleted, dispatch_uid="leagues.forget_deleted_account")
def forget_deleted_account(sender: Any, user: Any, email: str, **kwargs: Any) -> None:
    """Invitations to the deleted address keep their league and state, not the address."""
    EmailInvitation.objects.filter(email__iexact=email).update(
        email=f"deleted-{user.pk}@deleted.invalid"
    )


@receiver(post_save, sender=Pick, dispatch_uid="leagues.inviter_missions_on_pick")
def inviter_missions_on_pick(sender: Any, instance: Pick, created: bool, **kwargs: Any) -> None:
    """The friend picked: whoever invited them may have completed a mission."""
    if created:
        for inviter_id in inviters_of(instance.player_id):
            enqueue_on_commit(award_missions, inviter_id)
