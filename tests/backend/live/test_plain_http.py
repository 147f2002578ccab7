"""The websocket addresses asked over plain HTTP answer 426, never the web app's page."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.parametrize("path", ["/ws/live/", "/ws/", "/ws/anything/else"])
@pytest.mark.parametrize("method", ["get", "post", "head"])
def test_a_websocket_address_over_plain_http_asks_for_the_upgrade(path: str, method: str) -> None:
    response = getattr(Client(), method)(path)
    assert response.status_code == 426
    assert response["Upgrade"] == "websocket"
    assert response["Content-Type"].startswith("text/plain")
    assert b"<html" not in response.content.lower()


@pytest.mark.django_db
def test_a_path_that_only_starts_like_one_is_still_the_web_apps() -> None:
    response = Client().get("/wsomething")
    assert response.status_code in (200, 503)  # the app's page (503 when not built)
    assert response["Content-Type"].startswith("text/html")
