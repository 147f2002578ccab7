"""Game factories: seasons, rounds on a race with a card, picks, and stored results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from backend.common import db as bulk
from backend.game.models import Pick, Round, Standing
from backend.racing.models import Race
from backend.racing.services import race_store_result
from importers import RaceOutcome
from tests.factories import RoundFactory, SeasonFactory, UserFactory


class PickFactory(factory.django.DjangoModelFactory[Pick]):
    class Meta:
        model = Pick

    round = factory.SubFactory(RoundFactory)
    player = factory.SubFactory(UserFactory)
    win = 1
    place = 2
    alternate = None


class StandingFactory(factory.django.DjangoModelFactory[Standing]):
    class Meta:
        model = Standing

    season = factory.SubFactory(SeasonFactory)
    player = factory.SubFactory(UserFactory)


def lock(rnd: Round, *, seconds: float = -1) -> Round:
    """Move the round's lock to `seconds` from now by the database clock (negative: passed)."""
    rnd.locks_at = bulk.db_now() + dt.timedelta(seconds=seconds)
    Round.objects.filter(pk=rnd.pk).update(locks_at=rnd.locks_at)
    return rnd


def store_result(
    race: Race,
    *,
    finish: dict[int, int],
    win: dict[int, int],
    place: dict[int, int],
    non_runners: frozenset[int] = frozenset(),
    refunded: bool = False,
    **extra: Any,
) -> bool:
    """Store an official result through racing's service (which signals the game)."""
    numbers = frozenset(race.runners.values_list("number", flat=True))
    return race_store_result(
        race=race,
        outcome=RaceOutcome(
            official=True,
            runners=numbers,
            finish=finish,
            non_runners=non_runners,
            disqualified=frozenset(),
            win_dividends=win,
            place_dividends=place,
            favourite=None,
            refunded=refunded,
            **extra,
        ),
    )
