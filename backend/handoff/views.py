"""`/go/bet/<token>`: follow a "bet it for real" link to the partner, or go nowhere."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from backend.accounts.models import User

from .services import LinkRefusedError, handoff_click_record
from .throttles import go_bet_throttled

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def go_bet(request: HttpRequest, token: str) -> HttpResponse:
    """Record the click and redirect (302) to the partner's URL built from its template.

    Any refusal (forged, tampered with or expired token, another player's token, a player
    not eligible now) answers the same 404 page, records nothing and redirects nowhere.
    Over the `handoff_go_bet` rate the answer is 429 with Retry-After (throttles.py).
    """
    throttled = go_bet_throttled(request)
    if throttled is not None:
        return throttled
    user = request.user if isinstance(request.user, User) else None
    try:
        followed = handoff_click_record(
            token=token, user=user, user_agent=request.headers.get("User-Agent", "")
        )
    except LinkRefusedError as exc:
        logger.info("handoff link refused: %s", exc)
        return render(request, "handoff/link_unavailable.html", status=404)
    response = HttpResponseRedirect(followed.url)
    # The partner learns the campaign from the query string, not from our URL's token.
    response["Referrer-Policy"] = "no-referrer"
    return response
