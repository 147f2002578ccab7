"""Display names and league names: one normal form, no disguise, no look-alike twin."""

from __future__ import annotations

from typing import Any

import pytest

from backend.accounts.models import User
from backend.leagues.models import League
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/accounts/me/"
LEAGUES = "/api/v1/leagues/"


def test_a_display_name_is_stored_normalised(api_as: Any, member: User) -> None:
    response = api_as(member).patch(ME, {"display_name": "  \uff2a\uff4f\uff45   Bloggs "})
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert member.display_name == "Joe Bloggs"
    assert member.display_name_key == "joebloggs"


@pytest.mark.parametrize("disguised", ["Bob\u202eyrrab", "Al\u200bice", "Tab\tName", "\u2066Eve"])
def test_a_disguised_display_name_is_refused_and_nothing_written(
    api_as: Any, member: User, disguised: str
) -> None:
    before = User.objects.get(pk=member.pk).display_name
    response = api_as(member).patch(ME, {"display_name": disguised})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_name"
    assert User.objects.get(pk=member.pk).display_name == before


def test_a_name_too_long_once_written_out_is_refused_saying_so(
    api_as: Any, member: User, owner: User
) -> None:
    """U+FDFA is one character as typed and 18 once stored: within the limits as sent,
    beyond them stored; the player reads why, not the column's count."""
    before = User.objects.get(pk=member.pk).display_name
    named = api_as(member).patch(ME, {"display_name": "\ufdfa" * 3})
    assert named.status_code == 400
    assert named.json()["code"] == "invalid_name"
    assert "longer than 40 characters once its special characters" in named.json()["detail"]
    assert User.objects.get(pk=member.pk).display_name == before
    league = api_as(owner).post(LEAGUES, {"name": "Les " + "\ufdfa" * 4})
    assert league.status_code == 400
    assert "longer than 60 characters" in league.json()["detail"]
    assert not League.objects.exists()
    # Right at the limit once stored is fine.
    assert api_as(member).patch(ME, {"display_name": "\ufdfa" * 2 + "abcd"}).status_code == 200


def test_a_display_name_confusable_with_another_players_is_refused(
    api_as: Any, member: User
) -> None:
    UserFactory.create(display_name="Paddock King")
    for twin in ("paddock king", "P4dd\u043eck King", "PADD0CK-KING"):
        response = api_as(member).patch(ME, {"display_name": twin})
        assert response.status_code == 409, twin
        assert response.json()["code"] == "name_confusable"
    # Keeping one's own name (any case) is no conflict.
    own = api_as(member).patch(ME, {"display_name": "Paddock Queen"})
    assert own.status_code == 200
    assert api_as(member).patch(ME, {"display_name": "paddock queen"}).status_code == 200


def test_public_league_names_have_no_look_alike_twin(
    api_as: Any, owner: User, member: User
) -> None:
    first = api_as(owner).post(LEAGUES, {"name": "Les Cracks", "visibility": "public"})
    assert first.status_code == 201, first.content
    twin = api_as(member).post(LEAGUES, {"name": "Les Cr4cks", "visibility": "public"})
    assert twin.status_code == 409
    assert twin.json()["code"] == "name_confusable"
    # A private league may share a name: only its members see it.
    private = api_as(member).post(LEAGUES, {"name": "Les Cracks", "visibility": "private"})
    assert private.status_code == 201
    # ...but it cannot then go public under the look-alike name.
    public_id = private.json()["id"]
    made_public = api_as(member).patch(f"{LEAGUES}{public_id}/", {"visibility": "public"})
    assert made_public.status_code == 409
    assert made_public.json()["code"] == "name_confusable"
    assert League.objects.get(public_id=public_id).visibility == "private"


def test_league_names_refuse_disguises(api_as: Any, owner: User) -> None:
    response = api_as(owner).post(LEAGUES, {"name": "Cup\u202e", "visibility": "private"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_name"
    assert not League.objects.filter(owner=owner).exists()


def test_bulk_written_players_and_leagues_are_still_found_as_twins(
    api_as: Any, member: User
) -> None:
    """Demo loads and imports write with bulk_create, which skips save(): keys still set."""
    [twin] = User.objects.bulk_create([User(email="bulk@paddock.test", display_name="Ginger")])
    assert User.objects.get(pk=twin.pk).display_name_key == "ginger"
    [league] = League.objects.bulk_create(
        [League(name="Les Turfistes", owner=twin, visibility=League.Visibility.PUBLIC)]
    )
    assert League.objects.get(pk=league.pk).name_key == "lesturfistes"

    response = api_as(member).patch(ME, {"display_name": "G\u0456nger"})
    assert response.status_code == 409
    assert response.json()["code"] == "name_confusable"
