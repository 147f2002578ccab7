"""The project's URLs and one more, served only by the API benchmark's gunicorn
(`bench.settings`): `/bench/trivial`, the baseline every endpoint is compared with. It
answers a few bytes of JSON through the same middleware and the same server, and touches
neither the database nor the cache."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path

from backend.config.urls import urlpatterns as project_urls


def trivial(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [path("bench/trivial", trivial), *project_urls]
