from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from backend.common.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Gives new players the display name they chose at sign-up and the browser's language.

    Account emails are the notifications app's: its subclass of this adapter
    (`backend.notifications.adapters.AccountEmailAdapter`) is settings.ACCOUNT_ADAPTER.
    """

    def get_client_ip(self, request: HttpRequest) -> str:
        """The client behind TRUSTED_PROXY_COUNT proxies, as every other limit sees it."""
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed logins count per account *and* address: nobody can lock another player
        out by failing logins with their email from elsewhere (the per-address limit
        still bounds how fast one client guesses)."""
        return (
            f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_ip(request)}"
        )

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        # The name checked by forms.SignupForm; never the email's local part, which would
        # publish part of a private address. Without one the app asks at the next visit.
        chosen = getattr(form, "cleaned_data", {}).get("display_name")
        if chosen and not user.display_name:
            user.display_name = chosen
        lang = getattr(request, "LANGUAGE_CODE", "") or ""
        if lang[:2] in {"fr", "en"}:
            user.language = lang[:2]
        if commit:
            user.save()
        return user
