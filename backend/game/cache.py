"""Cached tables and their invalidation: one token per season, replaced by settlement.

Every cached piece of a season's tables has the season's current token in its key, so
replacing the token (on commit of a settlement) retires them all at once. A token that
the cache evicted comes back as a new random one, never as an old value: nothing stale
can be served after an eviction.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

from .conf import game_settings

T = TypeVar("T")


def season_token_key(season_id: int) -> str:
    return f"game:season:{season_id}:token"


def tokens(keys: list[str]) -> list[str]:
    """The current token under each key, in one round trip when they all exist; a missing
    one is created (a new random value, never an old one)."""
    found = cache.get_many(keys)
    for key in keys:
        if found.get(key) is None:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key) or "none"
    return [str(found[key]) for key in keys]


def retire_token(key: str) -> None:
    """Replace the token under `key`: every cached value keyed with the old one is retired."""
    cache.set(key, uuid.uuid4().hex, timeout=None)


def season_token(season_id: int) -> str:
    return tokens([season_token_key(season_id)])[0]


def season_tables_changed(season_id: int) -> None:
    """Retire every cached table of the season (call on commit of a settlement)."""
    retire_token(season_token_key(season_id))


def cached(key: str, compute: Callable[[], T], timeout: int | None = None) -> T:
    """The cached value under `key`, computed and stored on a miss."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout or game_settings().table_cache_seconds)
    return value


class _Recent:
    """The last values read under tokened keys, in this process (least recently used go)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            expires, value = self._values.get(key, (0.0, None))
            if expires < time.monotonic():
                self._values.pop(key, None)
                return None
            self._values.move_to_end(key)
            return value

    def put(self, key: str, value: Any, seconds: float) -> None:
        with self._lock:
            self._values[key] = (time.monotonic() + seconds, value)
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)


RECENT = _Recent(size=64)


def cached_here(key: str, compute: Callable[[], T]) -> T:
    """`cached`, kept in this process too. Only for keys holding a token that retires
    them (the value under such a key never changes, so the copy here cannot go stale),
    for no longer than the shared cache keeps it; for what nearly every request reads,
    such as the first page of the season's table."""
    value = RECENT.get(key)
    if value is None:
        value = cached(key, compute)
        RECENT.put(key, value, game_settings().table_cache_seconds)
    return value
