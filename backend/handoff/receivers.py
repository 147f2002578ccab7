"""Hand-off keeps a browser's user agent per click: it goes with the account."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from backend.accounts.signals import account_deleted

from .models import HandoffClick


@receiver(account_deleted, dispatch_uid="handoff.forget_deleted_account")
def forget_deleted_account(sender: Any, user: Any, **kwargs: Any) -> None:
    """Clicks stay for the funnel's counts; the user agent that identified a browser goes."""
    HandoffClick.objects.filter(player=user).update(user_agent="")
