"""Query parameters the API does not know are refused, so a typo never passes silently.

The OpenAPI schema (/api/schema/) lists the query parameters of every operation; the
schema is the contract, so it is also the check: `UnknownQueryParameterMiddleware` answers
400 `unknown_parameter`, naming the parameters, when a request under /api/v1/ carries one
its operation does not document. The schema is generated once per process, on the first
API request.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator
from rest_framework.exceptions import APIException

from .middleware import error_body

API_PREFIX = "/api/v1/"
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
_lock = threading.Lock()
_known: dict[tuple[str, str], frozenset[str]] | None = None


def documented_query_parameters() -> dict[tuple[str, str], frozenset[str]]:
    """{(schema path, method): the query parameter names the schema documents}."""
    global _known  # noqa: PLW0603 - built once per process from the schema
    with _lock:
        if _known is None:
            schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
            known: dict[tuple[str, str], frozenset[str]] = {}
            for path, item in schema.get("paths", {}).items():
                shared = [p for p in item.get("parameters", []) if p.get("in") == "query"]
                for method, operation in item.items():
                    if not isinstance(operation, dict) or method == "parameters":
                        continue
                    params = shared + [
                        p for p in operation.get("parameters", []) if p.get("in") == "query"
                    ]
                    known[(path, method.upper())] = frozenset(p["name"] for p in params)
            _known = known
        return _known


def schema_path(route: str) -> str:
    """`api/v1/game/rounds/<int:round_id>/` -> `/api/v1/game/rounds/{round_id}/`."""
    return "/" + _CONVERTER.sub(r"{\1}", route)


def _caller_may_use(view: Any, request: HttpRequest, args: Any, kwargs: Any) -> bool:
    """Whether the view's own authentication and permissions let this caller in.

    A caller who may not use the operation hears that (401/403) from the view itself, as
    without any query parameter: the parameter check never tells outsiders more.
    """
    cls = getattr(view, "cls", None)
    if cls is None:
        return True
    instance = cls(**getattr(view, "initkwargs", {}))
    instance.args, instance.kwargs = args, kwargs
    drf_request = instance.initialize_request(request, *args, **kwargs)
    instance.request = drf_request
    try:
        instance.perform_authentication(drf_request)
        instance.check_permissions(drf_request)
    except APIException:
        return False
    return True


class UnknownQueryParameterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX) or not request.GET:
            return None
        match = request.resolver_match
        if match is None or not match.route:
            return None
        method = "GET" if request.method == "HEAD" else str(request.method)
        allowed = documented_query_parameters().get((schema_path(match.route), method))
        if allowed is None:  # OPTIONS, or a method the view refuses anyway
            return None
        unknown = sorted(set(request.GET) - allowed)
        if not unknown or not _caller_may_use(view, request, args, kwargs):
            return None
        known = ", ".join(sorted(allowed)) or _("none")
        return error_body(
            400,
            _("Unknown query parameter(s): %(unknown)s. This operation takes: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": known},
            "unknown_parameter",
        )
