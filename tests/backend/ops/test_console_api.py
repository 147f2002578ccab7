"""The operator console's API: calendar, imports with their preview, the week board."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from backend.game import services as game
from backend.game.models import Round, RoundScore, Standing
from backend.racing.models import ImportRun, Race
from tests.backend.racing.conftest import (
    REAL_DAY,
    counts,
    pmu_participants,
    pmu_rapports,
    snapshot,
)
from tests.factories import (
    PickFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
    race_with_runners,
    store_result,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/operator/"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/json")


def preview(client: APIClient, **data: Any) -> Any:
    return client.post(f"{API}imports/preview/", data, format="multipart")


def real_card_preview(client: APIClient, real_files: dict[str, Path]) -> Any:
    return preview(
        client,
        kind="card",
        source="pmu",
        day=REAL_DAY.isoformat(),
        file=upload(real_files["programme"].name, real_files["programme"].read_bytes()),
        participants=[upload("participants_R1_C1.json", real_files["participants"].read_bytes())],
    )


@pytest.mark.realdata
def test_a_real_card_is_previewed_then_applied_and_shows_on_the_calendar(
    operator: Any, api_as: Any, real_files: dict[str, Path]
) -> None:
    client = api_as(operator)

    shown = real_card_preview(client, real_files)

    assert shown.status_code == 200, shown.json()
    body = shown.json()
    assert counts()["races"] == 0  # the preview wrote nothing
    assert body["created"] > 60
    assert body["updated"] == 0
    assert {"entity": "race", "created": 63, "updated": 0, "unchanged": 0, "removed": 0} in (
        body["table"]
    )
    applied = client.post(f"{API}imports/apply/", {"token": body["token"]}, format="json")
    assert applied.status_code == 201, applied.json()
    assert applied.json()["created"] == body["created"]
    run = ImportRun.objects.get(pk=applied.json()["run"])
    assert (run.status, run.operator) == (ImportRun.Status.OK, operator)

    day = client.get(f"{API}calendar/", {"day": REAL_DAY.isoformat()}).json()
    assert len(day["meetings"]) == 9
    r1c1 = day["meetings"][0]["races"][0]
    assert (r1c1["code"], r1c1["starters"], r1c1["featured"]) == ("R1C1", 14, False)
    assert r1c1["distance"]
    assert r1c1["discipline"]
    assert r1c1["rounds"] == []
    assert REAL_DAY.isoformat() in day["days"]


@pytest.mark.realdata
def test_the_wrong_file_is_refused_naming_it_and_nothing_is_written(
    operator: Any, api_as: Any, real_files: dict[str, Path]
) -> None:
    client = api_as(operator)
    real_card_preview(client, real_files)  # nothing stored: previews write nothing
    before = snapshot()

    refused = preview(
        client,
        kind="card",
        source="pmu",
        day=REAL_DAY.isoformat(),
        file=upload("rapports.json", real_files["rapports"].read_bytes()),
    )

    assert refused.status_code == 400
    assert "rapports.json" in refused.json()["detail"]
    assert refused.json()["detail"].startswith("Nothing imported.")
    assert snapshot() == before


def test_form_rules_name_the_field(operator: Any, api_as: Any) -> None:
    refused = preview(
        api_as(operator), kind="card", source="pmu", file=upload("programme.json", b"{}")
    )

    assert refused.status_code == 400
    assert refused.json()["fields"]["day"] == ["A card import needs its date."]


def test_an_altered_token_is_refused(operator: Any, api_as: Any) -> None:
    refused = api_as(operator).post(f"{API}imports/apply/", {"token": "x:y:z"}, format="json")

    assert (refused.status_code, refused.json()["code"]) == (400, "invalid_token")


def _settled_round_with_picks() -> tuple[Round, list[Any]]:
    rnd = RoundFactory.create(locked=True)
    players = [UserFactory.create(display_name=f"P{n}") for n in range(4)]
    for n, player in enumerate(players):
        PickFactory.create(round=rnd, player=player, win=1 + n, place=2 + n)
    store_result(rnd.race, finish={1: 1, 2: 2, 3: 3}, win={1: 400}, place={1: 150, 2: 200, 3: 300})
    game.round_settle(round_id=rnd.pk)
    return rnd, players


def _correction(race: Race) -> dict[str, Any]:
    """The same race with 2 and 1 swapped, and its dividends."""
    runners = [{"number": n} for n in range(1, 11)]
    runners[0]["position"], runners[1]["position"], runners[2]["position"] = 2, 1, 3
    return {
        "kind": "results",
        "source": "pmu",
        "race": str(race.pk),
        "file": upload("participants_R1_C1.json", pmu_participants(runners)),
        "rapports": upload("rapports_R1_C1.json", pmu_rapports({2: 900}, {2: 300, 1: 160, 3: 310})),
    }


def test_a_correction_preview_shows_who_moves_and_writes_nothing(
    operator: Any, api_as: Any
) -> None:
    rnd, players = _settled_round_with_picks()
    scores = sorted(RoundScore.objects.values_list("player_id", "points"))
    standings = sorted(Standing.objects.values_list("player_id", "rank", "points"))
    version = Race.objects.get(pk=rnd.race_id).result_version

    shown = preview(api_as(operator), **_correction(rnd.race))

    assert shown.status_code == 200, shown.json()
    (impact,) = shown.json()["impact"]
    assert impact["round"] == rnd.pk
    assert impact["settled"]
    assert impact["scored"]
    assert impact["picks"] == 4
    assert impact["moved"] >= 2
    biggest = impact["biggest"][0]
    assert biggest["delta"] == biggest["after"] - biggest["before"] != 0
    assert impact["top_before"][0]["player_id"] == players[0].pk  # picked the old winner
    assert impact["top_after"][0]["player_id"] == players[1].pk  # picked the new one
    assert sorted(RoundScore.objects.values_list("player_id", "points")) == scores
    assert sorted(Standing.objects.values_list("player_id", "rank", "points")) == standings
    assert Race.objects.get(pk=rnd.race_id).result_version == version


def test_a_preview_outrun_by_another_result_is_refused_not_applied(
    operator: Any, api_as: Any
) -> None:
    """Two tabs, two operators: a preview kept while another result is stored would undo
    that result unseen. It is refused, nothing is written, and a new preview applies."""
    rnd, _ = _settled_round_with_picks()
    client = api_as(operator)
    kept = preview(client, **_correction(rnd.race)).json()["token"]
    store_result(rnd.race, finish={3: 1, 1: 2, 2: 3}, win={3: 700}, place={3: 200, 1: 150, 2: 180})
    race = Race.objects.get(pk=rnd.race_id)
    version, dividends = race.result_version, sorted(race.dividends.values_list("kind", "number"))

    refused = client.post(f"{API}imports/apply/", {"token": kept}, format="json")

    assert refused.status_code == 409
    assert refused.json()["code"] == "preview_stale"
    assert "preview the files again" in refused.json()["detail"]
    race.refresh_from_db()
    assert race.result_version == version
    assert sorted(race.dividends.values_list("kind", "number")) == dividends
    again = preview(client, **_correction(rnd.race)).json()["token"]
    assert client.post(f"{API}imports/apply/", {"token": again}, format="json").status_code == 201
    assert Race.objects.get(pk=rnd.race_id).result_version == version + 1


def test_the_board_of_a_settled_round_counts_picks_and_offers_to_settle_a_correction(
    operator: Any, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rnd, _ = _settled_round_with_picks()

    board = api_as(operator).get(f"{API}rounds/{rnd.pk}/board/").json()

    states = {step["key"]: step["state"] for step in board["steps"]}
    assert states["official"] == states["settled"] == states["locked"] == "done"
    # The first round of a season: its players are every verified account (4 and the operator).
    assert board["picked"] == 4
    assert board["players"] == 5
    assert (
        "version 1, 4 picks" in next(s for s in board["steps"] if s["key"] == "settled")["detail"]
    )
    # Its scores reflect its result: settling again would write nothing.
    assert board["actions"] == ["void", "import_result"]
    assert board["notes"] == []

    store_result(rnd.race, finish={2: 1, 1: 2, 3: 3}, win={2: 900}, place={2: 300, 1: 160, 3: 310})
    corrected = api_as(operator).get(f"{API}rounds/{rnd.pk}/board/").json()

    assert corrected["actions"] == ["void", "settle", "import_result"]
    with django_capture_on_commit_callbacks(execute=True):
        queued = api_as(operator).post(f"/api/v1/game/operator/rounds/{rnd.pk}/settle/")
    assert queued.status_code == 202
    settled = api_as(operator).get(f"{API}rounds/{rnd.pk}/board/").json()
    assert settled["round"]["settlement_version"] == 2
    assert "settle" not in settled["actions"]


def test_the_board_of_a_draft_offers_to_open_it(operator: Any, api_as: Any) -> None:
    season = SeasonFactory.create()
    rnd = RoundFactory.create(season=season, status=Round.Status.DRAFT, opens_at=None)

    board = api_as(operator).get(f"{API}rounds/{rnd.pk}/board/").json()

    assert board["steps"][1] == {**board["steps"][1], "key": "open", "state": "current"}
    assert board["actions"] == ["open", "void", "import_result"]
    assert board["notes"] == []


def test_the_board_of_a_draft_keeps_what_featuring_it_warned(operator: Any, api_as: Any) -> None:
    """Read again on every visit, not only in the answer to featuring."""
    race = race_with_runners(3, post_time=timezone.now() - dt.timedelta(hours=1))
    rnd = RoundFactory.create(status=Round.Status.DRAFT, opens_at=None, race=race)

    board = api_as(operator).get(f"{API}rounds/{rnd.pk}/board/").json()

    assert board["actions"] == ["void", "import_result"]  # past its post time: it cannot open
    assert [note.split(":")[0] for note in board["notes"]] == [
        "The card has 3 runners",
        "The race's post time is in the past",
        "It cannot open",
    ]


def test_the_board_of_a_void_round_offers_nothing_to_settle(operator: Any, api_as: Any) -> None:
    rnd, _ = _settled_round_with_picks()
    game.round_void(round=rnd, reason="Photo-finish camera failed")

    board = api_as(operator).get(f"{API}rounds/{rnd.pk}/board/").json()

    assert board["actions"] == []  # a void round scores nothing: no result to import for it
    assert "void (Photo-finish camera failed)" in board["steps"][-3]["detail"]


@pytest.mark.parametrize("path", ["calendar/", "rounds/1/board/"])
def test_players_are_refused_and_staff_without_a_second_factor_told_why(
    path: str, member: Any, operator: Any, api_as: Any, settings: Any
) -> None:
    assert api_as(member).get(API + path).json()["code"] == "permission_denied"
    settings.ADMIN_REQUIRE_MFA = True
    refused = api_as(operator).get(API + path)
    assert (refused.status_code, refused.json()["code"]) == (403, "mfa_required")


def test_the_board_says_what_happened_not_what_did_not(operator: Any, api_as: Any) -> None:
    """A round voided as a draft never opened; an arrival imported from files was not
    polled, and the polling step says who stored it."""
    draft = RoundFactory.create(status=Round.Status.DRAFT, opens_at=None)
    game.round_void(round=draft, reason="Abandoned meeting")
    steps = {
        s["key"]: s for s in api_as(operator).get(f"{API}rounds/{draft.pk}/board/").json()["steps"]
    }
    assert steps["open"]["state"] == "pending"

    rnd, _ = _settled_round_with_picks()
    Race.objects.filter(pk=rnd.race_id).update(featured=True)
    steps = {
        s["key"]: s for s in api_as(operator).get(f"{API}rounds/{rnd.pk}/board/").json()["steps"]
    }
    assert steps["open"]["state"] == "done"
    assert (steps["polling"]["state"], steps["polling"]["detail"]) == (
        "done",
        "an import stored the result",
    )
