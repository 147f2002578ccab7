"""The Redis cache, degraded instead of broken when Redis is away.

Paddock's cache holds only what it can rebuild (ranking pages, rate-limit counters), so a
cache that cannot reach Redis must not fail the request: every read answers a miss, every
write is dropped, and the error is logged (at most once a minute per process, so an outage
does not flood the logs). Callers then compute from PostgreSQL. Rate limits counted in the
cache (DRF throttles, allauth's login limits) fail open while Redis is down: requests are
let through unthrottled, and the warning in the logs says so. Short socket timeouts keep
an unreachable Redis from holding a request.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 60.0


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one `redis.Redis` per connection pool.

    Django builds a new `redis.Redis` for every operation, and each one builds its table of
    response callbacks: that costs as much as the round trip to Redis itself. A client is
    thread-safe (it takes a connection from the pool per command), so one per pool serves.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            fresh = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            client = self._clients.setdefault(id(pool), fresh)
        return client


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _degraded(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_logged >= LOG_EVERY_SECONDS:
            ResilientRedisCache._last_logged = now
            logger.warning(
                "cache unavailable (%s: %s: %s): serving without it; rate limits fail open",
                operation,
                type(exc).__name__,
                exc,
            )

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            self._degraded("get", exc)
            return default

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except RedisError as exc:
            self._degraded("get_many", exc)
            return {}

    def has_key(self, key: Any, version: Any = None) -> bool:
        try:
            return bool(super().has_key(key, version))
        except RedisError as exc:
            self._degraded("has_key", exc)
            return False

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError as exc:
            self._degraded("set", exc)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        try:
            return bool(super().add(key, value, timeout, version))
        except RedisError as exc:
            self._degraded("add", exc)
            return False

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        try:
            return list(super().set_many(data, timeout, version))
        except RedisError as exc:
            self._degraded("set_many", exc)
            return list(data)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        try:
            return bool(super().touch(key, timeout, version))
        except RedisError as exc:
            self._degraded("touch", exc)
            return False

    def delete(self, key: Any, version: Any = None) -> bool:
        try:
            return bool(super().delete(key, version))
        except RedisError as exc:
            self._degraded("delete", exc)
            return False

    def delete_many(self, keys: Any, version: Any = None) -> None:
        try:
            super().delete_many(keys, version)
        except RedisError as exc:
            self._degraded("delete_many", exc)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        try:
            return int(super().incr(key, delta, version))
        except RedisError as exc:
            self._degraded("incr", exc)
            raise ValueError(f"Key {key!r} not found (cache unavailable).") from exc

    # Count a hit in the window of KEYS[1] (opened by its first hit, ARGV[1] seconds
    # long): the count and the seconds left. One command, atomic: no window without expiry.
    _COUNT_IN_WINDOW = """
    local count = redis.call('INCR', KEYS[1])
    if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
    return {count, redis.call('TTL', KEYS[1])}
    """
    _count_script: Any = None

    def count_in_window(self, key: Any, seconds: int) -> tuple[int, int] | None:
        """Count one more hit of `key` in its window, which opens at the first hit and
        lasts `seconds`: (hits in the window, seconds left of it), in one round trip (a
        server-side script: INCR, EXPIRE on the first hit, TTL). None when Redis is away
        (the caller lets the request through)."""
        name = self.make_and_validate_key(key)
        try:
            if self._count_script is None:
                client = self._cache.get_client(write=True)
                self._count_script = client.register_script(self._COUNT_IN_WINDOW)
            count, left = self._count_script(keys=[name], args=[seconds])
        except RedisError as exc:
            self._degraded("count_in_window", exc)
            return None
        return int(count), max(int(left), 0)

    # A set of pending work (see backend.game.announcements): members added by requests,
    # taken in batches by a periodic task, removed once handled.
    def set_add(self, key: Any, *members: str) -> bool:
        """Add `members` to the set `key` (no expiry): False when Redis is away."""
        try:
            self._cache.get_client(write=True).sadd(self.make_and_validate_key(key), *members)
        except RedisError as exc:
            self._degraded("set_add", exc)
            return False
        return True

    def set_sample(self, key: Any, count: int) -> list[str]:
        """Up to `count` members of the set `key`, left in it (empty when Redis is away)."""
        try:
            client = self._cache.get_client(write=True)
            members = client.srandmember(self.make_and_validate_key(key), count) or []
        except RedisError as exc:
            self._degraded("set_sample", exc)
            return []
        return [m.decode() if isinstance(m, bytes) else str(m) for m in list(members)]

    def set_remove(self, key: Any, members: list[str]) -> None:
        """Remove handled `members` from the set `key` (dropped when Redis is away)."""
        if not members:
            return
        try:
            self._cache.get_client(write=True).srem(self.make_and_validate_key(key), *members)
        except RedisError as exc:
            self._degraded("set_remove", exc)
