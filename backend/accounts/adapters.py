from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from django.http import HttpRequest

from backend.common.http import client_ip

# The authentication steps that prove the account's credentials: the password and the
# second factor. A login through an email link (verification, password reset) proves
# neither.
CREDENTIAL_METHODS = frozenset({"password", "mfa"})


class AccountAdapter(DefaultAccountAdapter):
    """Gives new players the display name they chose at sign-up, the browser's language and
    time zone, and counts a fresh login as a recent authentication.

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
        # The browser's zone, already checked by the form (empty when unknown or not sent).
        zone = getattr(form, "cleaned_data", {}).get("time_zone")
        if zone:
            user.time_zone = zone
        if commit:
            user.save()
        return user

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Sensitive actions (adding or removing an authenticator, recovery codes) ask for
        the password again, unless this session proved it within the reauthentication
        window (ACCOUNT_REAUTHENTICATION_TIMEOUT, 5 minutes). allauth counts only an
        explicit re-entry; a login that has just checked the password proves as much, and
        enrolling an authenticator right after signing in is the documented path
        (docs/operator.md, The admin and its second factor). Older sessions re-enter it."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        return not signed_in_recently(self.request)


def signed_in_recently(request: HttpRequest | None) -> bool:
    """The signed-in user proved their credentials in this session (password or second
    factor, at login or on re-entering them) within the reauthentication window."""
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return False
    proved = [
        record["at"]
        for record in get_authentication_records(request, user)
        if record.get("method") in CREDENTIAL_METHODS and isinstance(record.get("at"), float | int)
    ]
    return bool(proved) and time.time() - max(proved) < account_settings.REAUTHENTICATION_TIMEOUT
