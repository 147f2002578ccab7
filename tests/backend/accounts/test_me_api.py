from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from backend.accounts.models import User

pytestmark = pytest.mark.django_db


def test_it_shows_my_profile(api_as: Any, member: User) -> None:
    response = api_as(member).get("/api/v1/accounts/me/")
    assert response.status_code == 200
    assert response.json()["email"] == "bob@paddock.test"


def test_it_refuses_anonymous(api: Any) -> None:
    assert api.get("/api/v1/accounts/me/").status_code in (401, 403)


def test_it_updates_my_profile(api_as: Any, member: User) -> None:
    response = api_as(member).patch(
        "/api/v1/accounts/me/",
        {
            "display_name": "Bobby",
            "time_zone": "America/New_York",
            "language": "fr",
            "date_of_birth": "2000-01-31",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    member.refresh_from_db()
    assert member.display_name == "Bobby"
    assert member.time_zone == "America/New_York"
    assert member.date_of_birth == dt.date(2000, 1, 31)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "localtime", "Factory"])
def test_it_refuses_an_unknown_time_zone(api_as: Any, member: User, zone: str) -> None:
    """Not even the names the host's tz database holds beside the zones ("localtime": the
    server's own zone), which no browser can write times in."""
    response = api_as(member).patch("/api/v1/accounts/me/", {"time_zone": zone}, format="json")
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.time_zone == "Europe/Paris"


@pytest.mark.parametrize("born", ["2999-01-01", "0001-01-01", "1899-12-31"])
def test_it_refuses_a_birth_date_no_player_could_have(api_as: Any, member: User, born: str) -> None:
    before = member.date_of_birth
    response = api_as(member).patch("/api/v1/accounts/me/", {"date_of_birth": born}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_dob"
    member.refresh_from_db()
    assert member.date_of_birth == before


def test_it_says_why_in_the_readers_language(api_as: Any, member: User) -> None:
    response = api_as(member).patch(
        "/api/v1/accounts/me/",
        {"date_of_birth": "1899-12-31"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.json()["detail"] == "La date de naissance est ant\u00e9rieure \u00e0 1900."


def test_it_deletes_my_account_keeping_an_anonymous_row(api_as: Any, member: User) -> None:
    response = api_as(member).delete(
        "/api/v1/accounts/me/", {"password": "correct-horse-battery"}, format="json"
    )
    assert response.status_code == 204
    member.refresh_from_db()
    assert member.email.endswith("@deleted.invalid")
    assert member.date_of_birth is None
    assert not member.is_active
    assert not member.has_usable_password()


def test_it_refuses_deletion_with_a_wrong_password(api_as: Any, member: User) -> None:
    response = api_as(member).delete("/api/v1/accounts/me/", {"password": "nope"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "wrong_password"
    member.refresh_from_db()
    assert member.is_active


@pytest.mark.parametrize("country", ["XX", "fr", "FRA", "UK", ""])
def test_it_refuses_a_country_iso_3166_does_not_know(
    api_as: Any, member: User, country: str
) -> None:
    """Two capitals are not enough: "XX" and "UK" (the code is GB) name no country, and
    the betting hand-off reads the country for its ages and helplines."""
    member.country = "FR"
    member.save(update_fields=["country"])
    response = api_as(member).patch("/api/v1/accounts/me/", {"country": country}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid", response.json()
    member.refresh_from_db()
    assert member.country == "FR"


@pytest.mark.parametrize("country", ["GB", "AX", "ZW"])
def test_it_stores_a_country_iso_3166_knows(api_as: Any, member: User, country: str) -> None:
    response = api_as(member).patch("/api/v1/accounts/me/", {"country": country}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["country"] == country
    member.refresh_from_db()
    assert member.country == country
