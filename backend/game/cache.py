"""Cached tables and their invalidation: one token per season, replaced by settlement.

Every cached piece of a season's tables has the season's current token in its key, so
replacing the token (on commit of a settlement) retires them all at once. A token that
the cache evicted comes back as a new random one, never as an old value: nothing stale
can be served after an eviction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from .conf import game_settings

T = TypeVar("T")


def _token_key(season_id: int) -> str:
    return f"game:season:{season_id}:token"


def season_token(season_id: int) -> str:
    key = _token_key(season_id)
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        token = cache.get(key) or "none"
    return str(token)


def season_tables_changed(season_id: int) -> None:
    """Retire every cached table of the season (call on commit of a settlement)."""
    cache.set(_token_key(season_id), uuid.uuid4().hex, timeout=None)


def cached(key: str, compute: Callable[[], T], timeout: int | None = None) -> T:
    """The cached value under `key`, computed and stored on a miss."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout or game_settings().table_cache_seconds)
    return value
