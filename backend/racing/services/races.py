"""A race's own settings: its replay link, and whether the game features it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from backend.common.errors import ApplicationError
from backend.racing.models import Race


@transaction.atomic
def race_set_replay_url(*, race: Race, url: str) -> Race:
    """Set (or clear, with "") the link to the race's replay."""
    url = url.strip()
    if url:
        try:
            URLValidator(schemes=["https", "http"])(url)
        except ValidationError:
            raise ApplicationError(
                _("%(url)s is not a web address.") % {"url": repr(url)}, code="invalid_url"
            ) from None
    if race.replay_url != url:
        race.replay_url = url
        race.save(update_fields=["replay_url"])
    return race


@transaction.atomic
def race_set_featured(*, race: Race, featured: bool = True) -> Race:
    """Mark a race as featured by the game: its results are then polled after post time."""
    if race.featured != featured:
        race.featured = featured
        race.save(update_fields=["featured"])
    return race
