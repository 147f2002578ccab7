from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_serves_the_openapi_schema() -> None:
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Paddock API"
    assert "/api/v1/accounts/me/" in schema["paths"]


def test_it_serves_the_browsable_docs_without_a_cdn() -> None:
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    assert b"cdn.jsdelivr" not in response.content
    assert b"swagger-ui" in response.content


def test_it_lets_staff_into_the_admin(operator: object) -> None:
    client = Client()
    client.force_login(operator)  # type: ignore[arg-type]
    assert client.get("/admin/racing/race/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_it_keeps_players_out_of_the_admin(outsider: object) -> None:
    client = Client()
    client.force_login(outsider)  # type: ignore[arg-type]
    response = client.get("/admin/racing/race/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
