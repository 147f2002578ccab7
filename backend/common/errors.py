"""One application error, mapped to clean 4xx JSON by one DRF exception handler."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

M = TypeVar("M", bound=Model)


class ApplicationError(Exception):
    """A business rule said no. Services raise it; the API answers 4xx with its message.

    `code` is a stable machine-readable string; `status_code` defaults to 400 and may be
    409 (conflict with current state) or 404 (hidden from this user) where that is the truth.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        status_code: int = status.HTTP_400_BAD_REQUEST,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status_code = status_code
        self.extra = extra or {}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Answer every error as {"detail": ..., "code": ..., "fields"?: ...}."""
    if isinstance(exc, ApplicationError):
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code, **exc.extra}
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": _("Invalid input."),
            "code": "invalid",
            "fields": response.data,
        }
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    return response


NOT_FOUND = "not_found"


def not_found(message: str) -> ApplicationError:
    """The one answer for a missing object, or one hidden from this user: 404 `not_found`.

    `message` is the whole sentence, translated by the caller (`_("No such round.")`):
    French agrees it with the thing's gender, so no noun is slotted into a shared one.
    """
    return ApplicationError(message, code=NOT_FOUND, status_code=404)


def get_or_404(queryset: QuerySet[M], message: str, **lookup: Any) -> M:
    """The one object of `queryset` matching `lookup`, or `not_found(message)`.

    Pass a queryset already narrowed to what this user may see: anything outside it is
    reported exactly like something that does not exist.
    """
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise not_found(message) from None


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: a URL no route matches answers JSON under /api/, like every API error
    (an id that is not a positive number, `/api/v1/game/rounds/-1/`), and the usual page
    elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found."), "code": NOT_FOUND}, status=404)
    return defaults.page_not_found(request, exception)
