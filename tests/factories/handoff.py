"""The betting hand-off: partners, responsible-gambling notices, players' preferences,
clicks and the conversions partners report."""

from __future__ import annotations

import factory
from django.utils import timezone

from backend.handoff.models import (
    BettingPartner,
    BettingPreference,
    Conversion,
    HandoffClick,
    ResponsibleGamblingNotice,
)

from .accounts import UserFactory
from .game import RoundFactory

PARTNER_TEMPLATE = (
    "https://bets.example.com/turf/{date_pmu}/R{meeting}/C{race}?bet={bet_kind}&runner={runner}"
)


class BettingPartnerFactory(factory.django.DjangoModelFactory[BettingPartner]):
    """An active partner for France and Great Britain (18 and over), with campaign
    parameters and a postback secret."""

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
    """A country's notice, fetched when the data migration already made it."""

    class Meta:
        model = ResponsibleGamblingNotice
        django_get_or_create = ("country",)

    country = "FR"
    text_fr = "Jouer comporte des risques."
    text_en = "Gambling involves risks."
    helpline_name = "Helpline"
    helpline_phone = "00 00 00 00 00"


class PreferenceFactory(factory.django.DjangoModelFactory[BettingPreference]):
    class Meta:
        model = BettingPreference

    player = factory.SubFactory(UserFactory)


class ClickFactory(factory.django.DjangoModelFactory[HandoffClick]):
    """A click from the pick page on a partner's win offer for runner 7."""

    class Meta:
        model = HandoffClick

    player = factory.SubFactory(UserFactory)
    round = factory.SubFactory(RoundFactory)
    partner = factory.SubFactory(BettingPartnerFactory)
    runner_number = 7
    bet_kind = "win"
    page = "pick"


class ConversionFactory(factory.django.DjangoModelFactory[Conversion]):
    """The partner's report that the clicking player opened an account, just now."""

    class Meta:
        model = Conversion

    click = factory.SubFactory(ClickFactory)
    partner = factory.LazyAttribute(lambda o: o.click.partner)
    player = factory.LazyAttribute(lambda o: o.click.player)
    event = Conversion.Event.ACCOUNT_OPENED
    occurred_at = factory.LazyFunction(timezone.now)
