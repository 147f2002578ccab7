"""Race cards: meetings, races, runners and dividends."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from backend.racing.models import Dividend, Meeting, Race, Runner


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    """Tomorrow's meeting at Vincennes; numbers 1..9, then 11..19, so none repeat."""

    class Meta:
        model = Meeting

    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=1))
    number = factory.Sequence(lambda n: n % 9 + 1 + (n // 9) * 10)
    racecourse = "Vincennes"
    country = "FRA"


class RaceFactory(factory.django.DjangoModelFactory[Race]):
    """A scheduled trotting race whose post time is tomorrow, without runners (see
    race_with_runners for a race with a card)."""

    class Meta:
        model = Race

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Prix du Test {n}")
    discipline = "ATTELE"
    distance = 2700
    post_time = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=1))
    status = Race.Status.SCHEDULED
    declared_runners = 10


class RunnerFactory(factory.django.DjangoModelFactory[Runner]):
    class Meta:
        model = Runner

    race = factory.SubFactory(RaceFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Horse {n}")
    jockey = factory.Sequence(lambda n: f"J. Driver {n}")
    trainer = factory.Sequence(lambda n: f"T. Trainer {n}")


class DividendFactory(factory.django.DjangoModelFactory[Dividend]):
    """Runner 1's win dividend: 5.90 € for 1 €."""

    class Meta:
        model = Dividend

    race = factory.SubFactory(RaceFactory)
    kind = Dividend.Kind.WIN
    number = 1
    cents = 590


def race_with_runners(count: int = 10, **race_kwargs: Any) -> Race:
    """A race with saddle numbers 1..count, odds rising with the number (1 is the
    favourite), runner n named "Horse <race id>-<n>"."""
    race = RaceFactory.create(declared_runners=count, **race_kwargs)
    for n in range(1, count + 1):
        RunnerFactory.create(race=race, number=n, name=f"Horse {race.pk}-{n}", odds=2 + n)
    return race
