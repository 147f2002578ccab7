from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """Gives new players a display name from their email and the browser's language;
    account emails go out in the player's language and Paddock's email layout."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        from backend.notifications.account import account_language, paddock_site

        with translation.override(account_language(email)):
            super().send_mail(template_prefix, email, {**context, "current_site": paddock_site()})

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        from backend.notifications.account import style_account_mail

        message = super().render_mail(template_prefix, email, context, headers=headers)
        return style_account_mail(message, template_prefix=template_prefix, context=context)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        if not user.display_name:
            user.display_name = user.email.split("@", 1)[0][:40]
        lang = getattr(request, "LANGUAGE_CODE", "") or ""
        if lang[:2] in {"fr", "en"}:
            user.language = lang[:2]
        if commit:
            user.save()
        return user
