from __future__ import annotations

import pytest
from django.conf import settings as dj
from django.test import Client

from backend.common import health

pytestmark = pytest.mark.django_db


def test_it_reports_every_dependency_ok() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(c["status"] == "ok" for c in body["checks"].values())


def test_it_answers_503_naming_the_failing_dependency(
    monkeypatch: pytest.MonkeyPatch, operator: object
) -> None:
    def broken() -> str:
        raise ConnectionError("connection refused")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    health.forget_last_report()
    staff = Client()
    staff.force_login(operator)  # type: ignore[arg-type]
    response = staff.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["cache"]
    assert "connection refused" in body["checks"]["cache"]["error"]
    assert body["checks"]["database"]["status"] == "ok"
    health.forget_last_report()


def test_it_reaches_the_real_broker_when_celery_is_not_eager(settings: object) -> None:

    if dj.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("no broker configured (embedded defaults)")
    assert health.check_broker()


def test_an_anonymous_probe_follows_a_dependency_down_and_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    probe = Client()
    health.forget_last_report()
    assert probe.get("/healthz").status_code == 200

    def broken() -> str:
        raise ConnectionError("connection refused to cache.internal")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    health.forget_last_report()
    down = probe.get("/healthz")
    assert down.status_code == 503
    assert down["Content-Type"] == "application/json"
    assert down.json() == {
        "status": "error",
        "failing": ["cache"],
        "checks": {
            "database": {"status": "ok"},
            "cache": {"status": "error"},
            "broker": {"status": "ok"},
        },
    }
    assert "cache.internal" not in down.content.decode()
    assert "no-store" in down["Cache-Control"]

    monkeypatch.undo()
    health.forget_last_report()
    back = probe.get("/healthz")
    assert back.status_code == 200
    assert back.json()["failing"] == []
    health.forget_last_report()
