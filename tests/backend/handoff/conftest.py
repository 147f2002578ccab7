"""Hand-off fixtures: an active partner for FR and GB, an open round, a player's pick."""

from __future__ import annotations

import pytest

from backend.accounts.models import User
from backend.game.models import Pick, Round
from backend.handoff.models import BettingPartner
from tests.factories import BettingPartnerFactory, NoticeFactory, PickFactory, RoundFactory


@pytest.fixture
def partner(db: None) -> BettingPartner:
    """The partner shown in France and Great Britain, whose notices come from the migration."""
    NoticeFactory.create(country="FR")  # get_or_create: keeps the migration's notice
    NoticeFactory.create(country="GB")
    return BettingPartnerFactory.create(name="Turf Partner", slug="turf-partner")


@pytest.fixture
def open_round(db: None) -> Round:
    """An open round on a 10-runner race whose post time is tomorrow."""
    return RoundFactory.create()


@pytest.fixture
def pick(owner: User, open_round: Round) -> Pick:
    """The owner (Alice, born in 1990, in France) picked 7 to win and 3 to place."""
    return PickFactory.create(player=owner, round=open_round, win=7, place=3)
