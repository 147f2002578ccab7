"""The websocket addresses asked over plain HTTP (a server without websockets, a link
followed by hand): 426 Upgrade Required, never the web app's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def websocket_only(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        "This address takes WebSocket connections only (docs/architecture.md, live).\n",
        status=426,
        content_type="text/plain; charset=utf-8",
    )
    response["Upgrade"] = "websocket"
    response["Connection"] = "Upgrade"
    response["Cache-Control"] = "no-store"
    return response
