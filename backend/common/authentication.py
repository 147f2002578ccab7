"""The API's authentication: Django REST framework's session and token schemes, each of
which, once it knows the player, makes the player's profile language the request's.

Django's LocaleMiddleware has already picked a language from the cookie or the
Accept-Language header (what a visitor reads in); a signed-in player reads in the language
of their profile instead, whatever the browser says. So every translated text an API view
writes (a season's name, a round thread, a label) is in the reader's language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from rest_framework import authentication
from rest_framework.request import Request

LANGUAGES = {code for code, _ in settings.LANGUAGES}


def reader_language(user: Any, fallback: str) -> str:
    """The profile's language when it is one of ours, else `fallback` (the request's)."""
    language = getattr(user, "language", "") or ""
    return language if language in LANGUAGES else fallback


def _read_in_their_language(request: Request, found: tuple[Any, Any] | None) -> None:
    if found is None:
        return
    django_request = request._request
    fallback = getattr(django_request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
    language = reader_language(found[0], fallback)
    translation.activate(language)
    django_request.LANGUAGE_CODE = language


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        found = super().authenticate(request)
        _read_in_their_language(request, found)
        return found


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        found = super().authenticate(request)
        _read_in_their_language(request, found)
        return found
