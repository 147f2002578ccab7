"""The game's tunables, read from settings.PADDOCK_GAME at call time (tests override them).

`settings.py` fills PADDOCK_GAME only from the environment: GAME_TABLE_CACHE_SECONDS,
GAME_SETTLEMENT_SWEEP_AFTER_SECONDS and GAME_SETTLEMENT_PARTITIONS.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.common.conf import app_settings


@dataclass(frozen=True, slots=True)
class GameSettings:
    # Ranking tables stay cached until a settlement retires them; this only bounds memory.
    table_cache_seconds: int = 3600
    # A round whose race's final result has waited this long without being settled is
    # queued again by the settlement sweep (beat: SETTLEMENT_SWEEP_SECONDS). With the
    # default sweep every 30 s, a settlement lost with its worker is back within 90 s.
    settlement_sweep_after_seconds: int = 60
    # What a locked round tells players: the official result is expected this long after
    # the post time (PMU usually publishes it within a quarter of an hour).
    result_expected_minutes: int = 20
    # Above 1, the settle_round task splits a round's scoring by player-id ranges into
    # this many parts, a Celery chord any number of workers share (backend/game/partitioned.py).
    settlement_partitions: int = 1


def game_settings() -> GameSettings:
    return app_settings("PADDOCK_GAME", GameSettings)
