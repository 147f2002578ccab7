from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backend.racing.models import ImportRun, Race
from importers.csv import template_bytes
from tests.factories import UserFactory

from .conftest import (
    REAL_DAY,
    PmuServer,
    counts,
    csv_race,
    eight_runners,
    last_run,
    pmu_participants,
    pmu_rapports,
    snapshot,
)
from .test_card_import import apply_csv

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/racing/importrun/upload/"
APPLY = "/admin/racing/importrun/apply/"
TEMPLATE = "/admin/racing/importrun/template.csv"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_upload(content: bytes, name: str = "card.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def preview(client: Client, **data: Any) -> Any:
    response = client.post(UPLOAD, data)
    assert response.status_code == 200
    return response


def test_it_previews_then_applies_a_csv_card_as_operator(operator: Any) -> None:
    client = client_for(operator)

    response = preview(
        client, kind="card", source="csv", day="2026-11-29", file=csv_upload(template_bytes())
    )

    assert response.templates[0].name == "admin/racing/import_preview.html"
    assert b"EXAMPLE ONE" in response.content
    assert counts()["meetings"] == 0  # the preview wrote nothing
    token = response.context["token"]

    applied = client.post(APPLY, {"token": token})

    assert applied.status_code == 302
    assert counts() == {"meetings": 1, "races": 1, "runners": 8, "dividends": 0}
    run = last_run()
    assert (run.status, run.trigger, run.operator) == ("ok", "admin", operator)
    assert applied["Location"] == f"/admin/racing/importrun/{run.pk}/change/"
    assert client.get(applied["Location"]).status_code == 200


def test_it_previews_a_newer_card_with_its_new_non_runner(operator: Any) -> None:
    apply_csv(csv_race(eight_runners()))
    client = client_for(operator)

    response = preview(
        client,
        kind="card",
        source="csv",
        day="2026-11-29",
        file=csv_upload(csv_race(eight_runners(n2={"non_runner": 1}))),
    )

    assert response.context["summary"].non_runners_added == ["R1C4 #2"]
    assert b"R1C4 #2" in response.content


def test_it_previews_and_applies_pmu_results(operator: Any, signals: list[Any]) -> None:
    apply_csv(csv_race(eight_runners()))
    race = Race.objects.get()
    client = client_for(operator)
    participants = pmu_participants([{"number": n, "position": n} for n in range(1, 9)])

    response = preview(
        client,
        kind="results",
        source="pmu",
        race=str(race.pk),
        file=SimpleUploadedFile("participants.json", participants),
        rapports=SimpleUploadedFile("rapports.json", pmu_rapports({1: 280}, {1: 130, 2: 160})),
    )
    assert race.dividends.count() == 0
    client.post(APPLY, {"token": response.context["token"]})

    race.refresh_from_db()
    assert race.status == Race.Status.OFFICIAL
    assert race.dividends.count() == 3
    assert len(signals) == 1
    assert last_run().race == race


def test_it_shows_the_error_of_a_bad_file_on_the_form(operator: Any) -> None:
    client = client_for(operator)

    response = client.post(
        UPLOAD,
        {
            "kind": "card",
            "source": "csv",
            "day": "2026-11-29",
            "file": csv_upload(csv_race(eight_runners(n2={"number": "two"}))),
        },
    )

    assert response.templates[0].name == "admin/racing/import_upload.html"
    assert "line 3" in response.content.decode()
    assert counts()["meetings"] == 0


def test_it_refuses_an_altered_token_and_writes_nothing(operator: Any) -> None:
    client = client_for(operator)
    response = preview(
        client, kind="card", source="csv", day="2026-11-29", file=csv_upload(template_bytes())
    )
    token = response.context["token"]

    applied = client.post(APPLY, {"token": token[:-3] + "abc"}, follow=True)

    assert "expired or was altered" in applied.content.decode()
    assert counts()["meetings"] == 0


def test_it_refuses_another_operators_token(operator: Any) -> None:
    other = UserFactory(email="other-op@paddock.test", is_staff=True, is_superuser=True)
    response = preview(
        client_for(operator),
        kind="card",
        source="csv",
        day="2026-11-29",
        file=csv_upload(template_bytes()),
    )

    client_for(other).post(APPLY, {"token": response.context["token"]})

    assert counts()["meetings"] == 0


def test_it_records_a_failed_apply_and_writes_nothing(operator: Any) -> None:
    apply_csv(csv_race(eight_runners()))
    race = Race.objects.get()
    client = client_for(operator)
    provisional = pmu_participants([{"number": n, "position": n} for n in range(1, 9)])
    response = preview(
        client,
        kind="results",
        source="pmu",
        race=str(race.pk),
        file=SimpleUploadedFile("participants.json", provisional),
    )
    # Between the preview and "Apply", the official result came in.
    Race.objects.update(status=Race.Status.OFFICIAL)
    before = snapshot()

    applied = client.post(APPLY, {"token": response.context["token"]}, follow=True)

    assert "Nothing imported" in applied.content.decode()
    assert snapshot() == before
    run = last_run()
    assert (run.status, run.operator) == ("failed", operator)
    assert "another result was stored since this preview" in run.error


@pytest.mark.parametrize("url", [UPLOAD, APPLY, TEMPLATE, "/admin/racing/importrun/"])
def test_it_sends_players_to_the_admin_login(member: Any, url: str) -> None:
    response = client_for(member).get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_sends_anonymous_visitors_to_the_admin_login() -> None:
    response = Client().post(UPLOAD, {"kind": "card"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_serves_the_csv_template(operator: Any) -> None:
    response = client_for(operator).get(TEMPLATE)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="race_card_template.csv"'
    assert response.content == template_bytes()


def test_it_lists_import_runs_with_their_errors(operator: Any) -> None:
    ImportRun.objects.create(
        source="csv", kind="card", trigger="command", status="failed", error="line 7: bad odds"
    )

    response = client_for(operator).get("/admin/racing/importrun/")

    assert response.status_code == 200
    assert "line 7: bad odds" in response.content.decode()
    assert UPLOAD in response.content.decode()


def test_it_fetches_results_now_from_the_race_list(operator: Any, pmu_server: PmuServer) -> None:
    apply_csv(
        csv_race(eight_runners(), day="2025-11-05", post_time="2025-11-05T13:00:00+01:00"),
        day=REAL_DAY,
    )
    race = Race.objects.get()
    path = pmu_server.race(REAL_DAY, 1, 4)
    pmu_server.serve(
        f"{path}/participants",
        pmu_participants([{"number": n, "position": n} for n in range(1, 9)], race=4),
    )
    pmu_server.serve(f"{path}/rapports-definitifs", pmu_rapports({1: 280}, {1: 130, 2: 160}))

    response = client_for(operator).post(
        "/admin/racing/race/",
        {"action": "fetch_results_now", "_selected_action": [race.pk]},
        follow=True,
    )

    assert "result stored" in response.content.decode()
    race.refresh_from_db()
    assert race.status == Race.Status.OFFICIAL
    assert last_run().trigger == ImportRun.Trigger.ADMIN


def test_it_says_when_results_are_not_published_yet(operator: Any, pmu_server: PmuServer) -> None:
    apply_csv(
        csv_race(eight_runners(), day="2025-11-05", post_time="2025-11-05T13:00:00+01:00"),
        day=REAL_DAY,
    )
    race = Race.objects.get()
    pmu_server.serve(
        f"{pmu_server.race(REAL_DAY, 1, 4)}/participants",
        pmu_participants([{"number": n} for n in range(1, 9)], race=4),
    )

    response = client_for(operator).post(
        "/admin/racing/race/",
        {"action": "fetch_results_now", "_selected_action": [race.pk]},
        follow=True,
    )

    assert "not published yet" in response.content.decode()
    race.refresh_from_db()
    assert race.status == Race.Status.SCHEDULED
    assert dt.date(2025, 11, 5) == race.meeting.date


def test_it_opens_the_add_race_page_for_an_operator(operator: Any) -> None:
    client = Client()
    client.force_login(operator)
    assert client.get("/admin/racing/race/add/").status_code == 200


def test_it_applies_a_reinstatement_only_when_the_operator_ticks_it(operator: Any) -> None:
    apply_csv(csv_race(eight_runners(n3={"non_runner": 1})))
    race = Race.objects.get()
    client = client_for(operator)
    participants = pmu_participants([{"number": n, "position": n} for n in range(1, 9)])
    upload = {
        "kind": "results",
        "source": "pmu",
        "race": str(race.pk),
        "rapports": SimpleUploadedFile("rapports.json", pmu_rapports({1: 280}, {1: 130})),
    }

    response = preview(client, file=SimpleUploadedFile("participants.json", participants), **upload)
    assert b"is stored as a non-runner but the file lists it as a runner" in response.content
    assert b'name="confirm_reinstatement"' in response.content
    token = response.context["token"]

    client.post(APPLY, {"token": token})
    assert race.runners.get(number=3).status == "non_runner"
    assert (last_run().status, race.dividends.count()) == ("failed", 0)
    assert "participants.json" in last_run().error

    client.post(APPLY, {"token": token, "confirm_reinstatement": "on"})
    assert race.runners.get(number=3).status == "runner"
    assert last_run().status == "ok"
