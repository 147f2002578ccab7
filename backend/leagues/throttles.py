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
    with Retry-After until the window ends, a valid code included (otherwise a guesser
    would learn which guess hit).

    The count lives in the default cache, which every process shares, and only the cache's
    own add and incr change it (atomic on Redis and in local memory): a count read, changed
    and written back would let concurrent guesses overwrite each other and count as one.
    Each request takes a try before its code is looked up, so a burst of parallel guesses
    cannot all pass while the count is still low; the view gives the try back when the
    code was not a wrong one (`release`). The window opens at a client's first try and
    lasts the rate's duration; its opening time is kept beside the count, so Retry-After
    says when it ends.
    """

    held = False

    def allow_request(self, request: Request, view: Any) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        num_requests, duration = self.parse_rate(self.rate)
        if num_requests is None or duration is None:
            return True
        self.num_requests, self.duration = num_requests, duration
        client = self.get_cache_key(request, view)
        if client is None:
            return True
        self.now = self.timer()
        opened = self._window_opened(client)
        self.window_end = opened + duration
        # One counter per window: a window that ends takes its count with it.
        self.key = f"{client}:tries:{opened!r}"
        tries = self._add(1)
        if tries is None:  # the cache is away: let the request through, like every throttle
            return True
        if tries > num_requests:
            self._add(-1)  # a refused request is no try
            return self.throttle_failure()
        self.held = True
        return True

    def record_failure(self) -> None:
        """The request's code was wrong: its try stays counted."""
        self.held = False

    def release(self) -> None:
        """Give back the try of a request that did not end on a wrong code."""
        if self.held:
            self.held = False
            self._add(-1)

    def wait(self) -> float:
        """The seconds left of the window, after which the count starts again."""
        return max(self.window_end - self.now, 1.0)

    def _window_opened(self, client: str) -> float:
        """When the client's current window opened: now, on the first try of a window."""
        key = f"{client}:opened"
        opened = self.cache.get(key)
        if opened is None and not self.cache.add(key, self.now, self.duration):
            opened = self.cache.get(key)  # another request opened it meanwhile
        return self.now if opened is None else float(opened)

    def _add(self, delta: int) -> int | None:
        """Add `delta` to the window's tries: the new count, or None when the cache is away.

        The counter outlives its window (twice the duration), so a try given back late still
        finds it: Django's incr on Redis checks the key, then adds, and would otherwise
        leave a counter without expiry behind."""
        try:
            if delta > 0 and self.cache.add(self.key, delta, 2 * self.duration):
                return delta
            return int(self.cache.incr(self.key, delta))
        except ValueError:
            return None
