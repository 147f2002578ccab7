"""Notification factories, and the game/hand-off/league rows the emails are about.

Game rows come from the game's own factories; hand-off partners and notices from the
hand-off's: these tests are about who gets which email, not about how a pick is taken.
"""

from __future__ import annotations

import factory

from backend.notifications.models import EmailDelivery, EmailPreference, Kind
from tests.backend.game.factories import (  # noqa: F401 - re-exported for the tests
    PickFactory,
    RoundFactory,
    SeasonFactory,
    lock,
    store_result,
)
from tests.backend.handoff.factories import (  # noqa: F401 - re-exported for the tests
    BettingPartnerFactory,
    NoticeFactory,
    PreferenceFactory,
    born_years_ago,
    league_with,
)
from tests.factories import UserFactory


class EmailPreferenceFactory(factory.django.DjangoModelFactory[EmailPreference]):
    class Meta:
        model = EmailPreference
        django_get_or_create = ("player",)

    player = factory.SubFactory(UserFactory)


class EmailDeliveryFactory(factory.django.DjangoModelFactory[EmailDelivery]):
    class Meta:
        model = EmailDelivery

    player = factory.SubFactory(UserFactory)
    to_email = factory.LazyAttribute(lambda o: o.player.email if o.player else "")
    kind = Kind.RESULTS
    key = factory.LazyAttribute(lambda o: f"{o.kind}:{o.round.pk if o.round else 0}")
    round = None
    status = EmailDelivery.Status.SENT
