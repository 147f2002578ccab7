"""Players: the user every persona and every other factory's player is built from."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from backend.accounts.models import User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A player born on 17 May 1990, in France, reading English, signing in with PASSWORD."""

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"player{n}@paddock.test")
    display_name = factory.Sequence(lambda n: f"Player {n}")
    date_of_birth = dt.date(1990, 5, 17)
    country = "FR"
    language = "en"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        """Players from the factory have a verified primary email, like real ones;
        `verified=False` leaves the address unverified (no EmailAddress row)."""
        if not create or extracted is False:
            return
        EmailAddress.objects.get_or_create(
            user=obj, email=obj.email, defaults={"verified": True, "primary": True}
        )


def born_years_ago(years: int, *, days: int = 0, today: dt.date | None = None) -> dt.date:
    """A birth date `years` years (and `days` days more) before today."""
    day = today or timezone.localdate()
    try:
        birthday = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        birthday = day.replace(year=day.year - years, day=28)
    return birthday - dt.timedelta(days=days)
