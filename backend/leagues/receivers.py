"""Email invitations name an address: it goes with the account it belongs to. A friend's
first pick may complete their inviter's "invite a friend" mission. A league counts its
members as they join and go, however they go (left, removed, their account deleted). A
league's cached table goes when its members, their roles, their names or the league
change."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Greatest
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from backend.accounts.signals import account_deleted, display_name_changed
from backend.common.tasks import enqueue_on_commit
from backend.community.tasks import award_missions
from backend.game.signals import pick_made

from .models import EmailInvitation, League, Membership
from .selectors import inviters_of
from .tables import league_table_changed


@receiver(account_deleted, dispatch_uid="leagues.forget_deleted_account")
def forget_deleted_account(sender: Any, user: Any, email: str, **kwargs: Any) -> None:
    """Invitations to the deleted address keep their league and state, not the address."""
    EmailInvitation.objects.filter(email__iexact=email).update(
        email=f"deleted-{user.pk}@deleted.invalid"
    )


@receiver(pick_made, dispatch_uid="leagues.inviter_missions_on_pick")
def inviter_missions_on_pick(sender: Any, player_id: int, **kwargs: Any) -> None:
    """The friend picked: whoever invited them may have completed a mission."""
    for inviter_id in inviters_of(player_id):
        enqueue_on_commit(award_missions, inviter_id)


@receiver(post_save, sender=Membership, dispatch_uid="leagues.count_member_joined")
def count_member_joined(
    sender: Any, instance: Membership, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        League.objects.filter(pk=instance.league_id).update(member_count=F("member_count") + 1)


@receiver(post_delete, sender=Membership, dispatch_uid="leagues.count_member_gone")
def count_member_gone(sender: Any, instance: Membership, origin: Any = None, **kwargs: Any) -> None:
    """A membership deleted, on its own or with its player's account; not when its league
    is the one being deleted."""
    if isinstance(origin, League) or (isinstance(origin, QuerySet) and origin.model is League):
        return
    League.objects.filter(pk=instance.league_id).update(
        member_count=Greatest(F("member_count") - 1, Value(0))
    )


@receiver(post_save, sender=Membership, dispatch_uid="leagues.table_on_member_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="leagues.table_on_member_deleted")
def retire_table_on_member_change(sender: Any, instance: Membership, **kwargs: Any) -> None:
    """A member joined, left, was removed or changed role: the table shows it once the
    change commits. (Ownership moves by queryset updates, then saves the league: below.)"""
    transaction.on_commit(partial(league_table_changed, instance.league_id))


@receiver(post_save, sender=League, dispatch_uid="leagues.table_on_league_saved")
def retire_table_on_league_saved(sender: Any, instance: League, **kwargs: Any) -> None:
    transaction.on_commit(partial(league_table_changed, instance.pk))


@receiver(display_name_changed, dispatch_uid="leagues.tables_follow_a_new_name")
def tables_follow_a_new_name(sender: Any, user_id: int, **kwargs: Any) -> None:
    """A member's new name shows in the tables of their leagues."""
    for league_id in Membership.objects.filter(player_id=user_id).values_list(
        "league_id", flat=True
    ):
        league_table_changed(league_id)
