"""API tokens: the player behind a valid token, refused with the reason for an unknown or a
deactivated one (403: the session scheme comes first, so no WWW-Authenticate challenge), and
the answer in the player's profile language."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/accounts/me/"


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_valid_token_signs_its_player_in() -> None:
    player = UserFactory(display_name="Ada")
    other = UserFactory(display_name="Bob")
    Token.objects.create(user=other)
    token = Token.objects.create(user=player)
    answer = client_with(token.key).get(ME)
    assert answer.status_code == 200, answer.content
    assert answer.json()["email"] == player.email


def test_an_unknown_token_is_refused() -> None:
    Token.objects.create(user=UserFactory())
    answer = client_with("0" * 40).get(ME)
    assert answer.status_code == 403
    assert answer.json()["detail"] == "Invalid token."


def test_a_deactivated_players_token_is_refused() -> None:
    player = UserFactory()
    token = Token.objects.create(user=player)
    player.is_active = False
    player.save(update_fields=["is_active"])
    answer = client_with(token.key).get(ME)
    assert answer.status_code == 403
    assert answer.json()["detail"] == "User inactive or deleted."


def test_a_deleted_token_signs_nobody_in() -> None:
    token = Token.objects.create(user=UserFactory())
    key = token.key
    assert client_with(key).get(ME).status_code == 200
    token.delete()
    assert client_with(key).get(ME).status_code == 403


def test_the_answer_is_in_the_players_language() -> None:
    player = UserFactory(language="fr")
    token = Token.objects.create(user=player)
    answer = client_with(token.key).get("/api/v1/game/rounds/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 404
    assert answer["Content-Language"] == "fr"
