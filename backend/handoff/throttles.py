"""Throttle the "bet it for real" redirect, in the shared cache (Redis in production)."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class GoBetThrottle(SimpleRateThrottle):
    """`/go/bet/<token>` per player, or per client address when signed out (scope
    `handoff_go_bet` in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], 30/min by default).

    Counted before the token is even read, so forged tokens cannot be tried at speed.
    """

    scope = "handoff_go_bet"

    def get_rate(self) -> str | None:
        # Read at each request (not the class attribute DRF caches at import).
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope, "30/min")
        return None if rate is None else str(rate)

    def get_cache_key(self, request: Any, view: Any) -> str:
        user = getattr(request, "user", None)
        ident = user.pk if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def go_bet_throttled(request: HttpRequest) -> HttpResponse | None:
    """A 429 with Retry-After when the client went over the rate, else None."""
    throttle = GoBetThrottle()
    if throttle.allow_request(request, None):  # type: ignore[arg-type]
        return None
    wait = throttle.wait()
    response = HttpResponse(
        _("Too many betting links followed: try again in a minute."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(max(1, math.ceil(wait or 1)))
    return response
