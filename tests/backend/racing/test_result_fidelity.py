"""What a result import must never do quietly: take the wrong pools, reinstate a
non-runner, accept a short participants list unremarked, read another bet's rapports as
"not official yet", or run without leaving a trace in the import log."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backend.common.errors import ApplicationError
from backend.racing.feeds import CSV, PMU, pmu_http_source, result_parse
from backend.racing.models import Dividend, ImportRun, Race, Runner
from backend.racing.services import race_fetch_result, result_import
from importers import FeedError

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

SILKS_DAY = f"{CSV_DAY:%d%m%Y}"  # participants name their race in their silks' URLs
WIN, PLACE = {2: 390}, {2: 150, 1: 180}  # 7 starters (3 a non-runner): 2 places
FINISHED = [
    {"number": 1, "position": 2},
    {"number": 2, "position": 1},
    {"number": 3, "statut": "NON_PARTANT"},
    {"number": 4, "incident": "DISQUALIFIE_POUR_ALLURE_IRREGULIERE"},
    {"number": 5, "position": 3},
    {"number": 6},
    {"number": 7},
    {"number": 8},
]


@pytest.fixture
def race() -> Race:
    """R1C4 of CSV_DAY: eight runners, number 3 already a non-runner."""
    apply_csv(csv_race(eight_runners(n3={"non_runner": 1})))
    return Race.objects.select_related("meeting").get(number=4)


def parsed(participants: list[dict[str, Any]], rapports: bytes | None) -> Any:
    return result_parse(
        source=PMU,
        participants=pmu_participants(participants, day=SILKS_DAY, race=4),
        participants_name="participants.json",
        rapports=rapports,
        rapports_name="rapports.json",
    )


def import_(
    race: Race, participants: list[dict[str, Any]], rapports: bytes | None, **kw: Any
) -> Any:
    return result_import(
        parsed=parsed(participants, rapports), name="participants.json", race=race, **kw
    )


def pools(race: Race) -> set[tuple[str, int, str]]:
    return set(race.dividends.values_list("kind", "number", "pool"))


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# --- pools ----------------------------------------------------------------------------------


def test_it_stores_the_internet_pools_as_internet(race: Race) -> None:
    import_(race, FINISHED, pmu_rapports(WIN, PLACE))

    assert {pool for _, _, pool in pools(race)} == {"internet"}


def test_it_falls_back_to_the_shop_pools_and_records_them_as_such(race: Race) -> None:
    summary = import_(race, FINISHED, pmu_rapports(WIN, PLACE, prefix="")).summary

    assert pools(race) == {("win", 2, "shop"), ("place", 2, "shop"), ("place", 1, "shop")}
    assert any("shop pool (SIMPLE_GAGNANT)" in note for note in summary.notes)


def test_it_records_csv_dividends_as_entered_by_an_operator(race: Race) -> None:
    content = csv_race(
        eight_runners(
            n3={"non_runner": 1},
            n2={"position": 1, "win_dividend": 390, "place_dividend": 150},
            n1={"position": 2, "place_dividend": 180},
        ),
        status="official",
    )
    result = result_parse(source=CSV, participants=content, participants_name="result.csv")
    result_import(parsed=result, name="result.csv")

    assert {pool for _, _, pool in pools(race)} == {"operator"}


def test_a_new_pool_for_the_same_figures_is_a_change(race: Race) -> None:
    import_(race, FINISHED, pmu_rapports(WIN, PLACE, prefix=""))

    summary = import_(race, FINISHED, pmu_rapports(WIN, PLACE)).summary

    assert summary.changed
    assert {pool for _, _, pool in pools(race)} == {"internet"}


def test_the_live_feed_is_asked_for_the_internet_pools(race: Race, pmu_server: PmuServer) -> None:
    path = pmu_server.race(race.meeting.date, 1, 4)
    pmu_server.serve(f"{path}/participants", pmu_participants(FINISHED, race=4))
    pmu_server.serve(f"{path}/rapports-definitifs", pmu_rapports(WIN, PLACE))

    with pmu_http_source() as source:
        race_fetch_result(race=race, source=source)

    assert pmu_server.requests[-1] == f"{path}/rapports-definitifs"
    assert pmu_server.queries[-1] == "specialisation=INTERNET"
    assert race.dividends.filter(pool=Dividend.Pool.INTERNET).count() == 3


# --- reinstating a non-runner ---------------------------------------------------------------

REINSTATED = [dict(r, statut="PARTANT") if r["number"] == 3 else r for r in FINISHED]


def test_the_preview_shows_a_would_be_reinstatement(race: Race) -> None:
    before = snapshot()

    summary = import_(race, REINSTATED, pmu_rapports(WIN, PLACE), preview=True).summary

    assert summary.reinstated == ["R1C4 #3 HORSE 3"]
    assert any("R1C4 #3 HORSE 3 is stored as a non-runner" in w for w in summary.warnings)
    assert snapshot() == before


def test_an_import_that_would_reinstate_is_refused_and_writes_nothing(race: Race) -> None:
    before = snapshot()

    with pytest.raises(ApplicationError) as caught:
        import_(race, REINSTATED, pmu_rapports(WIN, PLACE))

    message = caught.value.message
    assert caught.value.code == "reinstatement_unconfirmed"
    assert "file participants.json" in message
    assert f"race {CSV_DAY} R1C4" in message
    assert "runner #3 HORSE 3" in message
    assert "field 'status'" in message
    assert snapshot() == before


def test_a_confirmed_reinstatement_is_applied(race: Race) -> None:
    import_(race, REINSTATED, pmu_rapports(WIN, PLACE), confirm_reinstatement=True)

    assert race.runners.get(number=3).status == Runner.Status.RUNNER


def test_a_non_runner_the_file_confirms_needs_no_confirmation(race: Race) -> None:
    import_(race, FINISHED, pmu_rapports(WIN, PLACE))

    assert race.runners.get(number=3).status == Runner.Status.NON_RUNNER


# --- a short participants list --------------------------------------------------------------


def test_a_participants_list_shorter_than_the_field_is_flagged(race: Race) -> None:
    short = [{"number": 1, "position": 2}, {"number": 2, "position": 1}, {"number": 5}]

    summary = import_(race, short, None, preview=True).summary

    assert summary.warnings[0] == (
        f"file participants.json, race {CSV_DAY} R1C4: the participants list 3 of the 8 "
        "declared runners; the others keep what is stored."
    )


# --- the wrong rapports file ----------------------------------------------------------------

QUINTE_ONLY = json.dumps(
    [
        {
            "typePari": "E_QUINTE_PLUS",
            "rembourse": False,
            "rapports": [{"combinaison": "2-1-5-6-7", "dividendePourUnEuro": 12345}],
        }
    ]
).encode()


def test_rapports_without_win_or_place_pools_are_refused_as_the_wrong_file(race: Race) -> None:
    before = snapshot()

    with pytest.raises(FeedError) as caught:
        import_(race, FINISHED, QUINTE_ONLY)

    error = caught.value
    assert (error.file, error.field) == ("rapports.json", "typePari")
    assert error.race == f"{CSV_DAY} R1C4"
    assert "wrong rapports file" in str(error)
    assert "E_QUINTE_PLUS" in str(error)
    assert snapshot() == before
    assert Race.objects.get(pk=race.pk).status == Race.Status.SCHEDULED


# --- disqualified ---------------------------------------------------------------------------


def test_a_disqualified_runner_is_stored_apart_from_non_runners_and_unplaced(race: Race) -> None:
    import_(race, FINISHED, pmu_rapports(WIN, PLACE))

    stored = {r.number: r for r in race.runners.all()}
    assert (stored[4].disqualified, stored[4].status, stored[4].position) == (True, "runner", None)
    assert (stored[3].disqualified, stored[3].status) == (False, "non_runner")
    assert (stored[6].disqualified, stored[6].position) == (False, None)


# --- the command ----------------------------------------------------------------------------


def command_files(write_file: WriteFile, participants: list[dict[str, Any]]) -> list[str]:
    return [
        "--race",
        "R1C4",
        "--date",
        str(CSV_DAY),
        "--participants",
        str(write_file("participants.json", pmu_participants(participants, race=4))),
        "--rapports",
        str(write_file("rapports.json", pmu_rapports(WIN, PLACE))),
    ]


def test_dry_run_writes_nothing_and_is_logged_as_a_dry_run(
    race: Race, write_file: WriteFile
) -> None:
    before = snapshot()

    out = run("import_results", *command_files(write_file, FINISHED), "--dry-run")

    assert "would change" in out
    assert "Dry run: nothing was written." in out
    assert snapshot() == before
    logged = last_run()
    assert (logged.status, logged.race) == (ImportRun.Status.DRY_RUN, race)


def test_the_command_refuses_a_reinstatement_unless_confirmed(
    race: Race, write_file: WriteFile
) -> None:
    args = command_files(write_file, REINSTATED)

    with pytest.raises(CommandError, match="confirm the reinstatement"):
        run("import_results", *args)
    assert last_run().status == ImportRun.Status.FAILED
    assert race.runners.get(number=3).status == Runner.Status.NON_RUNNER

    run("import_results", *args, "--confirm-reinstatement")
    assert race.runners.get(number=3).status == Runner.Status.RUNNER


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--rapports", "r.json"], "--rapports needs --participants."),
        (["--participants", "p.json"], "--race is needed with PMU files."),
        (["--race", "R1C4", "--date", "29/11/2026"], "is not a date"),
        (["--race", "R1C4", "--dry-run"], "--dry-run reads files"),
        (["--race"], "expected one argument"),
    ],
)
def test_argument_errors_are_logged_too(args: list[str], error: str) -> None:
    with pytest.raises(CommandError, match=error):
        run("import_results", *args)

    logged = last_run()
    assert (logged.kind, logged.trigger, logged.status) == ("results", "command", "failed")
    assert error in logged.error
