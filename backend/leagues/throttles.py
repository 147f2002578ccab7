"""Throttle wrong invite codes per client, in the shared cache (Redis in production)."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import ScopedRateThrottle


class WrongCodeThrottle(ScopedRateThrottle):
    """Counts only the wrong codes a client tries (scope from the view's throttle_scope,
    rate in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]).

    Right codes cost nothing, so friends opening a link are never held back; once a client
    has tried too many wrong codes in the window, every join request of theirs answers 429
    with Retry-After until the window moves on, a valid code included (otherwise a guesser
    would learn which guess hit). The history lives in the default cache, which every
    process shares.
    """

    def allow_request(self, request: Request, view: Any) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        num_requests, duration = self.parse_rate(self.rate)
        if num_requests is None or duration is None:
            return True
        self.num_requests, self.duration = num_requests, duration
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - duration:
            self.history.pop()
        if len(self.history) >= num_requests:
            return self.throttle_failure()
        return True

    def record_failure(self) -> None:
        """Count one wrong code for the client of the request last seen by allow_request."""
        if getattr(self, "key", None) is None:
            return
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)
