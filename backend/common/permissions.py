"""Who may call the operator API: staff, and with ADMIN_REQUIRE_MFA only a staff session
that passed the second factor, exactly as the admin demands (backend/common/admin_site.py).

A staff token proves no second factor, nor does a session signed in with the password
alone: both are refused with 403 `mfa_required` when ADMIN_REQUIRE_MFA is on, so a client
can tell "ask for the authenticator code" (sign in again through the headless API's
`/auth/2fa/authenticate`) from a plain "not allowed" (403 `permission_denied`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request

from .admin_site import mfa_required, session_passed_mfa

MFA_REQUIRED = "mfa_required"
MFA_REQUIRED_MESSAGE = gettext_lazy(
    "The operator API needs a session that passed the second factor: sign in with your "
    "authenticator code (a token is not enough)."
)


class IsOperator(IsAdminUser):
    """Staff; with ADMIN_REQUIRE_MFA, only through a session that passed the second factor."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        if not mfa_required():
            return True
        by_session = isinstance(request.successful_authenticator, SessionAuthentication)
        if by_session and session_passed_mfa(request._request):
            return True
        raise exceptions.PermissionDenied(str(MFA_REQUIRED_MESSAGE), code=MFA_REQUIRED)
