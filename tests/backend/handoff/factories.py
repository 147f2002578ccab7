"""Factories for the hand-off tests: partners, notices, and the game rows they hang on.

Game and league rows are built directly (not through their services): these tests are
about who gets a betting offer, not about how a pick is taken.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from backend.game.models import Pick
from backend.handoff.models import (
    BettingPartner,
    BettingPreference,
    Conversion,
    HandoffClick,
    ResponsibleGamblingNotice,
)
from backend.leagues.models import League, Membership
from tests.factories import RoundFactory, UserFactory

PARTNER_TEMPLATE = (
    "https://bets.example.com/turf/{date_pmu}/R{meeting}/C{race}?bet={bet_kind}&runner={runner}"
)


class BettingPartnerFactory(factory.django.DjangoModelFactory[BettingPartner]):
    class Meta:
        model = BettingPartner

    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    active = True
    url_template = PARTNER_TEMPLATE
    bet_kind_codes = factory.LazyFunction(
        lambda: {"win": "E_SIMPLE_GAGNANT", "place": "E_SIMPLE_PLACE"}
    )
    campaign_params = factory.LazyFunction(
        lambda: {
            "utm_source": "paddock",
            "utm_medium": "game",
            "utm_campaign": "round-{round_id}",
            "utm_content": "{page}-{bet_kind}",
            "paddock_click": "{click_id}",
        }
    )
    countries = factory.LazyFunction(lambda: ["FR", "GB"])
    minimum_age = 18
    minimum_age_by_country = factory.LazyFunction(dict)
    postback_secret = factory.Sequence(lambda n: f"partner-secret-{n:04d}-" + "x" * 40)


class NoticeFactory(factory.django.DjangoModelFactory[ResponsibleGamblingNotice]):
    class Meta:
        model = ResponsibleGamblingNotice
        django_get_or_create = ("country",)

    country = "FR"
    text_fr = "Jouer comporte des risques."
    text_en = "Gambling involves risks."
    helpline_name = "Helpline"
    helpline_phone = "00 00 00 00 00"


class PickFactory(factory.django.DjangoModelFactory[Pick]):
    class Meta:
        model = Pick

    player = factory.SubFactory(UserFactory)
    round = factory.SubFactory(RoundFactory)
    win = 7
    place = 3
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)


class PreferenceFactory(factory.django.DjangoModelFactory[BettingPreference]):
    class Meta:
        model = BettingPreference

    player = factory.SubFactory(UserFactory)


class ClickFactory(factory.django.DjangoModelFactory[HandoffClick]):
    class Meta:
        model = HandoffClick

    player = factory.SubFactory(UserFactory)
    round = factory.SubFactory(RoundFactory)
    partner = factory.SubFactory(BettingPartnerFactory)
    runner_number = 7
    bet_kind = "win"
    page = "pick"


class ConversionFactory(factory.django.DjangoModelFactory[Conversion]):
    class Meta:
        model = Conversion

    click = factory.SubFactory(ClickFactory)
    partner = factory.LazyAttribute(lambda o: o.click.partner)
    player = factory.LazyAttribute(lambda o: o.click.player)
    event = Conversion.Event.ACCOUNT_OPENED
    occurred_at = factory.LazyFunction(timezone.now)


def league_with(*players: Any, name: str = "Friends") -> League:
    """A league owned by the first player, the others members."""
    owner, *others = players
    league = League.objects.create(name=name, owner=owner)
    Membership.objects.create(league=league, player=owner, role=Membership.Role.OWNER)
    for player in others:
        Membership.objects.create(league=league, player=player, role=Membership.Role.MEMBER)
    return league


def born_years_ago(years: int, *, days: int = 0, today: dt.date | None = None) -> dt.date:
    """A birth date `years` years (and `days` days more) before today."""
    day = today or timezone.localdate()
    try:
        birthday = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        birthday = day.replace(year=day.year - years, day=28)
    return birthday - dt.timedelta(days=days)
