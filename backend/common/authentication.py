"""The API's authentication: Django REST framework's session and token schemes, each of
which, once it knows the player, makes the player's profile language the request's.

Django's LocaleMiddleware has already picked a language from the cookie or the
Accept-Language header (what a visitor reads in); a signed-in player reads in the language
of their profile instead, whatever the browser says. So every translated text an API view
writes (a season's name, a round thread, a label) is in the reader's language.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token
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
    """DRF's token scheme, the token and its player read by one SQL statement.

    DRF reads them through the ORM (`select_related("user").get(key=...)`), whose query
    building costs several times the query itself on every token request (a pick, the
    busiest write of the week). The statement is built once per process from the models'
    metadata; the answer is the same: the active player, or "Invalid token." / "User
    inactive or deleted." (refused). `request.auth` is the token, unsaved (its key and player).
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        found = super().authenticate(request)
        _read_in_their_language(request, found)
        return found

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user_model = get_user_model()
        sql, fields = _token_user_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, [key])
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = user_model.from_db(connection.alias, fields, row)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, Token(key=key, user=user)


@functools.cache
def _token_user_sql() -> tuple[str, list[str]]:
    """The statement reading a token's player (every column of the user), and the user
    fields' names in its order."""
    qn = connection.ops.quote_name
    user_model = get_user_model()
    fields = user_model._meta.concrete_fields
    columns = ", ".join(f"u.{qn(str(f.column))}" for f in fields)
    token_user = str(Token._meta.get_field("user").column)
    sql = (
        f"SELECT {columns} FROM {qn(user_model._meta.db_table)} u "  # noqa: S608 - identifiers from model metadata
        f"INNER JOIN {qn(Token._meta.db_table)} t "
        f"ON t.{qn(token_user)} = u.{qn(str(user_model._meta.pk.column))} "
        f"WHERE t.{qn(str(Token._meta.pk.column))} = %s"
    )
    return sql, [f.attname for f in fields]
