"""allauth's account adapter with Paddock's account emails (settings.ACCOUNT_ADAPTER).

Sign-up is the accounts app's (`backend.accounts.adapters.AccountAdapter`); this adds the
emails: in the account owner's language and in the layout of every Paddock email
(compose/account.py).
"""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage
from django.utils import translation

from backend.accounts.adapters import AccountAdapter

from .compose.account import account_language, paddock_site, style_account_mail

# allauth's messages Paddock words itself (templates/notifications/account/), in its own
# voice and catalog; the others stay allauth's, translated by allauth.
OWN_TEXTS = {
    "account/email/email_confirmation_signup": "notifications/account/email_confirmation_signup",
    "account/email/email_confirmation": "notifications/account/email_confirmation",
}


class AccountEmailAdapter(AccountAdapter):
    """Account emails go out in the player's language and Paddock's email layout."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        with translation.override(account_language(email)):
            super().send_mail(template_prefix, email, {**context, "current_site": paddock_site()})

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        message = super().render_mail(
            OWN_TEXTS.get(template_prefix, template_prefix), email, context, headers=headers
        )
        return style_account_mail(message, template_prefix=template_prefix, context=context)
