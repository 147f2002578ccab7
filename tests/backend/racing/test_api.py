from __future__ import annotations

from typing import Any

import pytest

from backend.racing.feeds import CSV, result_parse
from backend.racing.models import Race
from backend.racing.services import race_store_result

from .conftest import csv_race, eight_runners
from .test_card_import import apply_csv
from .test_results import FINISHED

pytestmark = pytest.mark.django_db


@pytest.fixture
def race() -> Race:
    apply_csv(csv_race(eight_runners(n3={"non_runner": 1})))
    return Race.objects.select_related("meeting").get()


def url(race: Race) -> str:
    return f"/api/v1/racing/races/{race.pk}/"


def test_it_shows_the_card_before_the_result(api_as: Any, member: Any, race: Race) -> None:
    response = api_as(member).get(url(race))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "R1C4"
    assert body["meeting"]["racecourse"] == "VINCENNES"
    assert body["status"] == "scheduled"
    runners = {r["number"]: r for r in body["runners"]}
    assert runners[1] == {
        "number": 1,
        "name": "HORSE 1",
        "jockey": "J. 1",
        "trainer": "T. TRAINER",
        "coupled": "",
        "odds": "2.00",
        "non_runner": False,
        "position": None,
        "disqualified": None,
        "silks": None,
    }
    assert runners[3]["non_runner"] is True
    assert body["dividends"] == []


def test_it_shows_positions_and_dividends_once_official(
    api_as: Any, outsider: Any, race: Race
) -> None:
    parsed = result_parse(
        source=CSV, participants=csv_race(FINISHED, status="official"), participants_name="r.csv"
    )
    race_store_result(race=race, outcome=parsed.outcome, odds=parsed.odds)

    body = api_as(outsider).get(url(race)).json()

    assert body["status"] == "official"
    assert {r["number"]: r["position"] for r in body["runners"]}[2] == 1
    assert {r["number"]: r["disqualified"] for r in body["runners"]}[4] is True
    assert {"kind": "win", "number": 2, "cents": 390, "pool": "operator"} in body["dividends"]


def test_it_hides_a_provisional_arrival(api_as: Any, member: Any, race: Race) -> None:
    parsed = result_parse(
        source=CSV, participants=csv_race(FINISHED, status="provisional"), participants_name="r.csv"
    )
    race_store_result(race=race, outcome=parsed.outcome)

    body = api_as(member).get(url(race)).json()

    assert body["status"] == "provisional"
    assert all(r["position"] is None for r in body["runners"])


def test_it_refuses_anonymous_visitors(api: Any, race: Race) -> None:
    assert api.get(url(race)).status_code in (401, 403)


def test_it_answers_404_for_an_unknown_race(api_as: Any, member: Any) -> None:
    response = api_as(member).get("/api/v1/racing/races/999999/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_documents_the_race_endpoint(api_as: Any, member: Any) -> None:
    response = api_as(member).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert "/api/v1/racing/races/{race_id}/" in response.json()["paths"]
