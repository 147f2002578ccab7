"""Paddock's own deploy checks (`manage.py check --deploy`).

- paddock.E001: SECRET_KEY is the development default, or too short to be a real secret.
  An error: `check --deploy` fails (with DJANGO_ENV=production the settings already refuse
  to load, so the process never starts).
- paddock.W001: the admin lets staff in without a second factor (ADMIN_REQUIRE_MFA off;
  it is on by default with DJANGO_ENV=production).
- paddock.W002: the Content-Security-Policy middleware is not installed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

MIN_SECRET_KEY_LENGTH = 50


def secret_key_is_insecure(key: str) -> bool:
    """The development default, a `django-insecure-` key, or fewer than 50 characters."""
    return (
        key == getattr(settings, "INSECURE_DEFAULT_SECRET_KEY", None)
        or key.startswith("django-insecure")
        or len(key) < MIN_SECRET_KEY_LENGTH
        or len(set(key)) < 5
    )


@register(Tags.security, deploy=True)
def check_production_settings(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    issues: list[Any] = []
    if secret_key_is_insecure(str(settings.SECRET_KEY)):
        issues.append(
            Error(
                "SECRET_KEY is the development default or too short for production.",
                hint="Set SECRET_KEY in the environment to a random string of 50+ characters, "
                "e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'.",
                id="paddock.E001",
            )
        )
    if not getattr(settings, "ADMIN_REQUIRE_MFA", False):
        issues.append(
            Warning(
                "The admin lets staff in without a second factor.",
                hint="Set DJANGO_ENV=production (or ADMIN_REQUIRE_MFA=1) and have every "
                "operator enroll a TOTP authenticator (backend/common/admin_site.py).",
                id="paddock.W001",
            )
        )
    if "backend.common.security.ContentSecurityPolicyMiddleware" not in settings.MIDDLEWARE:
        issues.append(
            Warning(
                "No Content-Security-Policy is sent.",
                hint="Keep backend.common.security.ContentSecurityPolicyMiddleware in MIDDLEWARE.",
                id="paddock.W002",
            )
        )
    return issues
