"""The game: seasons, rounds (open, locked, settled, void), picks, and the rows a
settlement writes (scores, standings, weekly standings), built directly so a test can set
exact values (ties, ranks) without running a settlement."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from backend.common import db
from backend.game.models import Pick, Round, RoundScore, Season, Standing, WeeklyStanding
from backend.racing.models import Race
from backend.racing.services import race_store_result
from importers import RaceOutcome

from .accounts import UserFactory
from .racing import race_with_runners


def _yesterday() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=1)


def _active_unless_taken() -> str:
    """Active, unless a season already is (at most one is active at a time): then an
    earlier season, finished."""
    if Season.objects.filter(status=Season.Status.ACTIVE).exists():
        return Season.Status.FINISHED
    return Season.Status.ACTIVE


class SeasonFactory(factory.django.DjangoModelFactory[Season]):
    """A season wide enough around today for any round a test makes: active, or finished
    when a season is active already (a test wanting another status says so)."""

    class Meta:
        model = Season

    name_en = factory.Sequence(lambda n: f"Season {n}")
    name_fr = factory.Sequence(lambda n: f"Saison {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=300))
    status = factory.LazyFunction(_active_unless_taken)


class RoundFactory(factory.django.DjangoModelFactory[Round]):
    """A round on a fresh 10-runner race (odds 3..12: number 1 is the favourite).

    Open by default: opened yesterday, it locks at the race's post time, tomorrow.
    Traits:
    - `open`: the default, for a test that says so;
    - `locked`: opened two days ago; its race ran yesterday and the round locked then
      (given a race of the test's own: at the earlier of its post time and yesterday);
      not settled;
    - `settled`: locked, then settled once (settlement_version 1); scores, standings and
      the race's result are left to the test (RoundScoreFactory, StandingFactory...);
    - `void`: settled as void.
    """

    class Meta:
        model = Round

    season = factory.SubFactory(SeasonFactory)
    race = factory.LazyFunction(lambda: race_with_runners(10))
    number = factory.Sequence(lambda n: n + 1)
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    locks_at = factory.LazyAttribute(lambda o: o.race.post_time)
    status = Round.Status.OPEN

    class Params:
        open = factory.Trait(status=Round.Status.OPEN)
        locked = factory.Trait(
            status=Round.Status.LOCKED,
            opens_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2)),
            race=factory.LazyFunction(lambda: race_with_runners(10, post_time=_yesterday())),
            locks_at=factory.LazyAttribute(lambda o: min(o.race.post_time, _yesterday())),
        )
        settled = factory.Trait(locked=True, status=Round.Status.SETTLED, settlement_version=1)
        void = factory.Trait(settled=True, status=Round.Status.VOID)


class PickFactory(factory.django.DjangoModelFactory[Pick]):
    """A pick on an open round: 1 (the favourite) to win, 2 to place, no alternate."""

    class Meta:
        model = Pick

    round = factory.SubFactory(RoundFactory)
    player = factory.SubFactory(UserFactory)
    win = 1
    place = 2
    alternate = None


class RoundScoreFactory(factory.django.DjangoModelFactory[RoundScore]):
    """A settled pick's score on a settled round: 1 to win, 2 to place, no points unless
    given (`points` and the hits follow from `win_points` and `place_points`)."""

    class Meta:
        model = RoundScore

    round = factory.SubFactory(RoundFactory, settled=True)
    player = factory.SubFactory(UserFactory)
    win_runner = 1
    place_runner = 2
    win_points = 0
    place_points = 0
    points = factory.LazyAttribute(lambda o: o.win_points + o.place_points)
    win_hit = factory.LazyAttribute(lambda o: o.win_points > 0)
    place_hit = factory.LazyAttribute(lambda o: o.place_points > 0)
    settlement_version = factory.LazyAttribute(lambda o: o.round.settlement_version)


class StandingFactory(factory.django.DjangoModelFactory[Standing]):
    """A player's season standing after one round played; no points or rank unless given."""

    class Meta:
        model = Standing

    season = factory.SubFactory(SeasonFactory)
    player = factory.SubFactory(UserFactory)
    rounds_played = 1


class WeeklyStandingFactory(factory.django.DjangoModelFactory[WeeklyStanding]):
    """A player's first place in a settled round's table."""

    class Meta:
        model = WeeklyStanding

    round = factory.SubFactory(RoundFactory, settled=True)
    player = factory.SubFactory(UserFactory)
    rank = 1


def lock(rnd: Round, *, seconds: float = -1) -> Round:
    """Move the round's lock to `seconds` from now by the database clock (negative: passed)."""
    rnd.locks_at = db.db_now() + dt.timedelta(seconds=seconds)
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
    disqualified: frozenset[int] = frozenset(),
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
            disqualified=disqualified,
            win_dividends=win,
            place_dividends=place,
            favourite=None,
            refunded=refunded,
            **extra,
        ),
    )
