"""Requests refused before any view runs, and one JSON error body for everything under /api/.

`RequestGuardMiddleware` (first in MIDDLEWARE) answers 400 to a NUL character anywhere in
the path or the query string (PostgreSQL text cannot hold one, and no Paddock URL has one),
and 413 to a declared body over DATA_UPLOAD_MAX_MEMORY_SIZE, before Django reads it.

`ApiErrorBodyMiddleware` (outermost) makes every error answer under /api/ the API's error
body `{"detail", "code"}` whatever produced it: Django's own 400/403/404/500 pages, the
debug page of DJANGO_DEBUG=1, a middleware that refused the request. Errors already in JSON
(DRF's exception handler) pass unchanged.

`LoginLockoutMiddleware` turns allauth's "too many failed logins" (answered 400 by its
headless API) into 429 with Retry-After, like every other limit of Paddock.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"
ERROR_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    410: "gone",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
    502: "bad_gateway",
    503: "unavailable",
}
LOCKOUT_CODES = {"too_many_login_attempts", "too_many_requests"}

Handler = Callable[[HttpRequest], HttpResponse]


def error_body(status: int, detail: str | None = None, code: str | None = None) -> JsonResponse:
    """The API's error answer for `status`, worded by HTTP when no detail is given."""
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return JsonResponse(
        {"detail": detail or f"{phrase}.", "code": code or ERROR_CODES.get(status, "error")},
        status=status,
    )


def _has_nul(request: HttpRequest) -> bool:
    raw_query = str(request.META.get("QUERY_STRING", ""))
    if "\x00" in request.path or "\x00" in raw_query:
        return True
    return b"\x00" in unquote_to_bytes(raw_query)


def _declared_length(request: HttpRequest) -> int | None:
    """The Content-Length header as a number; -1 when it is not one."""
    value = request.META.get("CONTENT_LENGTH")
    if value in (None, ""):
        return None
    try:
        length = int(str(value))
    except ValueError:
        return -1
    return length if length >= 0 else -1


class RequestGuardMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return error_body(400, "NUL characters are not allowed in URLs.", "invalid_url")
        length = _declared_length(request)
        if length == -1:
            return error_body(400, "Content-Length is not a number.", "bad_request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length is not None and limit is not None and length > limit:
            return error_body(413, f"The body is over the limit of {limit} bytes.", "too_large")
        return self.get_response(request)


class ApiErrorBodyMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith(API_PREFIX)
            and not str(response.get("Content-Type", "")).startswith("application/json")
        ):
            replaced = error_body(response.status_code)
            for header in ("Retry-After", "Allow", "WWW-Authenticate"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response


class LoginLockoutMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 400 or not request.path.startswith("/_allauth/"):
            return response
        if "json" not in str(response.get("Content-Type", "")):
            return response
        try:
            body = json.loads(response.content)
        except ValueError:
            return response
        errors = body.get("errors") if isinstance(body, dict) else None
        if isinstance(errors, list) and any(
            isinstance(error, dict) and error.get("code") in LOCKOUT_CODES for error in errors
        ):
            response.status_code = 429
            body["status"] = 429
            response.content = json.dumps(body).encode()
            response["Retry-After"] = str(settings.RETRY_AFTER_DEFAULT_SECONDS)
        return response
