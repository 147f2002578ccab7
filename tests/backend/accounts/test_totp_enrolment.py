"""Enrolling an authenticator (TOTP) through the web app's session, as docs/operator.md
says: right after signing in, a GET then a POST with a code; a session that proved the
password longer ago (ACCOUNT_REAUTHENTICATION_TIMEOUT) enters it again first."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from pytest_django import Settings

from backend.accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HEADLESS = "/_allauth/browser/v1"
TOTP = f"{HEADLESS}/account/authenticators/totp"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def signed_in(user: User) -> Client:
    """A web-app session, signed in with the email and password."""
    client = Client()
    login = client.post(
        f"{HEADLESS}/auth/login",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert login.status_code == 200, login.json()
    return client


def activate(client: Client) -> Any:
    """The documented enrolment: GET gives the secret (404: none yet), POST a code."""
    pending = client.get(TOTP)
    assert pending.status_code == 404
    secret = pending.json()["meta"]["secret"]
    return client.post(TOTP, {"code": totp_code(secret)}, content_type="application/json")


def test_a_fresh_login_enrols_with_a_get_then_a_post(operator: User) -> None:
    activated = activate(signed_in(operator))
    assert activated.status_code == 200, activated.json()
    assert activated.json()["data"]["type"] == "totp"
    assert Authenticator.objects.filter(user=operator, type=Authenticator.Type.TOTP).exists()


def test_an_older_login_enters_the_password_again_first(settings: Settings, operator: User) -> None:
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0  # the login is already too old
    client = signed_in(operator)
    asked = activate(client)
    assert asked.status_code == 401
    assert any(flow["id"] == "reauthenticate" for flow in asked.json()["data"]["flows"])
    assert not Authenticator.objects.filter(user=operator).exists()

    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    again = client.post(
        f"{HEADLESS}/auth/reauthenticate", {"password": PASSWORD}, content_type="application/json"
    )
    assert again.status_code == 200, again.json()
    assert activate(client).status_code == 200


def test_a_session_that_proved_no_password_is_asked_for_it(operator: User) -> None:
    client = Client()
    client.force_login(operator)  # signed in, but no credential recorded in this session
    asked = activate(client)
    assert asked.status_code == 401
    assert any(flow["id"] == "reauthenticate" for flow in asked.json()["data"]["flows"])
