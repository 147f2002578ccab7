from __future__ import annotations

from datetime import date
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from backend.common.errors import ApplicationError
from backend.common.names import InvalidNameError, clean_name, name_key

from .models import User
from .signals import account_deleted, display_name_changed

PROFILE_FIELDS = {"display_name", "date_of_birth", "country", "language", "time_zone"}
EARLIEST_BIRTH = date(1900, 1, 1)  # no player alive was born before


@transaction.atomic
def user_update_profile(*, user: User, data: dict[str, Any]) -> User:
    """Update the editable profile fields; unknown keys are refused, values validated."""
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise ApplicationError(
            _("Cannot change %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    dob = data.get("date_of_birth")
    if isinstance(dob, date) and dob > date.today():  # noqa: DTZ011 - a birth date has no zone
        raise ApplicationError(_("The date of birth is in the future."), code="invalid_dob")
    if isinstance(dob, date) and dob < EARLIEST_BIRTH:
        raise ApplicationError(_("The date of birth is before 1900."), code="invalid_dob")
    fields = [*data.keys()]
    if "display_name" in data:
        data = {**data, "display_name": display_name_checked(str(data["display_name"]), user)}
        if data["display_name"] != user.display_name:
            _announce_name_change(user)
    for key, value in data.items():
        setattr(user, key, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=fields)
    return user


def display_name_checked(value: str, user: User) -> str:
    """The stored form of a new display name, refused when empty, disguised, or confusable
    with another player's name (common/names.py)."""
    try:
        name = clean_name(value, User._meta.get_field("display_name").max_length)
    except InvalidNameError as exc:
        raise ApplicationError(str(exc), code="invalid_name") from None
    if not name:
        raise ApplicationError(_("A display name cannot be empty."), code="invalid_name")
    key = name_key(name)
    if key and User.objects.filter(display_name_key=key).exclude(pk=user.pk).exists():
        raise ApplicationError(
            _("Another player's name looks the same: choose another."),
            code="name_confusable",
            status_code=409,
        )
    return name


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete an account: personal data goes, game rows stay anonymous.

    Picks, scores and standings keep pointing at the (now anonymous, inactive) row so other
    players' ranks do not move; the email, name, birth date and password are erased.
    """
    EmailAddress.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    # Second factors are credentials too: TOTP secrets and recovery codes go with the rest.
    Authenticator.objects.filter(user=user).delete()
    account_deleted.send(sender=User, user=user, email=user.email)
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.display_name = f"Deleted player {user.pk}"
    user.date_of_birth = None
    user.country = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    _announce_name_change(user)
    user_logged_out.send(sender=User, request=None, user=user)


def _announce_name_change(user: User) -> None:
    """Once the change commits, the tables and pages that show the name follow it."""
    user_id = user.pk
    transaction.on_commit(lambda: display_name_changed.send(sender=User, user_id=user_id))
