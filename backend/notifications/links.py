"""Absolute links put in emails: the web app's routes and this app's own pages.

Web-app routes live in frontend/src/App.tsx; the community ones (`/community/...`) are the
routes the community's web pages answer (see docs/architecture.md).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from .conf import conf
from .tokens import make_token


def site(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def pick_url() -> str:
    return site("/pick")


def results_url(round_id: int) -> str:
    return site(f"/results/{round_id}")


def rankings_url() -> str:
    return site("/rankings")


def league_url(public_id: str) -> str:
    return site(f"/leagues/{quote(public_id, safe='')}")


def round_thread_url(round_id: int) -> str:
    return site(f"/community/rounds/{round_id}")


def topic_url(topic_id: int) -> str:
    return site(f"/community/topics/{topic_id}")


def preferences_url() -> str:
    return site("/account")


def unsubscribe_links(*, user_id: int, topic: str) -> tuple[str, dict[str, str]]:
    """The one-click unsubscribe page for (player, topic) and the headers that announce it:
    RFC 2369 List-Unsubscribe (https, then mailto) and RFC 8058 List-Unsubscribe-Post."""
    token = make_token(user_id=user_id, topic=topic)
    url = unsubscribe_url(token)
    targets = [f"<{url}>"]
    mailto = conf().unsubscribe_mailto
    if mailto:
        targets.append(f"<mailto:{mailto}?subject=unsubscribe%20{quote(token, safe='')}>")
    headers = {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return url, headers


# What reverse() writes as it is: a token of these characters is not quoted.
_AS_IS = re.compile(r"[A-Za-z0-9_.:-]+")
_PLACE = "0place0"  # where the token goes
_AROUND: dict[tuple[object, ...], tuple[str, str]] = {}


def unsubscribe_url(token: str) -> str:
    """The unsubscribe page of `token`: site(reverse(…)), with what reverse writes around
    the token worked out once per site, URLconf and script prefix (reverse costs as much
    as the rest of an email's links)."""
    if _AS_IS.fullmatch(token) is None:
        return site(reverse("notifications:unsubscribe", kwargs={"token": token}))
    key = (settings.SITE_URL, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    around = _AROUND.get(key)
    if around is None:
        before, after = site(reverse("notifications:unsubscribe", kwargs={"token": _PLACE})).split(
            _PLACE
        )
        around = _AROUND[key] = (before, after)
    return f"{around[0]}{token}{around[1]}"
