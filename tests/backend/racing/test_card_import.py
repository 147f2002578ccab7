from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from backend.common.errors import ApplicationError
from backend.racing.feeds import CSV, PMU, card_parse, card_read
from backend.racing.models import Race, Runner
from backend.racing.services import card_apply, card_preview
from importers import FeedError

from .conftest import REAL_DAY, counts, csv_race, eight_runners, pmu_programme, snapshot

pytestmark = pytest.mark.django_db

CSV_DAY = dt.date(2026, 11, 29)


def apply_csv(content: bytes, day: dt.date = CSV_DAY) -> Any:
    parsed = card_parse(source=CSV, raw=content, name="card.csv")
    return card_apply(cards=parsed.cards, runners=parsed.runners, day=day)


def real_card(real_files: dict[str, Path]) -> Any:
    return card_parse(
        source=PMU,
        raw=real_files["programme"].read_bytes(),
        name=real_files["programme"].name,
        participants={
            "participants_R1_C1.json": real_files["participants"].read_bytes(),
        },
    )


@pytest.mark.realdata
def test_it_imports_a_real_programme_with_its_participants(real_files: dict[str, Path]) -> None:
    parsed = real_card(real_files)

    summary = card_apply(cards=parsed.cards, runners=parsed.runners, day=REAL_DAY)

    assert counts()["meetings"] == 9
    assert counts()["races"] == 63
    race = Race.objects.get(meeting__date=REAL_DAY, meeting__number=1, number=1)
    assert race.name == "PRIX ONIRIS"
    assert race.distance == 3000
    assert race.declared_runners == 14
    assert race.post_time == dt.datetime(2025, 11, 5, 12, 12, tzinfo=dt.UTC)
    runners = {r.number: r for r in race.runners.all()}
    assert len(runners) == 14
    assert runners[1].name == "KING DU PLESSIS"
    assert runners[1].trainer == "CH. BOISNARD"
    assert runners[1].odds == Decimal("83.00")
    # A card does not carry results: the arrival waits for the results import.
    assert all(r.position is None and not r.disqualified for r in runners.values())
    assert summary.count("created", "meeting") == 9
    assert summary.count("created", "race") == 63
    assert summary.count("created", "runner") == 14
    assert summary.updated == 0


@pytest.mark.realdata
def test_it_reports_no_change_when_the_same_card_is_imported_again(
    real_files: dict[str, Path],
) -> None:
    parsed = real_card(real_files)
    card_apply(cards=parsed.cards, runners=parsed.runners, day=REAL_DAY)
    before = snapshot()

    again = card_apply(cards=parsed.cards, runners=parsed.runners, day=REAL_DAY)

    assert not again.changed
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == 9 + 63 + 14
    assert snapshot() == before


@pytest.mark.realdata
def test_it_reads_a_folder_of_pmu_files(real_files: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "programme_05112025.json").write_bytes(real_files["programme"].read_bytes())
    (tmp_path / "participants_05112025_R1_C1.json").write_bytes(
        real_files["participants"].read_bytes()
    )

    parsed = card_read(source=PMU, path=tmp_path, day=REAL_DAY)

    # Races without a participants file keep no runners; R1C1 has its 14.
    assert list(parsed.runners) == [(1, 1)]
    assert sum(len(m.races) for m in parsed.cards) == 63


def test_it_applies_a_new_non_runner_and_new_odds_from_a_newer_card() -> None:
    apply_csv(csv_race(eight_runners()))
    before = snapshot()

    summary = apply_csv(csv_race(eight_runners(n3={"non_runner": 1}, n5={"odds": 4.5})))

    race = Race.objects.get(meeting__date=CSV_DAY, number=4)
    runners = {r.number: r for r in race.runners.all()}
    assert runners[3].status == Runner.Status.NON_RUNNER
    assert runners[5].odds == Decimal("4.50")
    assert summary.non_runners_added == ["R1C4 #3"]
    assert summary.count("updated", "runner") == 2
    assert summary.count("unchanged", "runner") == 6
    # Same rows (no delete and re-create): picks keep pointing at the same race.
    assert [r[0] for r in snapshot()["runners"]] == [r[0] for r in before["runners"]]


def test_it_keeps_and_withdraws_a_runner_missing_from_a_newer_card() -> None:
    apply_csv(csv_race(eight_runners()))
    newer = [r for r in eight_runners() if r["number"] != 8]

    summary = apply_csv(csv_race(newer))

    runner = Runner.objects.get(race__number=4, number=8)
    assert runner.status == Runner.Status.NON_RUNNER
    assert "R1C4 #8 (missing from the card)" in summary.non_runners_added
    assert Runner.objects.count() == 8


def test_it_keeps_stored_odds_when_a_newer_card_has_none() -> None:
    apply_csv(csv_race(eight_runners()))

    summary = apply_csv(csv_race(eight_runners(n2={"odds": ""})))

    assert Runner.objects.get(number=2).odds == Decimal("3.00")
    assert not summary.changed


def test_it_previews_a_card_without_writing() -> None:
    apply_csv(csv_race(eight_runners()))
    before = snapshot()
    parsed = card_parse(
        source=CSV, raw=csv_race(eight_runners(n1={"non_runner": 1})), name="card.csv"
    )

    preview = card_preview(cards=parsed.cards, runners=parsed.runners, day=CSV_DAY)

    assert preview.non_runners_added == ["R1C4 #1"]
    assert preview.count("updated", "runner") == 1
    assert snapshot() == before


def test_it_cancels_a_race_the_card_says_is_cancelled(signals: list[dict[str, Any]]) -> None:
    apply_csv(csv_race(eight_runners()))

    apply_csv(csv_race(eight_runners(), status="cancelled"))
    apply_csv(csv_race(eight_runners(), status="cancelled"))

    race = Race.objects.get(number=4)
    assert race.status == Race.Status.CANCELLED
    assert race.result_version == 1
    assert signals == [{"race_id": race.pk, "version": 1}]


@pytest.mark.parametrize("status", [Race.Status.PROVISIONAL, Race.Status.OFFICIAL])
def test_it_leaves_the_runners_of_a_race_with_a_result_alone(status: str) -> None:
    """A provisional arrival is a result too: the pick page shows it, and the settlement
    will read these odds (the favourite) and statuses."""
    apply_csv(csv_race(eight_runners()))
    Race.objects.update(status=status)

    summary = apply_csv(csv_race(eight_runners(n1={"non_runner": 1, "odds": 50})))

    runner = Runner.objects.get(number=1)
    assert runner.status == Runner.Status.RUNNER
    assert runner.odds == Decimal("2.00")
    assert any("left as stored" in note for note in summary.notes)


def test_it_refuses_a_card_of_another_day_and_writes_nothing() -> None:
    with pytest.raises(ApplicationError, match="is on 2026-11-29, not 2026-11-30"):
        apply_csv(csv_race(eight_runners()), day=dt.date(2026, 11, 30))

    assert counts() == {"meetings": 0, "races": 0, "runners": 0, "dividends": 0}


def test_it_refuses_runners_for_a_race_not_on_the_card() -> None:
    parsed = card_parse(source=CSV, raw=csv_race(eight_runners()), name="card.csv")
    stray = {(1, 9): parsed.cards[0].races[0].runners}

    with pytest.raises(ApplicationError, match="R1C9, which is not in the card"):
        card_apply(cards=parsed.cards, runners=stray, day=CSV_DAY)

    assert counts()["races"] == 0


def test_it_names_the_file_line_and_column_of_a_bad_csv() -> None:
    bad = csv_race(eight_runners(n4={"odds": "lots"}))

    with pytest.raises(FeedError) as caught:
        card_parse(source=CSV, raw=bad, name="card.csv")

    assert (caught.value.file, caught.value.line, caught.value.field) == ("card.csv", 5, "odds")


def test_it_names_a_participants_file_it_cannot_place() -> None:
    with pytest.raises(FeedError, match="name it after the race"):
        card_parse(
            source=PMU,
            raw=pmu_programme([{"number": 1, "post": dt.datetime(2025, 11, 5, 13, tzinfo=dt.UTC)}]),
            name="programme.json",
            participants={"runners.json": b"{}"},
        )
