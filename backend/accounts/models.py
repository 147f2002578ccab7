from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries.data import COUNTRIES

from backend.common.names import fill_name_keys, name_key

LANGUAGES = [("fr", "Français"), ("en", "English")]
# The ISO 3166-1 alpha-2 codes a player may declare (the web app names them in the
# player's language; its list, frontend/src/pages/account/countries.ts, is checked against
# this one through the API schema's enum).
COUNTRY_CODES = tuple(sorted(COUNTRIES))
_COUNTRIES = frozenset(COUNTRY_CODES)


def is_country_code(value: object) -> bool:
    """Whether `value` is one of COUNTRY_CODES ("GB", not "UK", "gb" nor "XX")."""
    return isinstance(value, str) and value in _COUNTRIES


def public_name(display_name: str, player_id: int) -> str:
    """What other players see of a player: the display name, never anything of the email.

    Takes the two values so that tables read with values_list() need no User instances.
    """
    return display_name or f"Player {player_id}"


@functools.cache
def time_zones() -> frozenset[str]:
    """The IANA zones a profile may name: the tz database's, without the host's own
    "localtime" and the placeholder "Factory", which no browser can write times in."""
    return frozenset(zoneinfo.available_timezones() - {"localtime", "Factory", "posixrules"})


def validate_time_zone(value: str) -> None:
    if value not in time_zones():
        raise ValidationError(_("Unknown time zone %(zone)s.") % {"zone": repr(value)})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def bulk_create(self, objs: Iterable[User], *args: Any, **kwargs: Any) -> list[User]:
        """Bulk writes skip save(): each row still gets its display_name_key."""
        rows = fill_name_keys(objs, "display_name", "display_name_key")
        return super().bulk_create(rows, *args, **kwargs)

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A player (or an operator, when is_staff). Email is the login."""

    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=40, blank=True, db_index=True)
    # name_skeleton(display_name): finds a confusable twin of a new name with an index.
    display_name_key = models.CharField(
        max_length=80, blank=True, default="", db_default="", db_index=True, editable=False
    )
    date_of_birth = models.DateField(null=True, blank=True)
    country = models.CharField(
        max_length=2,
        blank=True,
        default="",
        help_text="ISO 3166-1 alpha-2 code, as the player declared it (empty until then).",
    )
    language = models.CharField(max_length=5, choices=LANGUAGES, default="fr")
    time_zone = models.CharField(
        max_length=64, default="Europe/Paris", validators=[validate_time_zone]
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Operators: may use the admin, import races and moderate."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.display_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.display_name_key = name_key(self.display_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "display_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "display_name_key"}
        super().save(*args, **kwargs)

    @property
    def public_name(self) -> str:
        """What other players see: the display name, never anything of the email."""
        return public_name(self.display_name, self.pk)

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
