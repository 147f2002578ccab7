"""GET /healthz: the state of the database, the cache and the broker, within a second.

- The three checks run side by side, each in a worker thread, and the answer waits for
  them at most HEALTH_DEADLINE_SECONDS: a dependency that hangs is reported failing
  (`timeout`) instead of holding the probe.
- One result serves every probe of this process for HEALTH_CACHE_SECONDS, so a load
  balancer probing often costs the dependencies one check a second; while one request
  refreshes it, the others answer the last result instead of waiting for the checks.
  The anonymous answer's body is encoded once per result, not once per probe.
- Anonymous callers learn only which dependency is failing; staff also see each
  dependency's backend and error text (which name internal hosts). The logs always have it.
- `/healthz` is exempt from SECURE_SSL_REDIRECT (settings.SECURE_REDIRECT_EXEMPT): a load
  balancer probes it over plain HTTP.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

HEALTH_DEADLINE_SECONDS = 0.8
HEALTH_CACHE_SECONDS = 1.0


def check_database() -> str:
    """SELECT 1 on a connection of the checking thread, closed again right after."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return connection.vendor
    finally:
        connection.close()


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
        conn.ensure_connection(max_retries=1, timeout=HEALTH_DEADLINE_SECONDS)
    return conn.transport_cls if isinstance(conn.transport_cls, str) else "connected"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}

_pool = ThreadPoolExecutor(max_workers=6, thread_name_prefix="healthz")
_lock = threading.Lock()
_last: tuple[float, dict[str, dict[str, str]]] | None = None
_public: tuple[dict[str, dict[str, str]], bytes, int] | None = None
_refreshing = False


def _run(check: Callable[[], str]) -> dict[str, str]:
    try:
        return {"status": "ok", "backend": check()}
    except Exception as exc:  # noqa: BLE001 - any failure of a dependency is reported
        return {"status": "error", "error": f"{type(exc).__name__}: {exc}"}


def run_checks() -> dict[str, dict[str, str]]:
    """Every check's report, each given at most HEALTH_DEADLINE_SECONDS."""
    futures: dict[str, Future[dict[str, str]]] = {
        name: _pool.submit(_run, check) for name, check in CHECKS.items()
    }
    wait_for(futures.values(), timeout=HEALTH_DEADLINE_SECONDS)
    report: dict[str, dict[str, str]] = {}
    for name, future in futures.items():
        if future.done():
            report[name] = future.result()
        else:
            report[name] = {
                "status": "error",
                "error": f"timeout: no answer within {HEALTH_DEADLINE_SECONDS} s",
            }
    for name, item in report.items():
        if item["status"] != "ok":
            logger.warning("healthz: %s failing: %s", name, item["error"])
    return report


def current_report() -> dict[str, dict[str, str]]:
    """The report of the last second, or a fresh one.

    One thread of the process refreshes a stale report at a time; meanwhile the others
    answer the last one (a second old, plus the checks' time) instead of waiting for, or
    repeating, the same checks.
    """
    global _last, _refreshing  # noqa: PLW0603 - one shared result per process, guarded by _lock
    with _lock:
        last = _last
        if last is not None and (_refreshing or time.monotonic() - last[0] < HEALTH_CACHE_SECONDS):
            return last[1]
        _refreshing = True
    try:
        report = run_checks()
        with _lock:
            _last = (time.monotonic(), report)
    finally:
        with _lock:
            _refreshing = False
    return report


def forget_last_report() -> None:
    """Drop the shared result (tests that break a dependency on purpose)."""
    global _last  # noqa: PLW0603 - see current_report
    with _lock:
        _last = None


def _answer(report: dict[str, dict[str, str]], *, staff: bool) -> tuple[dict[str, Any], int]:
    """The body and status of a report: staff see each check whole, others its status."""
    failing = [name for name, item in report.items() if item["status"] != "ok"]
    checks = (
        report if staff else {name: {"status": item["status"]} for name, item in report.items()}
    )
    body = {"status": "error" if failing else "ok", "failing": failing, "checks": checks}
    return body, 503 if failing else 200


def _public_answer(report: dict[str, dict[str, str]]) -> tuple[bytes, int]:
    """The anonymous answer to `report`, encoded once per report (probes come often)."""
    global _public  # noqa: PLW0603 - one encoded answer per shared report
    public = _public
    if public is None or public[0] is not report:
        body, status = _answer(report, staff=False)
        public = (report, json.dumps(body, cls=DjangoJSONEncoder).encode(), status)
        _public = public
    return public[1], public[2]


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    report = current_report()
    if getattr(request, "user", None) and request.user.is_staff:
        body, status = _answer(report, staff=True)
        return JsonResponse(body, status=status)
    encoded, status = _public_answer(report)
    return HttpResponse(encoded, status=status, content_type="application/json")
