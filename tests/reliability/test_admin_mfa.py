"""The admin is staff-only and, with ADMIN_REQUIRE_MFA, needs a second factor (TOTP)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import Client
from pytest_django import Settings

from backend.accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HEADLESS = "/_allauth/browser/v1"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def enroll(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def admin_login(client: Client, user: User, code: str = "") -> Any:
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": user.email, "password": PASSWORD, "code": code},
    )


@pytest.fixture
def mfa_required(settings: Settings) -> None:
    """The admin asks staff for a second factor (ADMIN_REQUIRE_MFA)."""
    settings.ADMIN_REQUIRE_MFA = True


def test_it_lets_staff_in_with_a_password_alone_when_mfa_is_not_required(operator: User) -> None:
    client = Client()
    assert admin_login(client, operator).status_code == 302
    assert client.get("/admin/racing/race/").status_code == 200


def test_it_keeps_players_out_of_the_admin_in_both_states(
    settings: Settings, outsider: User
) -> None:
    for required in (False, True):
        settings.ADMIN_REQUIRE_MFA = required
        client = Client()
        assert admin_login(client, outsider).status_code == 200  # the form again
        assert client.get("/admin/").status_code == 302


def test_it_shuts_staff_without_an_authenticator_out_and_says_how_to_enroll(
    mfa_required: None, operator: User
) -> None:
    client = Client()
    refused = admin_login(client, operator)
    assert refused.status_code == 200
    assert b"authenticators/totp" in refused.content
    assert "_auth_user_id" not in client.session

    # Even a session signed in with the password elsewhere gets no admin page.
    client.force_login(operator)
    page = client.get("/admin/racing/race/")
    assert page.status_code == 302
    assert page["Location"].startswith("/admin/login/")
    login_page = client.get(page["Location"])
    assert b'id="mfa-enroll"' in login_page.content


def test_it_lets_enrolled_staff_in_only_with_a_right_code(
    mfa_required: None, operator: User
) -> None:
    secret = enroll(operator)
    client = Client()
    assert admin_login(client, operator).status_code == 200  # no code
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    assert admin_login(client, operator, code=wrong).status_code == 200
    assert client.get("/admin/").status_code == 302

    client.force_login(operator)  # password-only session: not enough
    assert client.get("/admin/").status_code == 302

    client = Client()
    assert admin_login(client, operator, code=totp_code(secret)).status_code == 302
    assert client.get("/admin/racing/race/").status_code == 200


def test_it_enrolls_through_the_headless_api_and_admits_the_web_app_s_mfa_session(
    mfa_required: None, operator: User
) -> None:
    client = Client()
    login = client.post(
        f"{HEADLESS}/auth/login",
        {"email": operator.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert login.status_code == 200, login.json()

    # The documented enrolment: GET gives the secret, POST a code activates it.
    pending = client.get(f"{HEADLESS}/account/authenticators/totp")
    assert pending.status_code == 404
    secret = pending.json()["meta"]["secret"]
    activate = {
        "path": f"{HEADLESS}/account/authenticators/totp",
        "content_type": "application/json",
    }
    asked = client.post(**activate, data={"code": totp_code(secret)})
    if asked.status_code == 401:  # allauth asks for the password again before adding a factor
        assert any(f["id"] == "reauthenticate" for f in asked.json()["data"]["flows"])
        again = client.post(
            f"{HEADLESS}/auth/reauthenticate",
            {"password": PASSWORD},
            content_type="application/json",
        )
        assert again.status_code == 200, again.json()
        asked = client.post(**activate, data={"code": totp_code(secret)})
    assert asked.status_code == 200, asked.json()
    assert client.get("/admin/").status_code == 302  # this session passed no second factor

    client = Client()
    first = client.post(
        f"{HEADLESS}/auth/login",
        {"email": operator.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert first.status_code == 401
    assert any(f["id"] == "mfa_authenticate" for f in first.json()["data"]["flows"])
    second = client.post(
        f"{HEADLESS}/auth/2fa/authenticate",
        {"code": totp_code(secret)},
        content_type="application/json",
    )
    assert second.status_code == 200, second.json()
    assert client.get("/admin/racing/race/").status_code == 200
