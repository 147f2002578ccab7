"""`/go/bet/<token>`: follow a "bet it for real" link to the partner, or go nowhere."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from backend.accounts.models import User

from .selectors.offers import Reason
from .services import LinkForbiddenError, LinkGoneError, LinkRefusedError, handoff_click_record
from .throttles import go_bet_throttled

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def go_bet(request: HttpRequest, token: str) -> HttpResponse:
    """Record the click and redirect (302) to the partner's URL built from its template.

    A genuine link that cannot be followed any more says why, in its player's language,
    and redirects nowhere: 403 when they are self-excluded or on a break, 410 when the race
    has started. Any other refusal (forged, tampered with or expired token, another
    player's token, a player not eligible now) answers the same 404 page. Nothing is
    recorded. Over the `handoff_go_bet` rate the answer is 429 with Retry-After.
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
        return refused_page(request, exc)
    response = HttpResponseRedirect(followed.url)
    # The partner learns the campaign from the query string, not from our URL's token.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _explanation(exc: LinkRefusedError) -> tuple[int, str, str]:
    """The status, title and explanation of a refused link's page (in the active language)."""
    if isinstance(exc, LinkForbiddenError):
        if exc.reason == Reason.ON_BREAK:
            text = _(
                "You are taking a break from betting offers. Until it ends, Paddock shows "
                "you no betting offer and follows no betting link."
            )
        else:
            text = _(
                "You excluded yourself from betting offers. Until your self-exclusion ends, "
                "Paddock shows you no betting offer and follows no betting link."
            )
        return 403, _("Betting links are off for you"), text
    if isinstance(exc, LinkGoneError):
        return (
            410,
            _("This race has started"),
            _(
                "Betting offers are only made before a race starts. This one has started "
                "or run, so this link leads nowhere any more."
            ),
        )
    return (
        404,
        _("This link is not available"),
        _(
            "It may have expired or belong to another account, or betting offers may not "
            "be available to you right now. You can change betting offers in your settings."
        ),
    )


def refused_page(request: HttpRequest, exc: LinkRefusedError) -> HttpResponse:
    """The page a refused link answers, in its player's language (else the reader's)."""
    language = exc.language or translation.get_language() or "en"
    with translation.override(language):
        status, title, text = _explanation(exc)
        return render(
            request,
            "handoff/link_unavailable.html",
            {"title": title, "text": text, "language": translation.get_language()},
            status=status,
        )
