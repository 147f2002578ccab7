"""League limits: each default written once, here; `settings.PADDOCK_LEAGUES` overrides them
(read at call time, so tests override them with `override_settings`)."""

from __future__ import annotations

from dataclasses import dataclass

from backend.common.conf import app_settings


@dataclass(frozen=True, slots=True)
class LeagueLimits:
    max_owned_per_player: int = 10
    max_joined_per_player: int = 50  # owned leagues count as joined
    max_members_per_league: int = 1000  # a league's own member_limit can be lower
    email_invitation_days: int = 30


def limits() -> LeagueLimits:
    return app_settings("PADDOCK_LEAGUES", LeagueLimits)
