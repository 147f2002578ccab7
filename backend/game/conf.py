"""The game's tunables, read from settings.PADDOCK_GAME at call time (tests override them).

`settings.py` fills PADDOCK_GAME only from the environment: GAME_TABLE_CACHE_SECONDS.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.common.conf import app_settings


@dataclass(frozen=True, slots=True)
class GameSettings:
    # Ranking tables stay cached until a settlement retires them; this only bounds memory.
    table_cache_seconds: int = 3600


def game_settings() -> GameSettings:
    return app_settings("PADDOCK_GAME", GameSettings)
