"""Email invitations name an address: it goes with the account it belongs to."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from backend.accounts.signals import account_deleted

from .models import EmailInvitation


@receiver(account_deleted, dispatch_uid="leagues.forget_deleted_account")
def forget_deleted_account(sender: Any, user: Any, email: str, **kwargs: Any) -> None:
    """Invitations to the deleted address keep their league and state, not the address."""
    EmailInvitation.objects.filter(email__iexact=email).update(
        email=f"deleted-{user.pk}@deleted.invalid"
    )
