"""Factories for leagues, and the few game rows league tables read (built directly, so the
tables can be tested with exact ties without running a settlement)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from backend.game.models import Pick, Round, RoundScore, Standing, WeeklyStanding
from backend.leagues.models import InviteCode, League, Membership
from tests.factories import RaceFactory, SeasonFactory, UserFactory
from tests.factories import RoundFactory as OpenRoundFactory


class LeagueFactory(factory.django.DjangoModelFactory[League]):
    """A league with its owner as first member and one open invite code."""

    class Meta:
        model = League
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"League {n}")
    description = "Friends who pick together."
    visibility = League.Visibility.PRIVATE
    owner = factory.SubFactory(UserFactory)

    @factory.post_generation
    def owner_membership(obj: League, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create:
            Membership.objects.get_or_create(
                league=obj, player=obj.owner, defaults={"role": Membership.Role.OWNER}
            )
            InviteCode.objects.create(league=obj, created_by=obj.owner)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    league = factory.SubFactory(LeagueFactory)
    player = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class InviteCodeFactory(factory.django.DjangoModelFactory[InviteCode]):
    class Meta:
        model = InviteCode

    league = factory.SubFactory(LeagueFactory)
    created_by = factory.LazyAttribute(lambda o: o.league.owner)


class RoundFactory(OpenRoundFactory):
    """A settled round that locked yesterday; tables only need its scores."""

    race = factory.SubFactory(RaceFactory)
    locks_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    status = Round.Status.SETTLED


class PickFactory(factory.django.DjangoModelFactory[Pick]):
    class Meta:
        model = Pick

    round = factory.SubFactory(RoundFactory)
    player = factory.SubFactory(UserFactory)
    win = 1
    place = 2


class RoundScoreFactory(factory.django.DjangoModelFactory[RoundScore]):
    class Meta:
        model = RoundScore

    round = factory.SubFactory(RoundFactory)
    player = factory.SubFactory(UserFactory)
    win_runner = 1
    place_runner = 2
    win_points = 0
    place_points = 0
    points = factory.LazyAttribute(lambda o: o.win_points + o.place_points)
    win_hit = factory.LazyAttribute(lambda o: o.win_points > 0)
    place_hit = factory.LazyAttribute(lambda o: o.place_points > 0)


class StandingFactory(factory.django.DjangoModelFactory[Standing]):
    class Meta:
        model = Standing

    season = factory.SubFactory(SeasonFactory)
    player = factory.SubFactory(UserFactory)


class WeeklyStandingFactory(factory.django.DjangoModelFactory[WeeklyStanding]):
    class Meta:
        model = WeeklyStanding

    round = factory.SubFactory(RoundFactory)
    player = factory.SubFactory(UserFactory)
    rank = 1
