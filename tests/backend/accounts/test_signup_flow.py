"""Sign-up, email verification and login through allauth's headless API."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.test import Client

from backend.accounts.models import User

pytestmark = pytest.mark.django_db

BASE = "/_allauth/browser/v1"


def test_it_signs_up_verifies_the_email_and_logs_in() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = client.post(
        f"{BASE}/auth/signup",
        {"email": "newbie@paddock.test", "password": "a-long-passphrase-42"},
        content_type="application/json",
    )
    # Verification is mandatory: the account exists but the flow waits for the email.
    assert response.status_code == 401
    assert User.objects.get(email="newbie@paddock.test").language == "fr"
    assert len(mail.outbox) == 1
    match = re.search(r"/account/verify-email/([^\s]+)", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    response = client.post(
        f"{BASE}/auth/email/verify",
        {"key": unquote(match.group(1))},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert client.get("/api/v1/accounts/me/").json()["email"] == "newbie@paddock.test"


def test_it_refuses_a_login_with_a_wrong_password(member: User) -> None:
    response = Client().post(
        f"{BASE}/auth/login",
        {"email": member.email, "password": "wrong-password"},
        content_type="application/json",
    )
    assert response.status_code == 400
