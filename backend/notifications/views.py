"""The one-click unsubscribe page: no login, a signed token names the player and topic.

GET shows a confirmation with a button (link scanners and previews must not unsubscribe
anyone); POST unsubscribes — the button's form, or a mail client's RFC 8058 one-click
request (body `List-Unsubscribe=One-Click`, no cookie, no CSRF token: hence csrf_exempt on
this view only; the signed token is what authorises it).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from backend.common.errors import ApplicationError

from . import links
from .models import Topic
from .rendering import email_language
from .services import unsubscribe, unsubscribe_check


def topic_label(topic: str) -> str:
    labels = {
        Topic.ROUND_OPEN: _("announcements that the race of the week is open"),
        Topic.REMINDERS: _("reminders before the picks lock"),
        Topic.RESULTS: _("results emails and their corrections"),
        Topic.COMMUNITY_DIGEST: _("the community digest"),
    }
    return str(labels.get(Topic(topic), topic))


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        wanted = unsubscribe_check(token=token)
    except ApplicationError:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    language = email_language(wanted.player.language)
    with translation.override(language):
        done = False
        if request.method == "POST":
            unsubscribe(token=token)
            done = True
        return render(
            request,
            "notifications/unsubscribe.html",
            {
                "done": done,
                "lang": language,
                "topic": topic_label(wanted.topic),
                "preferences_url": links.preferences_url(),
                "email": wanted.player.email,
            },
        )
