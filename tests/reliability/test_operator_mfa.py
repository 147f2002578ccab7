"""The operator API demands what the admin demands: with ADMIN_REQUIRE_MFA, only a staff
session that passed the second factor gets in; a password-only session or a staff token
is refused with 403 `mfa_required`, which tells a client to ask for the code."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings
from rest_framework.authtoken.models import Token

from backend.accounts.models import User
from backend.game.models import Season
from tests.factories import PASSWORD
from tests.reliability.test_admin_mfa import HEADLESS, enroll, totp_code

pytestmark = pytest.mark.django_db

SEASONS = "/api/v1/game/operator/seasons/"
ROUNDS = "/api/v1/game/operator/rounds/"
NEW_SEASON = {"name_en": "Spring", "starts_on": "2026-03-01", "ends_on": "2026-06-30"}


def token_client(user: User) -> Client:
    key = Token.objects.create(user=user).key
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def session_client(user: User) -> Client:
    client = Client()
    client.force_login(user)  # signed in with the password alone
    return client


def mfa_session_client(user: User, secret: str) -> Client:
    """Signed in through the web app's login, the authenticator code included."""
    client = Client()
    first = client.post(
        f"{HEADLESS}/auth/login",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert first.status_code == 401
    second = client.post(
        f"{HEADLESS}/auth/2fa/authenticate",
        {"code": totp_code(secret)},
        content_type="application/json",
    )
    assert second.status_code == 200, second.json()
    return client


def refused_for_mfa(response: Any) -> bool:
    return response.status_code == 403 and response.json()["code"] == "mfa_required"


@pytest.fixture
def mfa_required(settings: Settings) -> None:
    settings.ADMIN_REQUIRE_MFA = True


@pytest.mark.parametrize("path", [SEASONS, ROUNDS])
def test_a_staff_session_without_the_second_factor_is_asked_for_it(
    mfa_required: None, operator: User, path: str
) -> None:
    enroll(operator)

    response = session_client(operator).get(path)

    assert refused_for_mfa(response), response.content
    assert "authenticator code" in response.json()["detail"]


def test_a_staff_token_is_asked_for_the_second_factor(mfa_required: None, operator: User) -> None:
    enroll(operator)
    client = token_client(operator)

    assert refused_for_mfa(client.get(SEASONS))
    created = client.post(SEASONS, NEW_SEASON, content_type="application/json")
    assert refused_for_mfa(created)
    assert not Season.objects.exists()


def test_a_session_that_passed_the_second_factor_gets_in(
    mfa_required: None, operator: User
) -> None:
    client = mfa_session_client(operator, enroll(operator))

    assert client.get(SEASONS).status_code == 200
    assert client.get(ROUNDS).status_code == 200


def test_players_are_refused_as_before_not_asked_for_a_factor(
    mfa_required: None, outsider: User
) -> None:
    response = session_client(outsider).get(SEASONS)

    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert token_client(outsider).get(SEASONS).json()["code"] == "permission_denied"


def test_without_mfa_required_staff_tokens_and_sessions_get_in(
    settings: Settings, operator: User
) -> None:
    settings.ADMIN_REQUIRE_MFA = False

    assert token_client(operator).get(SEASONS).status_code == 200
    assert session_client(operator).get(SEASONS).status_code == 200
