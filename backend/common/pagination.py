"""One list shape for every list of the API: `{count, next, previous, results}`.

Views page a queryset (or a list) with `page(request, view, items)`, turn the page's rows
into results, and answer `paged_response(paginator, results)`; the schema of such an answer
is `paginated(RowSerializer, name=...)` and its query parameters `PAGE_PARAMETERS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

MAX_PAGE_SIZE = 200


class PagePagination(PageNumberPagination):
    """Page numbers as DRF pages them, but a `page` or `page_size` that is not a whole
    number in its range (from 1; `page_size` up to the cap), given twice or empty, is
    refused (400 `invalid`, naming the parameter) instead of silently replaced. A page past
    the last stays DRF's 404."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int | None:
        cap = self.max_page_size or MAX_PAGE_SIZE
        asked = _whole(request, self.page_size_query_param, maximum=cap)
        return self.page_size if asked is None else asked

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        asked = _whole(request, self.page_query_param)
        return 1 if asked is None else asked


def _whole(request: Request, name: str, *, maximum: int | None = None) -> int | None:
    """The query parameter `name` as a whole number from 1 (to `maximum`), None when
    absent; 400 `invalid` naming it when it is anything else, or given more than once."""
    asked = request.query_params.getlist(name)
    if not asked:
        return None
    try:
        if len(asked) > 1:
            raise serializers.ValidationError(_("Give %(name)s once.") % {"name": name})
        field = serializers.IntegerField(min_value=1, max_value=maximum)
        return int(field.run_validation(asked[0]))
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({name: exc.detail}) from exc


def page_size_parameter(cap: int, description: str) -> OpenApiParameter:
    """The `page_size` query parameter: a whole number from 1 to `cap` (else 400)."""
    schema = {"type": "integer", "minimum": 1, "maximum": cap}
    return OpenApiParameter("page_size", schema, description=description)


PAGE_PARAMETERS = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        description="Page number, from 1 (404 past the last page).",
    ),
    page_size_parameter(MAX_PAGE_SIZE, f"Rows per page, 1 to {MAX_PAGE_SIZE}."),
]


def page(
    request: Request, view: APIView | None, items: Any, *, max_page_size: int | None = None
) -> tuple[PagePagination, list[Any]]:
    """The rows of the page the request asks for (404 `not_found` past the last page).

    `max_page_size` raises the cap on `page_size` for a list a client may want whole (a
    league table, as long as the league's member cap).
    """
    paginator = PagePagination()
    if max_page_size is not None:
        paginator.max_page_size = max_page_size
    rows: Sequence[Any] | None = paginator.paginate_queryset(items, request, view=view)
    return paginator, list(rows or [])


def paged_body(paginator: PagePagination, results: Any) -> dict[str, Any]:
    """`{count, next, previous, results}` for the page `paginator` served."""
    assert paginator.page is not None
    return {
        "count": paginator.page.paginator.count,
        "next": paginator.get_next_link(),
        "previous": paginator.get_previous_link(),
        "results": results,
    }


def paged_response(paginator: PagePagination, results: Any) -> Response:
    return Response(paged_body(paginator, results))


def paginated(serializer_class: type[serializers.Serializer[Any]], *, name: str) -> Any:
    """The OpenAPI shape of a paged answer around `serializer_class` rows."""
    return inline_serializer(
        name=name,
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.CharField(allow_null=True),
            "previous": serializers.CharField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
