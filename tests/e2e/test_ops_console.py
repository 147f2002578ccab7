"""The operator's week in the console, in Chromium: import a real PMU card, feature its
race, open the round, players pick, import the real result, the board reaches settled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from backend.game import services as game
from backend.game.models import Round
from backend.racing.models import Race
from tests.backend.racing.conftest import real_data, real_files  # noqa: F401 - fixtures

from . import world
from .conftest import assert_fits_phone, assert_named_controls, log_in, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.realdata, pytest.mark.django_db(transaction=True)]


def _move_post_time(race: Race, when: dt.datetime) -> None:
    """The clock of the race day: the card's race (05/11/2025) is run again 'now'."""
    Race.objects.filter(pk=race.pk).update(post_time=when)
    Round.objects.filter(race=race).update(locks_at=when)


def _import_card(page: Any, files: dict[str, Path], tmp_path: Path) -> None:
    participants = tmp_path / "participants_R1_C1.json"
    participants.write_bytes(files["participants"].read_bytes())
    card = page.get_by_role("region", name="Import a card")
    card.get_by_label("Day of the card").fill("2025-11-05")
    card.get_by_label("Programme file (PMU) or card CSV").set_input_files(str(files["programme"]))
    card.get_by_label("Participants files (PMU, participants_R1_C1.json…)").set_input_files(
        str(participants)
    )
    card.get_by_role("button", name="Preview").click()
    page.get_by_text("Importing the card from").wait_for()
    card.get_by_role("button", name="Apply").click()
    page.get_by_text("Imported the card from").wait_for()


def test_an_operator_runs_a_week_from_the_console(
    open_page: Any,
    eager_celery: None,
    real_files: dict[str, Path],  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    operator = world.player("ops@paddock.test", "Ops")
    operator.is_staff = True
    operator.save(update_fields=["is_staff"])
    world.season()
    players = [world.player(f"p{n}@paddock.test", f"P{n}") for n in range(2)]
    page = open_page()
    log_in(page, "ops@paddock.test", world.PASSWORD)
    page.goto("/ops")
    page.get_by_role("heading", level=1, name="Operator console").wait_for()

    _import_card(page, real_files, tmp_path)
    race = Race.objects.get(meeting__date=dt.date(2025, 11, 5), meeting__number=1, number=1)
    assert race.runners.count() == 14
    _move_post_time(race, timezone.now() + dt.timedelta(hours=2))
    page.get_by_label("Day", exact=True).fill("2025-11-05")
    page.get_by_role("button", name="Feature R1C1").click()
    page.get_by_role("heading", name="Week board: round 1, R1C1").wait_for()
    page.get_by_role("button", name="Open now").click()
    page.get_by_text("Round 1 is open for picks.").wait_for()
    shoot(page, "ops-board-open")
    assert_fits_phone(page)
    assert_named_controls(page)
    # Whatever day the calendar shows, the round's board is one click away.
    latest = page.get_by_role("region", name="Latest rounds")
    latest.get_by_role("button", name="Round 1: R1C1", exact=False).wait_for()
    page.get_by_role("button", name="Previous day").click()
    latest.get_by_role("button", name="Round 1: R1C1", exact=False).click()
    page.wait_for_function("document.activeElement?.id === 'board-title'", timeout=5_000)

    rnd = Round.objects.get(race=race)
    for player, (win, place) in zip(players, ((7, 3), (3, 9)), strict=True):
        game.pick_submit(player=player, round_id=rnd.pk, win=win, place=place)
    _move_post_time(race, timezone.now() - dt.timedelta(minutes=30))  # the race is run

    page.get_by_role("button", name="Import the result…").click()
    result = page.get_by_role("region", name="Import the result")
    result.get_by_label("Participants file (PMU) or result CSV").set_input_files(
        str(real_files["participants"])
    )
    result.get_by_label("Rapports file (PMU, none: provisional)").set_input_files(
        str(real_files["rapports"])
    )
    result.get_by_role("button", name="Preview").click()
    page.get_by_text("Round 1 (first settlement): 2 of 2 players' points move.").wait_for()
    result.get_by_role("button", name="Apply").click()
    page.get_by_text("Imported the result of R1C1 (2025-11-05)").wait_for()

    settled = page.locator('.timeline li[data-state="done"]', has_text="Settled")
    settled.wait_for(timeout=20_000)  # the board asks again every 5 seconds
    assert "version 1, 2 picks" in settled.inner_text()
    emails = page.locator('.timeline li[data-state="done"]', has_text="results: 2 sent")
    emails.wait_for(timeout=20_000)
    assert page.get_by_text("2 of 3 season players picked").is_visible()
    shoot(page, "ops-board-settled")

    # Voided from the console: nothing is left to do, not even importing a result.
    page.get_by_label("Reason to void").fill("Wrong race featured")
    page.get_by_role("button", name="Void the round").click()
    page.get_by_text("Round 1 is void: 0 points for everyone").wait_for()
    page.get_by_text("Nothing to do on this round now").wait_for(timeout=20_000)
    assert page.get_by_role("button", name="Import the result…").count() == 0
    assert page.get_by_role("button", name="Void the round").count() == 0
    assert page.js_errors == []
