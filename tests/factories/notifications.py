"""Emails: players' email preferences and the delivery rows the senders write."""

from __future__ import annotations

import factory

from backend.notifications.models import EmailDelivery, EmailPreference, Kind

from .accounts import UserFactory


class EmailPreferenceFactory(factory.django.DjangoModelFactory[EmailPreference]):
    """A player's email preferences (the model's defaults), fetched when they exist."""

    class Meta:
        model = EmailPreference
        django_get_or_create = ("player",)

    player = factory.SubFactory(UserFactory)


class EmailDeliveryFactory(factory.django.DjangoModelFactory[EmailDelivery]):
    """A results email sent to a player, keyed like the sender keys it."""

    class Meta:
        model = EmailDelivery

    player = factory.SubFactory(UserFactory)
    to_email = factory.LazyAttribute(lambda o: o.player.email if o.player else "")
    kind = Kind.RESULTS
    key = factory.LazyAttribute(lambda o: f"{o.kind}:{o.round.pk if o.round else 0}")
    round = None
    status = EmailDelivery.Status.SENT
