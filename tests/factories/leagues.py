"""Leagues, their members and invite codes."""

from __future__ import annotations

from typing import Any

import factory

from backend.accounts.models import User
from backend.leagues.models import InviteCode, League, Membership

from .accounts import UserFactory


class LeagueFactory(factory.django.DjangoModelFactory[League]):
    """A private league with its owner as first member and one open invite code."""

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


def league_with(*players: User, name: str = "Friends") -> League:
    """A league owned by the first player, the others members."""
    owner, *others = players
    league = LeagueFactory.create(name=name, owner=owner)
    for player in others:
        MembershipFactory.create(league=league, player=player)
    return league
