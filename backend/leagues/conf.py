"""League limits, read from settings.PADDOCK_LEAGUES at call time (tests override them)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

DEFAULTS = {
    "MAX_OWNED_PER_PLAYER": 10,
    "MAX_JOINED_PER_PLAYER": 50,
    "MAX_MEMBERS_PER_LEAGUE": 1000,
    "EMAIL_INVITATION_DAYS": 30,
}


@dataclass(frozen=True, slots=True)
class LeagueLimits:
    max_owned_per_player: int
    max_joined_per_player: int
    max_members_per_league: int
    email_invitation_days: int


def limits() -> LeagueLimits:
    """The configured limits; a key missing from settings falls back to its default."""
    values = {**DEFAULTS, **getattr(settings, "PADDOCK_LEAGUES", {})}
    return LeagueLimits(
        max_owned_per_player=int(values["MAX_OWNED_PER_PLAYER"]),
        max_joined_per_player=int(values["MAX_JOINED_PER_PLAYER"]),
        max_members_per_league=int(values["MAX_MEMBERS_PER_LEAGUE"]),
        email_invitation_days=int(values["EMAIL_INVITATION_DAYS"]),
    )
