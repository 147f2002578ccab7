"""Account emails (allauth) in the player's language and the same layout, transactional."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from tests.factories import UserFactory

from .smtp import Sink

pytestmark = pytest.mark.django_db

BASE = "/_allauth/browser/v1"


def test_the_verification_email_has_our_layout_and_no_unsubscribe(smtp: Sink) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="fr").post(
        f"{BASE}/auth/signup",
        {
            "email": "newbie@example.com",
            "password": "a-long-passphrase-42",
            "display_name": "Newbie",
        },
        content_type="application/json",
    )
    assert response.status_code == 401  # waiting for the verification
    (mail,) = smtp.received
    assert mail.header("Content-Language") == "fr"
    assert mail.header("List-Unsubscribe") == ""
    html = mail.html
    assert '<html lang="fr">' in html
    # HEADLESS_FRONTEND_URLS: the web app's page, from SITE_URL when settings loaded.
    assert re.search(r'href="https?://[^"]+/account/verify-email/[^"]+"', html)
    assert "Confirmer mon adresse e-mail" in html  # the button
    assert "/account/verify-email/" in mail.text
    assert "paddock.example" in mail.text  # the text names our site, not the host
    assert "testserver" not in mail.text
    # Paddock's words, in the player's language: what the address is for, what to do if
    # it was not them.
    assert "Bienvenue sur Paddock" in mail.text
    assert "faire vos pronostics" in html
    assert "sans confirmation, il ne se passe rien" in html
    # The button stands where the text had the link: before the "not you?" line.
    assert html.index("Confirmer mon adresse e-mail") < html.index("il ne se passe rien")
    assert "Hello from" not in mail.text + html


def test_a_verification_sent_again_says_what_it_is_for(smtp: Sink) -> None:
    user = UserFactory(email="again@example.com", language="en")
    EmailAddress.objects.filter(user=user).update(verified=False)
    client = Client()
    client.force_login(user)
    response = client.put(
        f"{BASE}/account/email", {"email": "again@example.com"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    (mail,) = smtp.received
    assert "needs to know this address is yours" in mail.text
    assert re.search(r'href="https?://[^"]+/account/verify-email/[^"]+"', mail.html)
    assert "If you did not ask for this" in mail.html


def test_the_password_reset_email_is_in_the_accounts_language(smtp: Sink) -> None:
    UserFactory(email="marie@example.com", language="fr")
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        f"{BASE}/auth/password/request",
        {"email": "marie@example.com"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    (mail,) = smtp.received
    assert mail.header("Content-Language") == "fr"
    assert re.search(r'href="https?://[^"]+/account/password/reset/[^"]+"', mail.html)
    assert "Choisir un nouveau mot de passe" in mail.html
    assert "mot de passe" in mail.text


def test_account_emails_keep_working_on_the_test_outbox(settings: Any) -> None:

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    UserFactory(email="john@example.com", language="en")
    Client().post(
        f"{BASE}/auth/password/request",
        {"email": "john@example.com"},
        content_type="application/json",
    )
    (message,) = mail.outbox
    assert message.alternatives[0][1] == "text/html"
    assert "Choose a new password" in message.alternatives[0][0]
