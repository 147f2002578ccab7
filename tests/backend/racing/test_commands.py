from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backend.racing.models import ImportRun, Race
from importers.csv import template_bytes

from .conftest import (
    REAL_DAY,
    PmuServer,
    counts,
    csv_race,
    eight_runners,
    last_run,
    pmu_participants,
    pmu_programme,
    pmu_rapports,
    snapshot,
)

pytestmark = pytest.mark.django_db

WriteFile = Callable[[str, bytes], Path]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_imports_a_csv_card(write_file: WriteFile, operator: Any) -> None:
    path = write_file("card.csv", template_bytes())

    out = run("import_card", "--date", "2026-11-29", "--source", "csv", "--file", str(path))

    assert "races: 1 new" in out
    assert counts()["runners"] == 8
    imported = last_run()
    assert (imported.status, imported.kind, imported.source) == ("ok", "card", "csv")
    assert (imported.created, imported.updated, imported.unchanged) == (10, 0, 0)
    assert imported.file_name == str(path)


def test_it_shows_what_a_card_would_change_without_writing(write_file: WriteFile) -> None:
    path = write_file("card.csv", template_bytes())

    out = run(
        "import_card", "--date", "2026-11-29", "--source", "csv", "--file", str(path), "--dry-run"
    )

    assert "Would import" in out
    assert "runners: 8 new" in out
    assert counts()["meetings"] == 0
    assert not ImportRun.objects.exists()


def test_it_refuses_a_bad_csv_card_naming_the_file_line_and_column(
    write_file: WriteFile,
) -> None:
    path = write_file("card.csv", csv_race(eight_runners(n6={"odds": "six"})))

    with pytest.raises(CommandError) as caught:
        run("import_card", "--date", "2026-11-29", "--source", "csv", "--file", str(path))

    message = str(caught.value)
    assert f"file {path}" in message
    assert "line 7" in message
    assert "field 'odds'" in message
    assert "race 2026-11-29 R1C4" in message
    assert counts() == {"meetings": 0, "races": 0, "runners": 0, "dividends": 0}
    failed = last_run()
    assert failed.status == ImportRun.Status.FAILED
    assert "line 7" in failed.error


def test_it_exits_non_zero_on_bad_input(write_file: WriteFile) -> None:
    path = write_file("card.csv", b"not,a,card\n")

    with pytest.raises(CommandError) as caught:
        run("import_card", "--date", "2026-11-29", "--source", "csv", "--file", str(path))

    # manage.py prints the message and exits with this code.
    assert caught.value.returncode == 1
    assert "unknown column 'not'" in str(caught.value)
    assert last_run().status == ImportRun.Status.FAILED


def test_it_refuses_a_card_for_another_day_and_records_it(write_file: WriteFile) -> None:
    path = write_file("card.csv", template_bytes())

    with pytest.raises(CommandError, match="not 2026-12-01"):
        run("import_card", "--date", "2026-12-01", "--source", "csv", "--file", str(path))

    assert counts()["meetings"] == 0
    assert last_run().status == ImportRun.Status.FAILED


@pytest.mark.realdata
def test_it_imports_a_folder_of_real_pmu_files(real_files: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "programme_05112025.json").write_bytes(real_files["programme"].read_bytes())
    (tmp_path / "participants_05112025_R1_C1.json").write_bytes(
        real_files["participants"].read_bytes()
    )

    out = run("import_card", "--date", "2025-11-05", "--file", str(tmp_path))

    assert "races: 63 new" in out
    assert "No participants for 62 race(s)" in out
    assert Race.objects.get(meeting__number=1, number=1).runners.count() == 14


@pytest.mark.realdata
def test_it_imports_real_results_from_pmu_files(
    real_files: dict[str, Path], tmp_path: Path
) -> None:
    (tmp_path / "programme_05112025.json").write_bytes(real_files["programme"].read_bytes())
    (tmp_path / "participants_05112025_R1_C1.json").write_bytes(
        real_files["participants"].read_bytes()
    )
    run("import_card", "--date", "2025-11-05", "--file", str(tmp_path))

    out = run(
        "import_results",
        "--race",
        "R1C1",
        "--date",
        "2025-11-05",
        "--participants",
        str(real_files["participants"]),
        "--rapports",
        str(real_files["rapports"]),
    )

    assert "result stored (Official arrival, result version 1)" in out
    race = Race.objects.get(meeting__number=1, number=1)
    assert race.dividends.count() == 4
    assert last_run().race == race


def test_it_imports_results_from_a_csv_naming_its_race(write_file: WriteFile) -> None:
    run(
        "import_card",
        "--date",
        "2026-11-29",
        "--source",
        "csv",
        "--file",
        str(write_file("card.csv", template_bytes())),
    )

    out = run("import_results", "--file", str(write_file("result.csv", template_bytes())))

    race = Race.objects.get()
    assert f"{race.code}" in out
    assert race.status == Race.Status.OFFICIAL
    assert set(race.dividends.values_list("kind", "number", "cents")) >= {("win", 2, 390)}
    assert last_run().kind == ImportRun.Kind.RESULTS


def test_it_refuses_results_with_a_saddle_number_not_in_the_card(write_file: WriteFile) -> None:
    run(
        "import_card",
        "--date",
        "2026-11-29",
        "--source",
        "csv",
        "--file",
        str(write_file("card.csv", csv_race(eight_runners()))),
    )
    race = Race.objects.get()
    before = snapshot()
    participants = write_file(
        "participants.json",
        pmu_participants([{"number": n, "position": n} for n in range(1, 10)]),
    )
    rapports = write_file("rapports.json", pmu_rapports({1: 300}, {1: 150, 2: 170, 3: 180}))

    with pytest.raises(CommandError, match="saddle number 9 \\(runners\\) is not in the card"):
        run(
            "import_results",
            "--race",
            str(race.pk),
            "--participants",
            str(participants),
            "--rapports",
            str(rapports),
        )

    assert snapshot() == before
    failed = last_run()
    assert failed.status == ImportRun.Status.FAILED
    assert failed.race == race


def test_it_refuses_an_unknown_race(write_file: WriteFile) -> None:
    with pytest.raises(CommandError, match="No race R2C9 on 2026-11-29"):
        run("import_results", "--race", "R2C9", "--date", "2026-11-29")

    assert last_run().status == ImportRun.Status.FAILED


def test_it_fetches_a_card_and_results_from_the_pmu_feed(pmu_server: PmuServer) -> None:
    post = dt.datetime(2025, 11, 5, 13, 30, tzinfo=dt.UTC)
    pmu_server.serve(
        "/rest/client/1/programme/05112025", pmu_programme([{"number": 1, "post": post}])
    )
    race_path = pmu_server.race(REAL_DAY, 1, 1)
    pmu_server.serve(
        f"{race_path}/participants",
        pmu_participants([{"number": n, "odds": n + 1.5} for n in range(1, 9)]),
    )

    run("import_card", "--date", "2025-11-05")
    assert Race.objects.get().runners.count() == 8

    pmu_server.serve(
        f"{race_path}/participants",
        pmu_participants([{"number": n, "position": n, "odds": n + 1.5} for n in range(1, 9)]),
    )
    pmu_server.serve(f"{race_path}/rapports-definitifs", pmu_rapports({1: 250}, {1: 120}))
    out = run("import_results", "--race", "R1C1", "--date", "2025-11-05")

    assert "result stored" in out
    assert Race.objects.get().status == Race.Status.OFFICIAL
    assert last_run().file_name.endswith("/programme/05112025/R1/C1")
