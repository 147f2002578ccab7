"""League fixtures: one private league (owner Alice, manager Dana, member Bob) and one
public league, both the owner's. The personas come from tests/personas.py."""

from __future__ import annotations

import pytest

from backend.accounts.models import User
from backend.leagues.models import League, Membership
from tests.factories import LeagueFactory, MembershipFactory


@pytest.fixture
def league(owner: User, member: User, manager: User) -> League:
    """ "Les Turfistes": Alice owns it, Dana manages it, Bob is a member."""
    league = LeagueFactory.create(name="Les Turfistes", owner=owner)
    MembershipFactory.create(league=league, player=manager, role=Membership.Role.MANAGER)
    MembershipFactory.create(league=league, player=member)
    return league


@pytest.fixture
def public_league(owner: User) -> League:
    """ "Paddock Open", a public league Alice owns, with no other member."""
    return LeagueFactory.create(
        name="Paddock Open", owner=owner, visibility=League.Visibility.PUBLIC
    )
