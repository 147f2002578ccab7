from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from backend.common.errors import ApplicationError
from backend.racing.feeds import CSV, PMU, card_parse, result_parse
from backend.racing.models import Dividend, Race, Runner
from backend.racing.services import (
    card_apply,
    race_set_replay_url,
    race_store_result,
    result_apply,
    result_preview,
)
from importers import RaceOutcome

from .conftest import (
    REAL_DAY,
    csv_race,
    eight_runners,
    pmu_participants,
    pmu_rapports,
    snapshot,
)
from .test_card_import import apply_csv, real_card

pytestmark = pytest.mark.django_db


def the_race() -> Race:
    return Race.objects.select_related("meeting").get(number=4)


def store_csv(content: bytes) -> bool:
    parsed = result_parse(source=CSV, participants=content, participants_name="result.csv")
    return race_store_result(race=the_race(), outcome=parsed.outcome, odds=parsed.odds)


def store_pmu(participants: bytes, rapports: bytes | None, race: Race | None = None) -> bool:
    parsed = result_parse(
        source=PMU,
        participants=participants,
        participants_name="participants.json",
        rapports=rapports,
        rapports_name="rapports.json",
    )
    return race_store_result(race=race or the_race(), outcome=parsed.outcome, odds=parsed.odds)


def positions() -> dict[int, int | None]:
    return dict(Runner.objects.filter(race__number=4).values_list("number", "position"))


def dividends() -> set[tuple[str, int, int]]:
    return set(Dividend.objects.values_list("kind", "number", "cents"))


# 8 on the card, 3 a non-runner: 7 starters (4, disqualified, started), 2 places paid.
FINISHED = eight_runners(
    n1={"position": 2, "place_dividend": 180},
    n2={"position": 1, "win_dividend": 390, "place_dividend": 150, "odds": 2.9},
    n3={"non_runner": 1, "odds": ""},
    n4={"disqualified": 1},
    n5={"position": 3},
)


@pytest.fixture
def card() -> None:
    apply_csv(csv_race(eight_runners()))


@pytest.mark.realdata
def test_it_stores_a_real_official_result(real_files: dict[str, Path]) -> None:
    parsed = real_card(real_files)
    card_apply(cards=parsed.cards, runners=parsed.runners, day=REAL_DAY)
    race = Race.objects.select_related("meeting").get(meeting__number=1, number=1)

    changed = store_pmu(
        real_files["participants"].read_bytes(), real_files["rapports"].read_bytes(), race
    )

    race.refresh_from_db()
    assert changed
    assert race.status == Race.Status.OFFICIAL
    assert race.result_version == 1
    assert race.result_updated_at is not None
    placed = dict(race.runners.filter(position__isnull=False).values_list("number", "position"))
    assert (placed[7], placed[3], placed[9]) == (1, 2, 3)
    assert set(race.runners.filter(disqualified=True).values_list("number", flat=True)) == {
        1,
        2,
        12,
    }
    assert dividends() == {("win", 7, 310), ("place", 7, 210), ("place", 3, 290), ("place", 9, 240)}


def test_it_stores_positions_non_runners_disqualified_odds_and_dividends(card: None) -> None:
    assert store_csv(csv_race(FINISHED, status="official"))

    race = the_race()
    runners = {r.number: r for r in race.runners.all()}
    assert race.status == Race.Status.OFFICIAL
    assert positions() == {1: 2, 2: 1, 3: None, 4: None, 5: 3, 6: None, 7: None, 8: None}
    assert runners[3].status == Runner.Status.NON_RUNNER
    assert runners[4].disqualified
    assert runners[2].odds == Decimal("2.90")
    assert dividends() == {("win", 2, 390), ("place", 1, 180), ("place", 2, 150)}


def test_it_lets_tied_runners_share_a_position(card: None) -> None:
    dead_heat = eight_runners(
        n1={"position": 1, "win_dividend": 210, "place_dividend": 120},
        n2={"position": 1, "win_dividend": 510, "place_dividend": 200},
        n3={"position": 3, "place_dividend": 300},
    )

    store_csv(csv_race(dead_heat, status="official"))

    assert positions()[1] == positions()[2] == 1
    assert positions()[3] == 3
    assert {d for d in dividends() if d[0] == "win"} == {("win", 1, 210), ("win", 2, 510)}


def test_it_stores_a_pmu_dead_heat_from_participants_and_rapports(card: None) -> None:
    participants = pmu_participants(
        [{"number": n, "odds": n + 1.0} for n in range(5, 9)]
        + [
            {"number": 1, "position": 1, "odds": 3.5},
            {"number": 2, "position": 1, "odds": 6.0},
            {"number": 3, "position": 3},
            {"number": 4, "statut": "NON_PARTANT"},
        ]
    )

    # 7 starters, 2 places paid: the two tied 1st take them, 3rd is unpaid.
    store_pmu(participants, pmu_rapports({1: 210, 2: 510}, {1: 110, 2: 180}))

    race = the_race()
    assert race.status == Race.Status.OFFICIAL
    assert positions()[1] == positions()[2] == 1
    assert Runner.objects.get(number=4).status == Runner.Status.NON_RUNNER
    assert Runner.objects.get(number=1).odds == Decimal("3.50")


def test_it_marks_a_refunded_race_and_signals_it(card: None, signals: list[dict[str, Any]]) -> None:
    participants = pmu_participants([{"number": n} for n in range(1, 9)])

    store_pmu(participants, pmu_rapports({}, {}, refunded=True))

    race = the_race()
    assert race.status == Race.Status.REFUNDED
    assert race.is_void
    assert signals == [{"race_id": race.pk, "version": 1}]


def test_it_stores_a_provisional_arrival_without_signalling(
    card: None, signals: list[dict[str, Any]]
) -> None:
    participants = pmu_participants([{"number": n, "position": n} for n in range(1, 9)])

    assert store_pmu(participants, None)

    race = the_race()
    assert race.status == Race.Status.PROVISIONAL
    assert positions()[1] == 1
    assert race.result_version == 0
    assert signals == []


def test_it_signals_once_then_again_only_on_a_corrected_result(
    card: None, signals: list[dict[str, Any]]
) -> None:
    race_id = the_race().pk

    assert store_csv(csv_race(FINISHED, status="official"))
    updated_at = the_race().result_updated_at
    assert not store_csv(csv_race(FINISHED, status="official"))
    assert the_race().result_updated_at == updated_at
    corrected = [dict(r) for r in FINISHED]
    corrected[0]["place_dividend"] = 190
    assert store_csv(csv_race(corrected, status="official"))

    assert signals == [{"race_id": race_id, "version": 1}, {"race_id": race_id, "version": 2}]
    assert ("place", 1, 190) in dividends()
    assert ("place", 1, 180) not in dividends()


def test_it_signals_when_a_provisional_arrival_becomes_official(
    card: None, signals: list[dict[str, Any]]
) -> None:
    store_csv(csv_race(FINISHED, status="provisional"))
    assert signals == []

    store_csv(csv_race(FINISHED, status="official"))

    assert the_race().status == Race.Status.OFFICIAL
    assert signals == [{"race_id": the_race().pk, "version": 1}]


def test_it_previews_a_result_without_writing(card: None) -> None:
    before = snapshot()
    parsed = result_parse(
        source=CSV, participants=csv_race(FINISHED, status="official"), participants_name="r.csv"
    )

    preview = result_preview(race=the_race(), outcome=parsed.outcome, odds=parsed.odds)

    assert preview.count("created", "dividend") == 3
    assert preview.non_runners_added == ["R1C4 #3"]
    assert snapshot() == before


def outcome(**changes: Any) -> RaceOutcome:
    values: dict[str, Any] = {
        "official": True,
        "runners": frozenset(range(1, 9)),
        "finish": {1: 1, 2: 2, 3: 3},
        "non_runners": frozenset({8}),
        "disqualified": frozenset(),
        "win_dividends": {1: 300},
        "place_dividends": {1: 120, 2: 150},  # 7 starters: 2 places
        "favourite": 1,
        "refunded": False,
        **changes,
    }
    return RaceOutcome(**values)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"finish": {1: 1, 2: 2, 12: 3}}, "saddle number 12 \\(arrival\\) is not in the card"),
        ({"place_dividends": {1: 120, 8: 150}}, "a place dividend on 8, a non-runner"),
        ({"finish": {1: 1, 8: 2}}, "8 is a non-runner but has a finishing position"),
        ({"finish": {}}, "an official arrival without a finishing order"),
    ],
)
def test_it_refuses_a_result_that_contradicts_the_card(
    card: None, changes: dict[str, Any], message: str
) -> None:
    before = snapshot()

    with pytest.raises(ApplicationError, match=message):
        race_store_result(race=the_race(), outcome=outcome(**changes))

    assert snapshot() == before


def test_it_refuses_a_result_for_a_race_without_runners() -> None:
    parsed = card_parse(source=CSV, raw=csv_race(eight_runners()), name="c.csv")
    card_apply(cards=parsed.cards, runners={(1, 4): []}, day=dt.date(2026, 11, 29))
    Runner.objects.all().delete()

    with pytest.raises(ApplicationError, match="import its card first"):
        race_store_result(race=the_race(), outcome=outcome())


def test_it_keeps_an_official_result_from_a_provisional_one(card: None) -> None:
    result_apply(race=the_race(), outcome=outcome())

    with pytest.raises(ApplicationError, match="cannot replace it"):
        result_apply(race=the_race(), outcome=outcome(official=False))

    assert the_race().status == Race.Status.OFFICIAL


def test_it_sets_and_checks_the_replay_url(card: None) -> None:
    race = race_set_replay_url(race=the_race(), url=" https://replay.test/r1c4 ")
    assert race.replay_url == "https://replay.test/r1c4"

    with pytest.raises(ApplicationError, match="not a web address"):
        race_set_replay_url(race=race, url="javascript:alert(1)")
