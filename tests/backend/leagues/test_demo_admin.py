from __future__ import annotations

import random
from typing import Any

import pytest
from django.test import Client

from backend.accounts.models import User
from backend.leagues.demo import demo_load
from backend.leagues.models import League, Membership
from tests.factories import LeagueFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_loads_nothing_without_demo_players() -> None:
    assert demo_load(rng=random.Random(1)) == {"leagues": 0, "memberships": 0}
    assert not League.objects.exists()


def test_it_loads_the_demo_leagues_once() -> None:
    for n in range(1, 21):
        UserFactory(email=f"player{n}@paddock.local", display_name=f"Joueur {n}")
    first = demo_load(rng=random.Random(1))
    assert first["leagues"] == 3
    sunday = League.objects.get(name="Les Turfistes du Dimanche")
    assert sunday.visibility == League.Visibility.PRIVATE
    assert sunday.owner.email == "player1@paddock.local"
    assert sunday.memberships.count() == 12
    assert sunday.invite_codes.get().is_usable()
    assert League.objects.get(name="Paddock Open").is_public
    again = demo_load(rng=random.Random(2))
    assert again == {"leagues": 0, "memberships": 0}
    assert League.objects.count() == 3
    owners = Membership.objects.filter(role="owner").count()
    assert owners == 3


def test_it_shows_leagues_in_the_admin(operator: User) -> None:
    league = LeagueFactory()
    client = Client()
    client.force_login(operator)
    for url in (
        "/admin/leagues/league/",
        f"/admin/leagues/league/{league.pk}/change/",
        "/admin/leagues/membership/",
        "/admin/leagues/invitecode/",
        "/admin/leagues/emailinvitation/",
    ):
        assert client.get(url).status_code == 200, url


def test_it_revokes_codes_from_the_admin(operator: User) -> None:
    league = LeagueFactory()
    code = league.invite_codes.get()
    client = Client()
    client.force_login(operator)
    response: Any = client.post(
        "/admin/leagues/invitecode/",
        {"action": "revoke_selected", "_selected_action": [code.pk]},
    )
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.revoked_at is not None
