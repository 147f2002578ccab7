"""GET /healthz: the state of the database, the cache and the broker."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    value = cache.get(key)
    cache.delete(key)
    if value != "ok":
        raise RuntimeError("the cache did not return what was stored")
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return conn.transport_cls if isinstance(conn.transport_cls, str) else "connected"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report: dict[str, dict[str, str]] = {}
    failing: list[str] = []
    for name, check in CHECKS.items():
        try:
            report[name] = {"status": "ok", "backend": check()}
        except Exception as exc:  # noqa: BLE001 - any failure of a dependency is reported
            report[name] = {"status": "error", "error": f"{type(exc).__name__}: {exc}"}
            failing.append(name)
    status = 503 if failing else 200
    return JsonResponse(
        {"status": "ok" if not failing else "error", "failing": failing, "checks": report},
        status=status,
    )
