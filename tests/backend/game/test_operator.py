"""The operator's side: seasons with rules, featuring, opening, voiding, settlement status."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.common.errors import ApplicationError
from backend.game import services
from backend.game.models import Round, RoundScore, Season, Standing
from backend.game.tasks import advance_rounds
from backend.racing.models import Race, Runner
from tests.factories import (
    PickFactory,
    RoundFactory,
    SeasonFactory,
    lock,
    race_with_runners,
    store_result,
)

from .conftest import url

pytestmark = pytest.mark.django_db

SEASON = {"name_en": "Summer", "starts_on": "2026-06-01", "ends_on": "2026-08-31"}


def test_it_creates_a_season_with_its_rules(operator: Any, api_as: Any) -> None:
    response = api_as(operator).post(
        url("operator/seasons/"), {**SEASON, "rules": {"win_cap_cents": 3100}}, format="json"
    )
    assert response.status_code == 201
    season = Season.objects.get(pk=response.json()["id"])
    assert season.status == Season.Status.DRAFT
    assert season.get_rules().win_cap_cents == 3100
    assert season.get_rules().stake_cents == 200
    assert season.reminder_hours == 2


@pytest.mark.parametrize(
    "rules", [{"win_cap": 3100}, {"stake_cents": -5}, {"mode": "lottery"}, {"stake_cents": "2"}]
)
def test_it_refuses_invalid_rules(rules: dict[str, Any], operator: Any, api_as: Any) -> None:
    response = api_as(operator).post(
        url("operator/seasons/"), {**SEASON, "rules": rules}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_rules"
    assert not Season.objects.exists()


def test_it_refuses_a_season_ending_before_it_starts(operator: Any, api_as: Any) -> None:
    body = {**SEASON, "ends_on": "2026-05-01"}
    assert api_as(operator).post(url("operator/seasons/"), body, format="json").status_code == 400


def test_it_keeps_one_season_active_at_a_time(operator: Any, api_as: Any) -> None:
    current = SeasonFactory(name_en="Winter")
    staff = api_as(operator)

    def set_status(season_id: int, status: str) -> Any:
        body = {"status": status}
        return staff.post(url(f"operator/seasons/{season_id}/status/"), body, format="json")

    created = staff.post(url("operator/seasons/"), {**SEASON, "status": "active"}, format="json")
    assert created.status_code == 409
    assert created.json()["code"] == "season_already_active"
    assert Season.objects.count() == 1

    draft = staff.post(url("operator/seasons/"), SEASON, format="json").json()
    refused = set_status(draft["id"], "active")
    assert refused.status_code == 409
    assert refused.json()["code"] == "season_already_active"
    assert "Winter" in refused.json()["detail"]
    assert Season.objects.get(pk=draft["id"]).status == Season.Status.DRAFT
    assert set_status(current.pk, "active").status_code == 200  # already the active one

    assert set_status(current.pk, "finished").status_code == 200
    assert set_status(draft["id"], "active").status_code == 200
    assert list(Season.objects.filter(status="active").values_list("pk", flat=True)) == [
        draft["id"]
    ]


def test_the_database_holds_one_active_season_whatever_writes_it(operator: Any) -> None:
    SeasonFactory()
    other = {"name_en": "Other", "name_fr": "Autre", "starts_on": "2026-06-01"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Season.objects.create(**other, ends_on="2026-08-31", status=Season.Status.ACTIVE)

    # The model's validation (the admin's form) names the rule instead of failing.
    season = Season(**other, ends_on=dt.date(2026, 8, 31), status=Season.Status.ACTIVE)
    with pytest.raises(ValidationError) as invalid:
        season.validate_constraints()
    assert invalid.value.error_dict[NON_FIELD_ERRORS][0].code == "season_already_active"

    client = Client()
    client.force_login(operator)
    form = {**other, "ends_on": "2026-08-31", "rules": "{}", "reminder_hours": 2}
    page = client.post("/admin/game/season/add/", {**form, "status": "active"})
    assert page.status_code == 200
    assert b"Another season is active" in page.content
    assert Season.objects.count() == 1


def test_it_features_a_race_as_the_next_round(operator: Any, api_as: Any) -> None:
    season = SeasonFactory()
    RoundFactory(season=season, number=1)
    race = race_with_runners(8)
    response = api_as(operator).post(
        url("operator/rounds/"), {"season": season.pk, "race": race.pk}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["warnings"] == []
    assert (body["round"]["number"], body["round"]["status"]) == (2, "draft")
    assert dt.datetime.fromisoformat(body["round"]["locks_at"]) == race.post_time


def test_it_warns_about_a_small_field_and_a_past_race(operator: Any, api_as: Any) -> None:
    race = race_with_runners(4, post_time=timezone.now() - dt.timedelta(hours=1))
    Runner.objects.filter(race=race, number=4).update(status=Runner.Status.NON_RUNNER)
    response = api_as(operator).post(
        url("operator/rounds/"), {"season": SeasonFactory().pk, "race": race.pk}, format="json"
    )
    assert response.status_code == 201
    warnings = response.json()["warnings"]
    assert len(warnings) == 2
    assert "3 runners" in warnings[0]
    assert "past" in warnings[1]


def test_it_refuses_to_feature_a_race_twice(operator: Any, api_as: Any) -> None:
    rnd = RoundFactory()
    response = api_as(operator).post(
        url("operator/rounds/"), {"season": rnd.season_id, "race": rnd.race_id}, format="json"
    )
    assert response.status_code == 409


def test_it_refuses_to_feature_a_race_with_an_official_result(operator: Any, api_as: Any) -> None:
    season = SeasonFactory()
    race = race_with_runners(8, post_time=timezone.now() - dt.timedelta(hours=2))
    store_result(race, finish={1: 1, 2: 2, 3: 3}, win={1: 450}, place={1: 150, 2: 180, 3: 200})
    response = api_as(operator).post(
        url("operator/rounds/"), {"season": season.pk, "race": race.pk}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "race_has_result"
    assert "official" in response.json()["detail"]
    assert not Round.objects.exists()
    race.refresh_from_db()
    assert not race.featured  # nothing polls it for the game


@pytest.mark.parametrize(
    "status", [Race.Status.PROVISIONAL, Race.Status.CANCELLED, Race.Status.REFUNDED]
)
def test_it_refuses_to_feature_a_race_that_ran_or_was_called_off(status: str) -> None:
    season = SeasonFactory()
    race = race_with_runners(8)  # the card still says tomorrow: the stored status decides
    Race.objects.filter(pk=race.pk).update(status=status)
    with pytest.raises(ApplicationError) as refused:
        services.round_feature(season=season, race=race)  # `race` read before the result
    assert (refused.value.code, refused.value.status_code) == ("race_has_result", 409)
    assert not Round.objects.exists()


def test_it_opens_a_draft_round(operator: Any, api_as: Any) -> None:
    rnd = RoundFactory(status=Round.Status.DRAFT, opens_at=None)
    response = api_as(operator).post(url(f"operator/rounds/{rnd.pk}/open/"))
    assert response.status_code == 200
    rnd.refresh_from_db()
    assert rnd.status == Round.Status.OPEN
    assert rnd.opens_at is not None


def test_it_opens_only_rounds_of_an_active_season(operator: Any, api_as: Any) -> None:
    rnd = RoundFactory(status=Round.Status.DRAFT, season__status=Season.Status.DRAFT)
    response = api_as(operator).post(url(f"operator/rounds/{rnd.pk}/open/"))
    assert response.status_code == 409
    assert response.json()["code"] == "season_not_active"
    activated = api_as(operator).post(
        url(f"operator/seasons/{rnd.season_id}/status/"), {"status": "active"}, format="json"
    )
    assert activated.status_code == 200
    assert api_as(operator).post(url(f"operator/rounds/{rnd.pk}/open/")).status_code == 200


def test_it_voids_a_round(operator: Any, api_as: Any) -> None:
    rnd = RoundFactory()
    response = api_as(operator).post(
        url(f"operator/rounds/{rnd.pk}/void/"), {"reason": "Abandoned"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "void"
    assert response.json()["void_reason"] == "Abandoned"


def test_it_shows_the_settlement_status(operator: Any, api_as: Any) -> None:
    rnd = RoundFactory()
    listed = api_as(operator).get(url("operator/rounds/")).json()["results"]
    assert listed[0]["id"] == rnd.pk
    detail = api_as(operator).get(url(f"operator/rounds/{rnd.pk}/")).json()
    assert detail["settlement_version"] == 0
    assert detail["needs_settlement"] is False
    assert detail["picks"] == 0


def test_a_round_counts_its_picks_and_scores_on_their_own_index(operator: Any, api_as: Any) -> None:
    """The week board asks for the round every 5 seconds: its counts read the picks and
    scores of the round alone, not joined to every user by the models' default ordering
    (1.2 s a request at 1,000,000 picks)."""
    rnd = RoundFactory()
    other = RoundFactory()
    for _ in range(3):
        PickFactory(round=rnd)
    PickFactory(round=other)
    with CaptureQueriesContext(connection) as captured:
        detail = api_as(operator).get(url(f"operator/rounds/{rnd.pk}/")).json()
    assert (detail["picks"], detail["scores"]) == (3, 0)
    (read,) = [q["sql"] for q in captured.captured_queries if "game_pick" in q["sql"]]
    assert "accounts_user" not in read


def test_it_queues_a_settlement_on_request(
    operator: Any, owner: Any, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rnd = RoundFactory()
    PickFactory(round=rnd, player=owner, win=1, place=3)
    lock(rnd)
    # The result is stored, but the settlement it queues on commit never runs here: only
    # the operator's request can settle the round.
    store_result(rnd.race, finish={1: 1, 3: 2, 2: 3}, win={1: 590}, place={1: 150, 3: 210})
    assert Round.objects.get(pk=rnd.pk).status == Round.Status.OPEN

    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(operator).post(
            url(f"operator/rounds/{rnd.pk}/settle/"), {}, format="json"
        )

    assert response.status_code == 202
    assert response.json() == {"round": rnd.pk, "queued": True}
    rnd.refresh_from_db()
    assert (rnd.status, rnd.settlement_version, rnd.settled_result_version) == ("settled", 1, 1)
    score = RoundScore.objects.get(round=rnd, player=owner)
    assert (score.points, score.settlement_version) == (1180 + 420, 1)
    assert Standing.objects.get(season=rnd.season, player=owner).points == 1180 + 420


def test_it_advances_rounds_on_schedule() -> None:
    due = RoundFactory(status=Round.Status.DRAFT, opens_at=timezone.now() - dt.timedelta(minutes=1))
    later = RoundFactory(status=Round.Status.DRAFT, opens_at=timezone.now() + dt.timedelta(days=1))
    passed = RoundFactory(locks_at=timezone.now() - dt.timedelta(minutes=1))
    assert advance_rounds() == {"opened": 1, "locked": 1}
    statuses = {r.pk: r.status for r in Round.objects.all()}
    assert statuses == {due.pk: "open", later.pk: "draft", passed.pk: "locked"}


STAFF_ENDPOINTS = [
    ("get", "operator/seasons/"),
    ("post", "operator/seasons/"),
    ("post", "operator/seasons/{season}/status/"),
    ("get", "operator/rounds/"),
    ("post", "operator/rounds/"),
    ("get", "operator/rounds/{round}/"),
    ("post", "operator/rounds/{round}/open/"),
    ("post", "operator/rounds/{round}/void/"),
    ("post", "operator/rounds/{round}/settle/"),
]


@pytest.mark.parametrize(("method", "path"), STAFF_ENDPOINTS)
def test_it_keeps_players_out_of_the_operator_endpoints(
    method: str, path: str, *, owner: Any, member: Any, outsider: Any, api: Any, api_as: Any
) -> None:
    rnd = RoundFactory(status=Round.Status.DRAFT)
    target = url(path.format(season=rnd.season_id, round=rnd.pk))
    for client in (api, api_as(owner), api_as(member), api_as(outsider)):
        response = getattr(client, method)(target, {"status": "active", **SEASON}, format="json")
        assert response.status_code in (401, 403)
    rnd.refresh_from_db()
    assert rnd.status == Round.Status.DRAFT
    assert Season.objects.count() == 1
