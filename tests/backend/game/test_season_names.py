"""A season is named in English and in French, and each reader gets the name in their
language: the profile's for a signed-in player, else the browser's (Accept-Language)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.game.models import Season
from tests.factories import RoundFactory, SeasonFactory, UserFactory

from .conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def season() -> Season:
    return SeasonFactory.create(name_en="Autumn Cup", name_fr="Coupe d'automne")


def signed_in(user: User, accept: str = "") -> APIClient:
    """A client through the real session login (the profile's language is read at login)."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE=accept) if accept else APIClient()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("language", "name"), [("en", "Autumn Cup"), ("fr", "Coupe d'automne")])
def test_a_player_reads_the_season_in_their_profile_language(
    season: Season, language: str, name: str
) -> None:
    rnd = RoundFactory.create(season=season)
    # The browser asks for the other language: the profile wins.
    other = "fr" if language == "en" else "en"
    client = signed_in(UserFactory.create(language=language), accept=other)
    current = client.get(url("seasons/current/")).json()
    assert current["name"] == name
    assert (current["name_en"], current["name_fr"]) == ("Autumn Cup", "Coupe d'automne")
    assert client.get(url(f"rounds/{rnd.pk}/")).json()["season"]["name"] == name
    assert client.get(url("showcase/")).json()["season"]["name"] == name


def test_a_visitor_reads_the_season_in_the_browser_language(season: Season) -> None:
    french = APIClient(HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    english = APIClient(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert french.get(url("showcase/")).json()["season"]["name"] == "Coupe d'automne"
    assert english.get(url("showcase/")).json()["season"]["name"] == "Autumn Cup"


def test_an_operator_names_a_season_in_both_languages(operator: User, api_as: Any) -> None:
    body = {"starts_on": "2026-03-01", "ends_on": "2026-06-30"}
    staff = api_as(operator)
    both = staff.post(
        url("operator/seasons/"),
        {**body, "name_en": "Spring Cup", "name_fr": "Coupe de printemps"},
        format="json",
    )
    assert both.status_code == 201
    made = Season.objects.get(pk=both.json()["id"])
    assert (made.name_en, made.name_fr) == ("Spring Cup", "Coupe de printemps")
    # No French name yet: the English one stands in for it.
    one = staff.post(url("operator/seasons/"), {**body, "name_en": "Summer Cup"}, format="json")
    assert one.json()["name_fr"] == "Summer Cup"
    missing = staff.post(url("operator/seasons/"), body, format="json")
    assert missing.status_code == 400
    assert "name_en" in missing.json()["fields"]
