"""Hand-off fixtures: an active partner for FR and GB, an open round, a player's pick."""

from __future__ import annotations

from typing import Any

import pytest

from tests.backend.handoff.factories import (
    BettingPartnerFactory,
    NoticeFactory,
    PickFactory,
    RoundFactory,
)


@pytest.fixture
def partner(db: Any) -> Any:
    """The partner shown in France and Great Britain, whose notices come from the migration."""
    NoticeFactory(country="FR")  # get_or_create: keeps the migration's notice
    NoticeFactory(country="GB")
    return BettingPartnerFactory(name="Turf Partner", slug="turf-partner")


@pytest.fixture
def open_round(db: Any) -> Any:
    return RoundFactory()


@pytest.fixture
def pick(owner: Any, open_round: Any) -> Any:
    """The owner (Alice, 35, in France) picked 7 to win and 3 to place."""
    return PickFactory(player=owner, round=open_round, win=7, place=3)
