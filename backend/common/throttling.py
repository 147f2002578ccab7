"""Rate limits counted in windows: one round trip to Redis a request.

DRF's throttles keep each client's request history as a list in the cache, read and
written back on every request (two round trips, and a race between concurrent requests of
one client). On a path as busy as a pick, `WindowThrottle` counts instead: the client's
hits in a window that opens at its first hit and lasts the rate's duration, with one
server-side script (INCR, EXPIRE on the first hit, TTL:
`ResilientRedisCache.count_in_window`); a refused request is told the seconds left of the
window. Without Redis (the file cache of the embedded defaults) DRF's own history
is used; with Redis away the request is let through, like every throttle here
(backend/common/cache.py).

`AnonWindowThrottle` and `UserWindowThrottle` are every API view's throttles
(REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]): the general limits of any request. A view
with a throttle of its own keeps them beside it (`(*APIView.throttle_classes, Own)`).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class WindowThrottle(SimpleRateThrottle):
    """A `SimpleRateThrottle` counted in windows when the cache is Redis."""

    _retry_after: float | None = None

    def allow_request(self, request: Any, view: Any) -> bool:
        count_in_window = getattr(cache, "count_in_window", None)
        if count_in_window is None:
            return bool(super().allow_request(request, view))
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        # Its own key: DRF's history list stays under `key` (a process still running
        # the older throttle during a deploy reads a list there, never this counter).
        counted = count_in_window(f"{key}:window", self.duration)  # type: ignore[attr-defined]
        if counted is None or counted[0] <= self.num_requests:  # type: ignore[attr-defined]
            return True
        self._retry_after = float(max(counted[1], 1))
        return False

    def wait(self) -> float | None:
        if self._retry_after is not None:
            return self._retry_after
        return super().wait() if hasattr(self, "history") else None


class AnonWindowThrottle(WindowThrottle, AnonRateThrottle):
    """Any API request signed out (scope `anon`), counted per client address."""


class UserWindowThrottle(WindowThrottle, UserRateThrottle):
    """Any API request (scope `user`), counted per player, or per address signed out."""
