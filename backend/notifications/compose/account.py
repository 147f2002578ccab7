"""Account emails (allauth: verification, password reset…) in the notifications layout.

allauth renders its own subject and plain text (translated by allauth); the account adapter
(backend/notifications/adapters.py) calls `account_language` and `paddock_site` before, and
`style_account_mail` after, which adds the HTML part in the same layout as every other
Paddock email. They are transactional: no List-Unsubscribe, no preference can stop them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.notifications.rendering import LANGUAGES, Layout, base_context, email_language

ACTION_KEYS = ("activate_url", "password_reset_url", "signup_url")


@dataclass(frozen=True, slots=True)
class PaddockSite:
    """What allauth's templates read as `current_site` (Paddock has no sites framework)."""

    name: str
    domain: str


def paddock_site() -> PaddockSite:
    return PaddockSite(name="Paddock", domain=urlsplit(settings.SITE_URL).netloc)


def account_language(email: str) -> str:
    """The language of the account owning `email`, else the active one (the browser's)."""
    language = User.objects.filter(email__iexact=email).values_list("language", flat=True).first()
    if language in LANGUAGES:
        return str(language)
    return email_language((translation.get_language() or settings.LANGUAGE_CODE)[:2])


def _action_label(template_prefix: str) -> str:
    if "email_confirmation" in template_prefix:
        return _("Confirm my email address")
    if "password_reset" in template_prefix:
        return _("Choose a new password")
    if "signup" in template_prefix or "unknown_account" in template_prefix:
        return _("Sign up")
    return _("Open Paddock")


def style_account_mail(
    message: EmailMessage, *, template_prefix: str, context: dict[str, Any]
) -> EmailMessage:
    """Add the HTML part (our layout) to allauth's plain-text message, in the active
    language; a message that already has one (a template of ours) is left as it is."""
    if not isinstance(message, EmailMultiAlternatives) or message.alternatives:
        return message
    action_url = next((str(context[k]) for k in ACTION_KEYS if context.get(k)), "")
    code = str(context.get("code") or "")
    # The button (or the code) goes where the text had its link: paragraphs after it (a
    # "not you?" line) stay after it.
    blocks = [p.strip() for p in str(message.body).split("\n\n") if p.strip()]
    at = next((i for i, p in enumerate(blocks) if p in {action_url, code}), len(blocks))
    paragraphs = [p for p in blocks[:at] if p not in {action_url, code}]
    after = [p for p in blocks[at:] if p not in {action_url, code}]
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "") or ""
    heading = str(message.subject).removeprefix(prefix)
    context = {
        **base_context(
            subject=str(message.subject),
            preheader=heading,
            reason=_("You receive this email because of an action on your Paddock account."),
        ),
        "heading": heading,
        "paragraphs": paragraphs,
        "after": after,
        "action_url": action_url,
        "action_label": _action_label(template_prefix),
        "code": code,
    }
    content = render_to_string("notifications/email/account.html", context)
    html, _text = Layout().wrap(context, content, "")
    message.attach_alternative(html, "text/html")
    message.extra_headers.setdefault("Content-Language", translation.get_language() or "en")
    return message
