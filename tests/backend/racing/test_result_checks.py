"""What a result import refuses before writing anything, and what a correction removes:
dividends the finish does not pay, a PMU file of another race, an official result while
the race's round still takes picks, and a dividend the corrected result no longer has."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from backend.common.errors import ApplicationError
from backend.game.models import Round
from backend.racing.feeds import CSV, PMU, pmu_http_source, result_parse
from backend.racing.models import ImportRun, Race
from backend.racing.services import race_fetch_result, race_store_result, result_import
from importers import RaceOutcome
from tests.factories import RoundFactory, lock

from .conftest import (
    PmuServer,
    csv_race,
    eight_runners,
    last_run,
    pmu_participants,
    pmu_rapports,
    snapshot,
)
from .test_card_import import CSV_DAY, apply_csv

pytestmark = pytest.mark.django_db

WriteFile = Callable[[str, bytes], Path]

DEAUVILLE = (
    "Moriah12783+elite-turf/lib__sync____fixtures____pmu-rapports-definitifs-20260830-R1C3.json"
)
# Eight starters, three places paid: 1 won, 2 second, 3 third.
PLACED = {
    "n1": {"position": 1, "win_dividend": 300, "place_dividend": 120},
    "n2": {"position": 2, "place_dividend": 150},
    "n3": {"position": 3, "place_dividend": 200},
    "n4": {"position": 4},
}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def the_race() -> Race:
    return Race.objects.select_related("meeting").get(number=4)


def csv_result(content: bytes, **kw: Any) -> Any:
    parsed = result_parse(source=CSV, participants=content, participants_name="result.csv")
    return result_import(parsed=parsed, name="result.csv", **kw)


def outcome(**changes: Any) -> RaceOutcome:
    values: dict[str, Any] = {
        "official": True,
        "runners": frozenset(range(1, 9)),
        "finish": {1: 1, 2: 2, 3: 3, 4: 4},
        "non_runners": frozenset(),
        "disqualified": frozenset(),
        "win_dividends": {1: 300},
        "place_dividends": {1: 120, 2: 150, 3: 200},
        "favourite": 1,
        "refunded": False,
        **changes,
    }
    return RaceOutcome(**values)


# --- 1. dividends the finish does not pay ---------------------------------------------------


@pytest.mark.realdata
def test_the_command_refuses_the_dividends_of_another_race_and_writes_nothing(
    real_files: dict[str, Path], real_data: Path, tmp_path: Path
) -> None:
    (tmp_path / "programme_05112025.json").write_bytes(real_files["programme"].read_bytes())
    (tmp_path / "participants_05112025_R1_C1.json").write_bytes(
        real_files["participants"].read_bytes()
    )
    run("import_card", "--date", "2025-11-05", "--file", str(tmp_path))
    before = snapshot()
    deauville = real_data / DEAUVILLE

    with pytest.raises(CommandError) as raised:
        run(
            "import_results",
            "--race",
            "R1C1",
            "--date",
            "2025-11-05",
            "--participants",
            str(real_files["participants"]),
            "--rapports",
            str(deauville),
        )

    message = str(raised.value)
    assert message.startswith("Nothing imported.")
    assert f"file {deauville}, race 2025-11-05 R1C1, field 'E_SIMPLE_GAGNANT'" in message
    assert "saddle number 4, who finished 9th, but the arrival has 7 first" in message
    assert snapshot() == before
    assert last_run().status == ImportRun.Status.FAILED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"win_dividends": {4: 900}}, "Win dividend on saddle number 4, who finished 4th"),
        ({"win_dividends": {1: 300, 7: 900}}, "saddle number 7, who has no finishing position"),
        (
            {"place_dividends": {1: 120, 2: 150, 4: 300}},
            (
                "Place dividend on saddle number 4, who finished 4th, but only the first 3 are "
                "paid with 8 starters"
            ),
        ),
    ],
)
def test_it_refuses_a_dividend_the_finish_does_not_pay(
    changes: dict[str, Any], message: str
) -> None:
    apply_csv(csv_race(eight_runners()))
    before = snapshot()

    with pytest.raises(ApplicationError, match=message) as raised:
        race_store_result(race=the_race(), outcome=outcome(**changes))

    assert raised.value.code == "invalid_result"
    assert snapshot() == before


def test_it_pays_two_places_when_four_to_seven_start() -> None:
    apply_csv(csv_race(eight_runners(n8={"non_runner": 1})))

    with pytest.raises(ApplicationError, match="only the first 2 are paid with 7 starters"):
        race_store_result(race=the_race(), outcome=outcome(non_runners=frozenset({8})))

    stored = outcome(non_runners=frozenset({8}), place_dividends={1: 120, 2: 150})
    assert race_store_result(race=the_race(), outcome=stored)


def test_it_pays_both_runners_of_a_dead_heat_on_the_last_paid_place() -> None:
    apply_csv(csv_race(eight_runners(n8={"non_runner": 1})))
    tied = outcome(non_runners=frozenset({8}), finish={1: 1, 2: 2, 3: 2, 4: 4})

    assert race_store_result(race=the_race(), outcome=tied)

    assert set(the_race().dividends.values_list("kind", "number")) == {
        ("win", 1),
        ("place", 1),
        ("place", 2),
        ("place", 3),
    }


def test_it_pays_no_place_with_fewer_than_four_starters() -> None:
    withdrawn = {f"n{n}": {"non_runner": 1} for n in range(4, 9)}
    apply_csv(csv_race(eight_runners(**withdrawn)))
    three = outcome(non_runners=frozenset(range(4, 9)), finish={1: 1, 2: 2, 3: 3})

    with pytest.raises(ApplicationError, match="no place is paid with fewer than 4 starters"):
        race_store_result(race=the_race(), outcome=three)

    assert race_store_result(
        race=the_race(), outcome=dataclasses.replace(three, place_dividends={})
    )


def test_it_pays_the_coupled_entry_of_the_winner_as_the_card_has_it() -> None:
    apply_csv(csv_race(eight_runners(n1={"coupled": "E1"}, n6={"coupled": "E1"})))

    entry = outcome(win_dividends={1: 300, 6: 300}, place_dividends={1: 120, 6: 120, 2: 150})

    assert race_store_result(race=the_race(), outcome=entry)


# --- 2. a PMU file of another race --------------------------------------------------------------

FINISHED = [{"number": n, "position": n} for n in range(1, 9)]
RAPPORTS = pmu_rapports({1: 300}, {1: 120, 2: 150, 3: 200})


def pmu_result(participants: bytes) -> Any:
    return result_parse(
        source=PMU,
        participants=participants,
        participants_name="participants.json",
        rapports=RAPPORTS,
        rapports_name="rapports.json",
    )


@pytest.mark.parametrize(
    ("day", "race", "held"),
    [
        (f"{CSV_DAY:%d%m%Y}", 1, "2026-11-29 R1C1"),  # another race of the day
        ("05112025", 4, "2025-11-05 R1C4"),  # the same race number, another day
    ],
)
def test_it_refuses_pmu_participants_of_another_race(day: str, race: int, held: str) -> None:
    apply_csv(csv_race(eight_runners()))
    before = snapshot()
    parsed = pmu_result(pmu_participants(FINISHED, day=day, race=race))

    with pytest.raises(ApplicationError) as raised:
        result_import(parsed=parsed, name="participants.json", race=the_race())

    assert raised.value.code == "wrong_race"
    assert raised.value.message == f"participants.json holds {held}, not 2026-11-29 R1C4."
    assert snapshot() == before


def test_the_command_refuses_them_too(write_file: WriteFile) -> None:
    apply_csv(csv_race(eight_runners()))
    before = snapshot()
    participants = write_file("participants.json", pmu_participants(FINISHED, day="29112026"))

    with pytest.raises(CommandError, match="holds 2026-11-29 R1C1, not 2026-11-29 R1C4"):
        run(
            "import_results",
            "--race",
            "R1C4",
            "--date",
            "2026-11-29",
            "--participants",
            str(participants),
            "--rapports",
            str(write_file("rapports.json", RAPPORTS)),
        )

    assert snapshot() == before
    assert last_run().status == ImportRun.Status.FAILED


def test_it_refuses_a_race_object_of_another_race_by_its_numbers() -> None:
    apply_csv(csv_race(eight_runners()))
    course = {
        "numReunion": 2,
        "numOrdre": 5,
        "libelle": "PRIX D'AILLEURS",
        "heureDepart": 1_795_000_000_000,
        "timezoneOffset": 3_600_000,
        "nombreDeclaresPartants": 8,
        "ordreArrivee": [[1], [2], [3]],
        "participants": [],
    }

    with pytest.raises(ApplicationError, match="holds R2C5, not 2026-11-29 R1C4"):
        result_import(
            parsed=pmu_result(json.dumps(course).encode()),
            name="course.json",
            race=the_race(),
        )


@pytest.mark.parametrize("day", [f"{CSV_DAY:%d%m%Y}", None], ids=["this-race", "no-race-named"])
def test_it_takes_participants_naming_this_race_or_none(day: str | None) -> None:
    apply_csv(csv_race(eight_runners()))

    imported = result_import(
        parsed=pmu_result(pmu_participants(FINISHED, day=day, race=4)),
        name="participants.json",
        race=the_race(),
    )

    assert imported.summary.changed
    assert the_race().status == Race.Status.OFFICIAL


@pytest.mark.realdata
def test_it_refuses_the_real_nantes_file_for_a_race_of_another_day(
    real_files: dict[str, Path],
) -> None:
    runners = [{"number": n} for n in range(1, 15)]
    apply_csv(csv_race(runners, race=1))
    before = snapshot()
    parsed = result_parse(
        source=PMU,
        participants=real_files["participants"].read_bytes(),
        participants_name="participants.json",
        rapports=real_files["rapports"].read_bytes(),
        rapports_name="rapports.json",
    )

    with pytest.raises(ApplicationError, match="holds 2025-11-05 R1C1, not 2026-11-29 R1C1"):
        result_import(parsed=parsed, name="participants.json", ref="R1C1", day=CSV_DAY)

    assert snapshot() == before


# --- 3. a dividend the corrected result no longer has ------------------------------------------


def test_a_correction_removes_a_dividend_and_says_so(signals: list[dict[str, Any]]) -> None:
    apply_csv(csv_race(eight_runners()))
    csv_result(csv_race(eight_runners(**PLACED), status="official"))
    corrected = dict(PLACED, n3={"position": 3})  # the 3rd's place dividend withdrawn

    summary = csv_result(csv_race(eight_runners(**corrected), status="official")).summary

    assert (summary.removed, summary.count("unchanged", "dividend")) == (1, 3)
    assert summary.changed
    assert ("place", 3) not in set(the_race().dividends.values_list("kind", "number"))
    assert the_race().result_version == 2
    assert [s["version"] for s in signals] == [1, 2]
    text = summary.describe()
    assert "dividends: 0 new, 0 updated, 3 unchanged, 1 removed" in text
    assert "R1C4 place 3: 200 cents (operator pool): removed" in text


def test_the_command_reports_the_removed_dividend(write_file: WriteFile) -> None:
    apply_csv(csv_race(eight_runners()))
    run(
        "import_results",
        "--file",
        str(write_file("r1.csv", csv_race(eight_runners(**PLACED), status="official"))),
    )
    corrected = dict(PLACED, n3={"position": 3})

    out = run(
        "import_results",
        "--file",
        str(write_file("r2.csv", csv_race(eight_runners(**corrected), status="official"))),
    )

    assert "result stored" in out
    assert "1 removed" in out
    assert "R1C4 place 3: 200 cents (operator pool): removed" in out
    assert "1 removed" in last_run().summary


def test_the_admin_preview_counts_removed_dividends(operator: Any) -> None:
    apply_csv(csv_race(eight_runners()))
    csv_result(csv_race(eight_runners(**PLACED), status="official"))
    corrected = csv_race(eight_runners(**dict(PLACED, n3={"position": 3})), status="official")
    client = Client()
    client.force_login(operator)

    response = client.post(
        "/admin/racing/importrun/upload/",
        {"kind": "results", "source": "csv", "file": SimpleUploadedFile("result.csv", corrected)},
    )

    page = response.content.decode()
    assert "<th>Removed</th>" in page
    assert "<td>dividends</td><td>0</td><td>0</td><td>3</td><td>1</td>" in page
    assert "R1C4 place 3: 200 cents (operator pool): removed" in page
    assert 'value="Apply" disabled' not in page


def test_the_console_counts_and_logs_the_removed_dividend(operator: Any, api_as: Any) -> None:
    apply_csv(csv_race(eight_runners()))
    csv_result(csv_race(eight_runners(**PLACED), status="official"))
    corrected = csv_race(eight_runners(**dict(PLACED, n3={"position": 3})), status="official")
    client = api_as(operator)

    shown = client.post(
        "/api/v1/operator/imports/preview/",
        {"kind": "results", "source": "csv", "file": SimpleUploadedFile("result.csv", corrected)},
        format="multipart",
    ).json()
    applied = client.post(
        "/api/v1/operator/imports/apply/", {"token": shown["token"]}, format="json"
    ).json()

    for summary in (shown, applied):
        assert (summary["created"], summary["updated"], summary["removed"]) == (0, 0, 1)
        assert {"entity": "dividend", "created": 0, "updated": 0, "unchanged": 3, "removed": 1} in (
            summary["table"]
        )
        assert "R1C4 place 3: 200 cents (operator pool): removed" in summary["changes"]
    run = ImportRun.objects.get(pk=applied["run"])
    assert (run.created, run.updated, run.removed) == (0, 0, 1)
    assert ("place", 3) not in set(the_race().dividends.values_list("kind", "number"))


# --- 4. an official result while the round takes picks ------------------------------------


@pytest.fixture
def open_round() -> Round:
    """R1C4 of tomorrow, post time in a day, its round open: it locks at the post time."""
    post = (timezone.now() + dt.timedelta(days=1)).replace(microsecond=0)
    day = timezone.localdate(post)
    apply_csv(csv_race(eight_runners(), day=f"{day}", post_time=post.isoformat()), day=day)
    return RoundFactory.create(race=the_race())


def result_csv(rnd: Round, status: str = "official") -> bytes:
    race = the_race()
    return csv_race(
        eight_runners(**PLACED),
        day=f"{race.meeting.date}",
        post_time=timezone.localtime(race.post_time).isoformat(),
        status=status,
    )


def test_it_refuses_an_official_result_while_the_round_takes_picks(open_round: Round) -> None:
    before = snapshot()

    with pytest.raises(ApplicationError) as raised:
        csv_result(result_csv(open_round))

    error = raised.value
    assert (error.code, error.status_code) == ("round_not_locked", 409)
    assert error.message.startswith("file result.csv: R1C4 (")
    assert "its round is still open for picks until its lock at" in error.message
    assert "wait for the lock" in error.message
    assert snapshot() == before


def test_the_preview_refuses_it_too(open_round: Round) -> None:
    with pytest.raises(ApplicationError, match="still open for picks"):
        csv_result(result_csv(open_round), preview=True)


def test_the_command_refuses_it_and_logs_why(open_round: Round, write_file: WriteFile) -> None:
    before = snapshot()

    with pytest.raises(CommandError, match="still open for picks"):
        run("import_results", "--file", str(write_file("result.csv", result_csv(open_round))))

    assert snapshot() == before
    run_ = last_run()
    assert run_.status == ImportRun.Status.FAILED
    assert "wait for the lock" in run_.error


def test_it_refuses_a_provisional_arrival_while_the_round_takes_picks(open_round: Round) -> None:
    """The pick page would show the finish while the pick can still change."""
    before = snapshot()

    with pytest.raises(ApplicationError, match="still open for picks") as raised:
        csv_result(result_csv(open_round, status="provisional"))

    assert raised.value.code == "round_not_locked"
    assert snapshot() == before


@pytest.mark.parametrize("status", ["refunded"])
def test_it_takes_what_settles_nobody_s_pick_before_the_lock(
    open_round: Round, status: str
) -> None:
    csv_result(result_csv(open_round, status=status))

    assert the_race().status == status


def test_it_takes_the_official_result_once_the_round_is_locked(open_round: Round) -> None:
    lock(open_round)

    csv_result(result_csv(open_round))

    assert the_race().status == Race.Status.OFFICIAL


@pytest.mark.parametrize(
    ("status", "refused"), [(Round.Status.DRAFT, True), (Round.Status.VOID, False)]
)
def test_a_draft_round_holds_the_result_back_a_void_one_does_not(
    open_round: Round, status: str, refused: bool
) -> None:
    Round.objects.filter(pk=open_round.pk).update(status=status)

    if refused:
        with pytest.raises(ApplicationError, match="still open for picks"):
            csv_result(result_csv(open_round))
    else:
        csv_result(result_csv(open_round))
        assert the_race().status == Race.Status.OFFICIAL


def test_fetching_it_from_the_feed_is_refused_and_logged(
    open_round: Round, pmu_server: PmuServer
) -> None:
    race = the_race()
    path = pmu_server.race(race.meeting.date, 1, 4)
    pmu_server.serve(f"{path}/participants", pmu_participants(FINISHED, race=4))
    pmu_server.serve(f"{path}/rapports-definitifs", RAPPORTS)

    with pmu_http_source() as source, pytest.raises(ApplicationError, match="still open"):
        race_fetch_result(race=race, source=source, trigger=ImportRun.Trigger.ADMIN)

    assert the_race().status == Race.Status.SCHEDULED
    assert last_run().status == ImportRun.Status.FAILED
