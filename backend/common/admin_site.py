"""The operators' admin: staff only and, with ADMIN_REQUIRE_MFA, a second factor too.

With ADMIN_REQUIRE_MFA on, a staff session is let into the admin only once it passed a
second factor (allauth.mfa records it in the session: the admin login form below with a
TOTP code, or the web app's login through the headless API). A staff member without an
activated TOTP authenticator cannot use the admin at all until they enroll one:

1. sign in to the web app (session), then `GET /_allauth/browser/v1/account/authenticators/totp`
   answers 404 with `meta.secret` and `meta.totp_url` (the QR code's content) to add to an
   authenticator app;
2. `POST /_allauth/browser/v1/account/authenticators/totp` with `{"code": "123456"}` from
   the app activates it (a session signed in more than ACCOUNT_REAUTHENTICATION_TIMEOUT
   ago first re-enters the password: 401 with a `reauthenticate` flow,
   `POST /_allauth/browser/v1/auth/reauthenticate`);
3. `POST /_allauth/browser/v1/account/authenticators/recovery-codes` gives recovery codes.

Then sign in at /admin/login/ with email, password and the 6-digit code.
"""

from __future__ import annotations

from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.core import ratelimit
from allauth.mfa.base.internal.flows import post_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

ENROLL_HELP = _(
    "Two-factor authentication is required for the admin and this account has no "
    "authenticator yet: sign in to Paddock and activate one through "
    "/_allauth/browser/v1/account/authenticators/totp, then come back with its code."
)
_MFA_ON_REQUEST = "_paddock_admin_mfa"


def mfa_required() -> bool:
    return bool(getattr(settings, "ADMIN_REQUIRE_MFA", False))


def totp_authenticator(user: Any) -> Any:
    """The user's activated TOTP authenticator, or None."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()


def session_passed_mfa(request: HttpRequest) -> bool:
    """The signed-in user passed a second factor in this session, and still has a TOTP."""
    user = request.user
    records = get_authentication_records(request, user)
    if not any(record.get("method") == "mfa" for record in records):
        return False
    return totp_authenticator(user) is not None


class MFAAdminAuthenticationForm(AdminAuthenticationForm):
    """Email and password, plus the TOTP code when ADMIN_REQUIRE_MFA is on.

    Attempts count against allauth's `login_failed` rate limit (per IP and per email), so
    neither passwords nor codes can be guessed at speed here either.
    """

    code = forms.CharField(
        label="Authenticator code",
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self) -> dict[str, Any]:
        email = str(self.cleaned_data.get("username") or "").lower()
        if (
            self.request is not None
            and email
            and not ratelimit.consume(self.request, action="login_failed", key=f"admin:{email}")
        ):
            raise ValidationError(
                _("Too many sign-in attempts: wait a few minutes."), code="too_many_attempts"
            )
        return super().clean()

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not mfa_required():
            return
        authenticator = totp_authenticator(user)
        if authenticator is None:
            raise ValidationError(ENROLL_HELP, code="mfa_not_enrolled")
        code = str(self.cleaned_data.get("code") or "").strip()
        if not code or not TOTP(authenticator).validate_code(code):
            raise ValidationError(_("The authenticator code is missing or wrong."), code="mfa_code")
        if self.request is not None:
            setattr(self.request, _MFA_ON_REQUEST, authenticator)


class PaddockAdminSite(admin.AdminSite):
    site_header = "Paddock operations"
    site_title = "Paddock admin"
    login_form = MFAAdminAuthenticationForm
    login_template = "paddock_admin/login.html"

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        return not mfa_required() or session_passed_mfa(request)

    @method_decorator(never_cache)
    @method_decorator(login_not_required)
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        user = request.user
        context = {
            "mfa_required": mfa_required(),
            "mfa_enroll_help": ENROLL_HELP
            if mfa_required() and user.is_authenticated and totp_authenticator(user) is None
            else "",
            **(extra_context or {}),
        }
        response: HttpResponse = super().login(request, context)
        authenticator = getattr(request, _MFA_ON_REQUEST, None)
        if authenticator is not None and request.user.pk == authenticator.user_id:
            # After auth_login: the record belongs to the new session and its user.
            post_authentication(request, authenticator)
        return response


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record that services write and staff only read: nothing is added, edited or
    deleted from the admin (a log, a report, a click), whatever the user's permissions."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
