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
        {
            "email": "newbie@paddock.test",
            "password": "a-long-passphrase-42",
            "display_name": "Galop Gagnant",
        },
        content_type="application/json",
    )
    # Verification is mandatory: the account exists but the flow waits for the email.
    assert response.status_code == 401
    newbie = User.objects.get(email="newbie@paddock.test")
    assert (newbie.language, newbie.display_name) == ("fr", "Galop Gagnant")
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


def signup(body: dict[str, str]) -> dict[str, object]:
    answer = Client().post(f"{BASE}/auth/signup", body, content_type="application/json")
    assert answer.status_code == 400, answer.content
    return answer.json()


def test_it_asks_a_display_name_and_never_takes_the_email(member: User) -> None:
    member.display_name = "Jean Turf"
    member.save()
    base = {"email": "someone.private@paddock.test", "password": "a-long-passphrase-42"}
    missing = signup(base)
    assert [e["param"] for e in missing["errors"]] == ["display_name"]
    # Unique without regard to case (or look-alike letters): the field says why.
    twin = signup({**base, "display_name": "JEAN turf"})
    assert [(e["param"], e["code"]) for e in twin["errors"]] == [
        ("display_name", "name_confusable")
    ]
    assert not User.objects.filter(email=base["email"]).exists()


def signed_up(time_zone: object) -> User:
    """Signs up with the browser's time zone as the web app sends it."""
    email = f"zone{User.objects.count()}@paddock.test"
    response = Client().post(
        f"{BASE}/auth/signup",
        {
            "email": email,
            "password": "a-long-passphrase-42",
            "display_name": f"Zone {User.objects.count()}",
            "time_zone": time_zone,
        },
        content_type="application/json",
    )
    # The account exists and waits for its email to be verified, whatever the zone said.
    assert response.status_code == 401, response.content
    return User.objects.get(email=email)


def test_it_keeps_the_browser_time_zone_given_at_sign_up() -> None:
    assert signed_up("Europe/London").time_zone == "Europe/London"
    assert signed_up("America/Toronto").time_zone == "America/Toronto"


@pytest.mark.parametrize("time_zone", ["Mars/Olympus_Mons", "", "x" * 200, 42, None])
def test_an_unknown_time_zone_keeps_the_default_and_never_fails_sign_up(time_zone: object) -> None:
    default = User._meta.get_field("time_zone").get_default()
    assert signed_up(time_zone).time_zone == default


def test_sign_up_declares_no_country_for_the_player() -> None:
    """Sign-up never asks the country: none is stored until the player chooses one (a
    betting offer and a country's helpline wait for it), whatever the language."""
    user = signed_up("Europe/London")
    assert user.country == ""
