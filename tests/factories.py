"""factory_boy factories for the whole backend; apps add theirs here as they grow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from backend.accounts.models import User
from backend.game.models import Round, Season
from backend.racing.models import Dividend, Meeting, Race, Runner


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"player{n}@paddock.test")
    display_name = factory.Sequence(lambda n: f"Player {n}")
    date_of_birth = dt.date(1990, 5, 17)
    country = "FR"
    language = "en"
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        """Players from the factory have a verified primary email, like real ones."""
        if not create or extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=obj, email=obj.email, defaults={"verified": True, "primary": True}
        )


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=1))
    number = factory.Sequence(lambda n: n % 9 + 1 + (n // 9) * 10)
    racecourse = "Vincennes"
    country = "FRA"


class RaceFactory(factory.django.DjangoModelFactory[Race]):
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
    class Meta:
        model = Dividend

    race = factory.SubFactory(RaceFactory)
    kind = Dividend.Kind.WIN
    number = 1
    cents = 590


def race_with_runners(count: int = 10, **race_kwargs: Any) -> Race:
    """A race with saddle numbers 1..count, odds rising with the number."""
    race = RaceFactory(declared_runners=count, **race_kwargs)
    for n in range(1, count + 1):
        RunnerFactory(race=race, number=n, name=f"Horse {race.pk}-{n}", odds=2 + n)
    return race


class SeasonFactory(factory.django.DjangoModelFactory[Season]):
    """An active season wide enough around today for any round a test makes."""

    class Meta:
        model = Season

    name = factory.Sequence(lambda n: f"Season {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=300))
    status = Season.Status.ACTIVE


class RoundFactory(factory.django.DjangoModelFactory[Round]):
    """An open round on a fresh 10-runner race (odds 3..12: number 1 is the favourite)."""

    class Meta:
        model = Round

    season = factory.SubFactory(SeasonFactory)
    race = factory.LazyFunction(lambda: race_with_runners(10))
    number = factory.Sequence(lambda n: n + 1)
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    locks_at = factory.LazyAttribute(lambda o: o.race.post_time)
    status = Round.Status.OPEN
