"""Production settings: check --deploy is clean with the production environment, insecure
defaults refuse to start, every page carries the Content-Security-Policy (the admin and the
API docs still work under it), cookies are secure and HSTS is sent."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

from backend.accounts.models import User
from backend.common.security import DEFAULT_POLICY
from tests.factories import PASSWORD
from tests.personas import ApiAs

REPO = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_DEBUG": "0",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_SSL_REDIRECT": "1",
    "ALLOWED_HOSTS": "paddock.example.com",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        # The browser tests allow sync ORM calls from Playwright's thread; production never does.
        if k
        not in {
            "DJANGO_ENV",
            "SECRET_KEY",
            "DJANGO_DEBUG",
            "ADMIN_REQUIRE_MFA",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "backend/manage.py", *args],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_passes_check_deploy_with_the_production_environment() -> None:
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        **PRODUCTION_ENV, SECRET_KEY=secrets.token_urlsafe(64),
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


def test_it_fails_check_deploy_on_the_default_secret_key_and_refuses_to_start_in_production() -> (
    None
):
    deploy = manage("check", "--deploy", DJANGO_DEBUG="0")
    assert deploy.returncode != 0
    assert "paddock.E001" in deploy.stderr
    assert "paddock.W001" in deploy.stderr  # the admin without a second factor

    started = manage("check", **PRODUCTION_ENV)  # no SECRET_KEY: the insecure default
    assert started.returncode != 0
    assert "DJANGO_ENV=production needs SECRET_KEY" in started.stderr


@pytest.mark.django_db
def test_it_sends_the_content_security_policy_on_the_app_the_api_and_the_health_check(
    api_as: ApiAs, outsider: User
) -> None:
    for response in (
        Client().get("/"),
        Client().get("/leagues/join/abc"),
        api_as(outsider).get("/api/v1/accounts/me/"),
        Client().get("/api/v1/accounts/me/"),
        Client().get("/healthz"),
    ):
        assert response["Content-Security-Policy"] == DEFAULT_POLICY
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_it_serves_the_api_docs_under_the_strict_policy() -> None:
    client = Client()
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert page["Content-Security-Policy"] == DEFAULT_POLICY
    # script-src 'self': every script is a same-origin URL, none is inline.
    assert not INLINE_SCRIPT.search(page.content), page.content.decode()
    scripts = re.findall(rb'<script src="([^"]+)"', page.content)
    assert len(scripts) == 3
    for src in scripts:
        assert src.startswith(b"/"), src  # same origin: no CDN
    init = client.get(scripts[-1].decode().replace("&amp;", "&"))
    assert init.status_code == 200
    assert b"SwaggerUIBundle" in init.content


@pytest.mark.django_db
def test_it_serves_the_admin_under_the_strict_policy(operator: User) -> None:
    client = Client()
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert login["Content-Security-Policy"] == DEFAULT_POLICY
    client.force_login(operator)
    for path in ("/admin/", "/admin/racing/race/", "/admin/accounts/user/add/"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert page["Content-Security-Policy"] == DEFAULT_POLICY
        assert not INLINE_SCRIPT.search(page.content), path


@pytest.mark.django_db
def test_it_marks_session_and_csrf_cookies_secure_when_debug_is_off(
    settings: Settings, operator: User
) -> None:
    assert settings.DEBUG is False
    client = Client()
    client.get("/admin/login/")
    response = client.post(
        "/admin/login/",
        {"username": operator.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert session["secure"]
    assert session["httponly"]
    assert csrf["secure"]


@pytest.mark.django_db
def test_it_sends_hsts_and_redirects_to_https_with_the_production_values(
    settings: Settings,
) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_SSL_REDIRECT = True
    plain = Client().get("/api/v1/game/seasons/")
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    # A load balancer's plain-HTTP probe is answered, not redirected.
    assert Client().get("/healthz").status_code == 200
    secure = Client().get("/healthz", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
