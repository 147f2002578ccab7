"""The server's words about names and legal sources come in the language the web app asks
for (Accept-Language): a French player is refused in French, through the API and through
sign-up alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from backend.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
LOOKALIKE_FR = "Le nom d\u2019un autre joueur lui ressemble\u00a0: choisissez-en un autre."


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Un nom ne peut pas contenir de caractère invisible ou de contrôle"),
        ("en", "Names cannot contain invisible or control characters"),
    ],
)
def test_a_disguised_name_is_refused_in_the_apps_language(
    api_as: Any, member: User, language: str, expected: str
) -> None:
    answer = api_as(member).patch(
        "/api/v1/accounts/me/",
        {"display_name": f"Bob {RLO}Reversed"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_name"
    assert answer.json()["detail"].startswith(expected)
    assert "RIGHT-TO-LEFT OVERRIDE" in answer.json()["detail"]


def test_a_lookalike_name_and_a_league_without_one_are_refused_in_french(
    api_as: Any, member: User
) -> None:
    UserFactory.create(display_name="Jack L.")
    twin = api_as(member).patch(
        "/api/v1/accounts/me/",
        {"display_name": "Jack  L."},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert twin.status_code == 409
    assert twin.json()["detail"] == LOOKALIKE_FR
    league = api_as(member).post(
        "/api/v1/leagues/", {"name": f"Les {RLO}copains"}, format="json", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert league.status_code == 400
    assert league.json()["detail"].startswith("Un nom ne peut pas contenir")
    empty = api_as(member).post(
        "/api/v1/leagues/", {"name": ""}, format="json", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert empty.json()["detail"] == "Saisie invalide."


def test_sign_up_refuses_a_lookalike_name_in_french() -> None:
    UserFactory.create(display_name="Jack L.")
    answer = Client(HTTP_ACCEPT_LANGUAGE="fr").post(
        "/_allauth/browser/v1/auth/signup",
        {
            "email": "jack@paddock.test",
            "password": "a-long-passphrase-42",
            "display_name": "Jack  L.",
        },
        content_type="application/json",
    )
    assert answer.status_code == 400
    messages = [e["message"] for e in answer.json()["errors"]]
    assert LOOKALIKE_FR in messages


def test_the_self_exclusion_source_is_written_in_the_apps_language(
    api_as: Any, owner: User
) -> None:
    owner.country = "FR"
    owner.save(update_fields=["country"])
    french = api_as(owner).get("/api/v1/handoff/preferences/", HTTP_ACCEPT_LANGUAGE="fr").json()
    english = api_as(owner).get("/api/v1/handoff/preferences/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert "7 jours au moins" in french["self_exclusion_source"]["text"]
    assert " and " not in french["self_exclusion_source"]["text"]
    assert "7 days at least" in english["self_exclusion_source"]["text"]
