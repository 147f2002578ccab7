"""The PMU parsers on small hand-written files: the cases the real captures lack."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from importers import Dividends, FeedError, RunnerEntry, pmu

Fixture = Callable[[str], bytes]

PARTICIPANTS = "pmu_participants_dead_heat_R2C5.json"
RAPPORTS = "pmu_rapports_dead_heat_R2C5.json"
COURSE = "pmu_course_dead_heat_R2C5.json"


def dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


def programme(**race: Any) -> dict[str, Any]:
    """A one-meeting, one-race programme; `race` overrides the race's fields."""
    course = {
        "numReunion": 1,
        "numOrdre": 1,
        "libelle": "PRIX DE TEST",
        "heureDepart": 1_783_426_680_000,
        "timezoneOffset": 7_200_000,
        "distance": 1200,
        "distanceUnit": "METRE",
        "discipline": "PLAT",
        "nombreDeclaresPartants": 6,
        "statut": "PROGRAMMEE",
        "categorieStatut": "A_PARTIR",
    }
    course.update(race)
    return {
        "programme": {
            "date": 1_783_375_200_000,
            "timezoneOffset": 7_200_000,
            "reunions": [
                {
                    "numOfficiel": 1,
                    "dateReunion": 1_783_375_200_000,
                    "timezoneOffset": 7_200_000,
                    "hippodrome": {"code": "CHA", "libelleCourt": "CHANTILLY"},
                    "pays": {"code": "FRA", "libelle": "FRANCE"},
                    "courses": [course],
                }
            ],
        }
    }


def the_race(**race: Any) -> Any:
    return pmu.parse_programme(dumps(programme(**race)))[0].races[0]


# --- programme ------------------------------------------------------------------------------


def test_it_reads_a_scheduled_race() -> None:
    race = the_race()

    assert (race.status, race.post_time) == (
        "scheduled",
        dt.datetime(2026, 7, 7, 14, 18, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    )


def test_it_reads_a_cancelled_race() -> None:
    assert the_race(statut="COURSE_ANNULEE").status == "cancelled"


def test_it_reads_a_refunded_race_object() -> None:
    assert the_race(statut="ARRIVEE_DEFINITIVE", rembourse=True).status == "refunded"


def test_it_reads_a_definitive_arrival_as_official() -> None:
    assert the_race(statut="ARRIVEE_DEFINITIVE").status == "official"


def test_it_reads_a_started_race_as_running() -> None:
    assert the_race(statut="DEPART_CONFIRME").status == "running"


def test_it_leaves_an_unknown_distance_unit_out() -> None:
    assert the_race(distanceUnit="FURLONG").distance is None


def test_it_rejects_a_race_number_that_is_not_an_integer() -> None:
    with pytest.raises(FeedError) as caught:
        the_race(numOrdre="one")

    assert caught.value.field == "programme.reunions[0].courses[0].numOrdre"


def test_it_names_the_race_of_a_bad_post_time() -> None:
    with pytest.raises(FeedError) as caught:
        the_race(heureDepart=[1])

    assert caught.value.race == "2026-07-07 R1C1"
    assert "heureDepart" in str(caught.value)


def test_it_rejects_a_post_time_without_an_offset_anywhere() -> None:
    doc = programme()
    del doc["programme"]["timezoneOffset"]
    del doc["programme"]["reunions"][0]["timezoneOffset"]
    del doc["programme"]["reunions"][0]["courses"][0]["timezoneOffset"]

    with pytest.raises(FeedError, match="offset"):
        pmu.parse_programme(dumps(doc))


def test_it_rejects_a_race_listed_twice() -> None:
    doc = programme()
    courses = doc["programme"]["reunions"][0]["courses"]
    courses.append(dict(courses[0]))

    with pytest.raises(FeedError, match="twice"):
        pmu.parse_programme(dumps(doc))


def test_it_rejects_a_document_that_is_not_a_programme() -> None:
    with pytest.raises(FeedError, match="not a PMU programme"):
        pmu.parse_programme(b'{"participants": []}', source="programme_07072026.json")


def test_it_names_the_file_of_invalid_json() -> None:
    with pytest.raises(FeedError) as caught:
        pmu.parse_programme(b'{"programme": {"reunions": [', source="programme_07072026.json")

    assert caught.value.file == "programme_07072026.json"
    assert "not valid JSON" in str(caught.value)


def test_it_refuses_nan_in_json() -> None:
    with pytest.raises(FeedError):
        pmu.parse_participants(b'{"participants": [{"numPmu": NaN, "nom": "X"}]}')


# --- participants -----------------------------------------------------------------------------


def test_it_reads_a_dead_heat_inside_participant_positions(fixture_bytes: Fixture) -> None:
    runners = {r.number: r for r in pmu.parse_participants(fixture_bytes(PARTICIPANTS))}

    assert (runners[4].position, runners[7].position, runners[2].position) == (1, 1, 3)


def test_it_reads_a_non_runner_by_its_statut(fixture_bytes: Fixture) -> None:
    runners = {r.number: r for r in pmu.parse_participants(fixture_bytes(PARTICIPANTS))}

    assert runners[3].non_runner
    assert not runners[3].disqualified


def test_it_reads_the_coupled_entry_key(fixture_bytes: Fixture) -> None:
    runners = pmu.parse_participants(fixture_bytes(PARTICIPANTS))

    assert [r.number for r in runners if r.coupled == "E1"] == [4, 5]


def test_it_falls_back_to_the_reference_odds(fixture_bytes: Fixture) -> None:
    runners = {r.number: r for r in pmu.parse_participants(fixture_bytes(PARTICIPANTS))}

    assert runners[8].odds == 32.0


def test_it_drops_the_position_of_a_disqualified_participant() -> None:
    doc = {
        "participants": [
            {"numPmu": 1, "nom": "A", "ordreArrivee": 1, "incident": "DISQUALIFIE_POTEAU_GALOP"}
        ]
    }

    (runner,) = pmu.parse_participants(dumps(doc))

    assert runner == RunnerEntry(
        number=1,
        name="A",
        jockey=None,
        trainer=None,
        non_runner=False,
        odds=None,
        position=None,
        disqualified=True,
        coupled=None,
    )


def test_it_reads_a_non_runner_from_an_incidents_list() -> None:
    doc = {"participants": [{"numPmu": 2, "nom": "B", "incidents": [{"type": "NON_PARTANT"}]}]}

    assert pmu.parse_participants(dumps(doc))[0].non_runner


def test_it_rejects_a_saddle_number_listed_twice() -> None:
    doc = {"participants": [{"numPmu": 2, "nom": "B"}, {"numPmu": 2, "nom": "C"}]}

    with pytest.raises(FeedError) as caught:
        pmu.parse_participants(dumps(doc), source="participants_R2_C5.json")

    assert (caught.value.race, caught.value.field) == ("R2C5", "participants[1].numPmu")


def test_it_rejects_odds_below_one() -> None:
    doc = {"participants": [{"numPmu": 2, "nom": "B", "dernierRapportDirect": {"rapport": 0.5}}]}

    with pytest.raises(FeedError, match="odds"):
        pmu.parse_participants(dumps(doc))


# --- dividends --------------------------------------------------------------------------------


def test_it_prefers_the_internet_pools(fixture_bytes: Fixture) -> None:
    dividends = pmu.parse_dividends(fixture_bytes(RAPPORTS))

    assert dividends == Dividends(
        win={4: 210, 7: 330}, place={4: 130, 7: 150, 2: 260}, refunded=False
    )
    assert (dividends.win_pool, dividends.place_pool) == ("E_SIMPLE_GAGNANT", "E_SIMPLE_PLACE")


def test_it_falls_back_to_the_shop_pool_when_the_internet_pool_is_empty() -> None:
    rapports = [
        {"typePari": "E_SIMPLE_GAGNANT", "rapports": []},
        {
            "typePari": "SIMPLE_GAGNANT",
            "rapports": [{"combinaison": "3", "dividendePourUnEuro": 450}],
        },
    ]

    assert pmu.parse_dividends(dumps(rapports)).win == {3: 450}


def test_it_reads_a_refunded_race(fixture_bytes: Fixture) -> None:
    dividends = pmu.parse_dividends(fixture_bytes("pmu_rapports_refunded_R2C5.json"))

    assert dividends == Dividends(win={}, place={}, refunded=True)


def test_it_reads_combinations_given_as_arrays() -> None:
    # `combinaisonEnTableau=true` gives ["16"] instead of "16".
    rapports = [
        {
            "typePari": "SIMPLE_GAGNANT",
            "rapports": [{"combinaison": ["16"], "dividendePourUnEuro": 590}],
        }
    ]

    assert pmu.parse_dividends(dumps(rapports)).win == {16: 590}


def test_it_reads_per_euro_amounts_not_per_base_stake() -> None:
    rapports = [
        {
            "typePari": "SIMPLE_GAGNANT",
            "miseBase": 200,
            "rapports": [
                {
                    "combinaison": "16",
                    "dividendePourUnEuro": 590,
                    "dividendePourUneMiseDeBase": 1180,
                }
            ],
        }
    ]

    assert pmu.parse_dividends(dumps(rapports)).win == {16: 590}


def test_it_rejects_an_amount_in_euros() -> None:
    rapports = [
        {
            "typePari": "SIMPLE_GAGNANT",
            "rapports": [{"combinaison": "16", "dividendePourUnEuro": 5.9}],
        }
    ]

    with pytest.raises(FeedError) as caught:
        pmu.parse_dividends(dumps(rapports), source="rapports_R1_C1.json")

    assert caught.value.field == "SIMPLE_GAGNANT.rapports[0].dividendePourUnEuro"


def test_it_rejects_a_combination_that_is_not_a_saddle_number() -> None:
    rapports = [
        {
            "typePari": "SIMPLE_PLACE",
            "rapports": [{"combinaison": "4-7", "dividendePourUnEuro": 150}],
        }
    ]

    with pytest.raises(FeedError, match="saddle number"):
        pmu.parse_dividends(dumps(rapports))


# --- outcome ----------------------------------------------------------------------------------


def test_it_settles_a_dead_heat_for_first(fixture_bytes: Fixture) -> None:
    outcome = pmu.parse_outcome(fixture_bytes(PARTICIPANTS), fixture_bytes(RAPPORTS))

    assert outcome.official
    assert outcome.finish == {4: 1, 7: 1, 2: 3, 5: 4, 1: 5}
    assert outcome.win_dividends == {4: 210, 7: 330}


def test_it_lists_non_runners_among_the_runners(fixture_bytes: Fixture) -> None:
    outcome = pmu.parse_outcome(fixture_bytes(PARTICIPANTS), fixture_bytes(RAPPORTS))

    assert outcome.runners == frozenset(range(1, 9))
    assert (outcome.non_runners, outcome.disqualified) == ({3}, {6})


def test_it_breaks_a_tie_on_odds_by_the_lower_saddle_number(fixture_bytes: Fixture) -> None:
    # 4 and 7 both at 3.5; 3 was shorter (2.0) but did not run.
    outcome = pmu.parse_outcome(fixture_bytes(PARTICIPANTS), fixture_bytes(RAPPORTS))

    assert outcome.favourite == 4


def test_it_settles_a_refunded_race_as_official(fixture_bytes: Fixture) -> None:
    outcome = pmu.parse_outcome(
        fixture_bytes(PARTICIPANTS), fixture_bytes("pmu_rapports_refunded_R2C5.json")
    )

    assert (outcome.official, outcome.refunded) == (True, True)


def test_it_is_not_official_without_rapports(fixture_bytes: Fixture) -> None:
    outcome = pmu.parse_outcome(fixture_bytes(PARTICIPANTS), None)

    assert not outcome.official
    assert outcome.win_dividends == {}


def test_it_rejects_a_dividend_on_a_non_runner(fixture_bytes: Fixture) -> None:
    with pytest.raises(FeedError) as caught:
        pmu.parse_outcome(
            fixture_bytes(PARTICIPANTS),
            fixture_bytes("pmu_rapports_non_runner_paid_R2C5.json"),
            source="participants_08112026_R2_C5.json",
            rapports_source="rapports_08112026_R2_C5.json",
        )

    error = caught.value
    assert (error.file, error.race, error.field) == (
        "rapports_08112026_R2_C5.json",
        "2026-11-08 R2C5",
        "SIMPLE_PLACE",
    )
    assert "non-runner" in str(error)


def test_it_rejects_a_dividend_on_a_saddle_number_off_the_card(fixture_bytes: Fixture) -> None:
    rapports = [
        {
            "typePari": "SIMPLE_GAGNANT",
            "rapports": [{"combinaison": "9", "dividendePourUnEuro": 500}],
        }
    ]

    with pytest.raises(FeedError, match="not on the card") as caught:
        pmu.parse_outcome(fixture_bytes(PARTICIPANTS), dumps(rapports))

    assert caught.value.race == "2026-11-08 R2C5"  # from the silks' URLs


def test_it_settles_a_race_object_dead_heat_with_competition_positions(
    fixture_bytes: Fixture,
) -> None:
    outcome = pmu.parse_outcome(
        fixture_bytes(COURSE), fixture_bytes("pmu_rapports_course_dead_heat_R2C5.json")
    )

    assert outcome.finish == {4: 1, 11: 1, 2: 3, 8: 4, 1: 5}
    assert outcome.runners == frozenset(range(1, 13))
    assert (outcome.non_runners, outcome.disqualified) == ({3}, {6})


def test_it_keeps_the_arrival_groups_of_a_race_object(fixture_bytes: Fixture) -> None:
    race = pmu.parse_race(fixture_bytes(COURSE))

    assert race.arrival == [[4, 11], [2], [8], [1]]


def test_it_rejects_a_placed_non_runner_in_a_race_object(fixture_bytes: Fixture) -> None:
    course = json.loads(fixture_bytes(COURSE))
    course["ordreArrivee"] = [[3], [4]]

    with pytest.raises(FeedError, match="non-runner"):
        pmu.parse_outcome(dumps(course), None)


def test_it_reads_zero_odds_as_no_odds() -> None:
    doc = {"participants": [{"numPmu": 2, "nom": "B", "dernierRapportDirect": {"rapport": 0}}]}

    assert pmu.parse_participants(dumps(doc))[0].odds is None


def test_it_rejects_a_dividend_on_a_disqualified_runner(fixture_bytes: Fixture) -> None:
    rapports = [
        {"typePari": "SIMPLE_PLACE", "rapports": [{"combinaison": "6", "dividendePourUnEuro": 180}]}
    ]

    with pytest.raises(FeedError, match="disqualified") as caught:
        pmu.parse_outcome(fixture_bytes(PARTICIPANTS), dumps(rapports))

    assert caught.value.field == "SIMPLE_PLACE"


def test_it_rejects_a_zero_dividend() -> None:
    rapports = [
        {"typePari": "SIMPLE_GAGNANT", "rapports": [{"combinaison": "4", "dividendePourUnEuro": 0}]}
    ]

    with pytest.raises(FeedError):
        pmu.parse_dividends(dumps(rapports))


# --- dividends against the finish -------------------------------------------------------------
# The fixture's finish: 4 and 7 dead-heated 1st, 2 3rd, 5 4th, 1 5th; 4 and 5 are coupled (E1).


def simple(kind: str, table: dict[int, int]) -> dict[str, Any]:
    return {
        "typePari": kind,
        "rapports": [{"combinaison": str(n), "dividendePourUnEuro": c} for n, c in table.items()],
    }


def test_it_rejects_a_win_dividend_on_a_runner_not_placed_first(fixture_bytes: Fixture) -> None:
    rapports = [simple("E_SIMPLE_GAGNANT", {4: 210, 2: 900})]

    with pytest.raises(FeedError) as caught:
        pmu.parse_outcome(
            fixture_bytes(PARTICIPANTS), dumps(rapports), rapports_source="rapports.json"
        )

    error = caught.value
    assert (error.file, error.race, error.field) == (
        "rapports.json",
        "2026-11-08 R2C5",
        "E_SIMPLE_GAGNANT",
    )
    assert "win dividend on saddle number 2, who finished 3rd" in str(error)
    assert "4, 7 first" in str(error)


def test_it_rejects_a_place_dividend_below_the_places_paid(fixture_bytes: Fixture) -> None:
    rapports = [simple("E_SIMPLE_PLACE", {4: 120, 7: 140, 2: 250, 1: 400})]

    with pytest.raises(FeedError) as caught:
        pmu.parse_outcome(fixture_bytes(PARTICIPANTS), dumps(rapports))

    assert caught.value.field == "E_SIMPLE_PLACE"
    assert "place dividend on saddle number 1, who finished 5th" in str(caught.value)
    assert "only the first 3 are paid" in str(caught.value)


def test_it_rejects_a_place_dividend_on_a_runner_without_a_position(
    fixture_bytes: Fixture,
) -> None:
    rapports = [simple("E_SIMPLE_PLACE", {4: 120, 8: 300})]

    with pytest.raises(FeedError, match="saddle number 8, who has no finishing position"):
        pmu.parse_outcome(fixture_bytes(PARTICIPANTS), dumps(rapports))


def test_it_pays_the_coupled_entry_of_a_winner_and_of_a_placed_runner(
    fixture_bytes: Fixture,
) -> None:
    # 5 (4th) runs in 4's colours (E1): PMU pays the entry.
    rapports = [
        simple("E_SIMPLE_GAGNANT", {4: 210, 7: 330, 5: 210}),
        simple("E_SIMPLE_PLACE", {4: 120, 7: 140, 2: 250, 5: 120}),
    ]

    outcome = pmu.parse_outcome(fixture_bytes(PARTICIPANTS), dumps(rapports))

    assert outcome.win_dividends == {4: 210, 5: 210, 7: 330}
    assert outcome.place_dividends == {2: 250, 4: 120, 5: 120, 7: 140}


def test_it_pays_every_runner_of_a_dead_heat_on_the_last_place(fixture_bytes: Fixture) -> None:
    participants = json.loads(fixture_bytes(PARTICIPANTS))
    for runner in participants["participants"]:
        if runner["numPmu"] == 1:
            runner["ordreArrivee"] = 3  # dead heat for 3rd with 2
    rapports = [simple("E_SIMPLE_PLACE", {4: 120, 7: 140, 2: 250, 1: 300})]

    outcome = pmu.parse_outcome(dumps(participants), dumps(rapports))

    assert outcome.place_dividends == {1: 300, 2: 250, 4: 120, 7: 140}


def test_it_checks_no_dividend_against_an_unknown_finish(fixture_bytes: Fixture) -> None:
    participants = json.loads(fixture_bytes(PARTICIPANTS))
    for runner in participants["participants"]:
        runner.pop("ordreArrivee", None)

    outcome = pmu.parse_outcome(dumps(participants), fixture_bytes(RAPPORTS))

    assert outcome.finish == {}
    assert outcome.win_dividends == {4: 210, 7: 330}


# --- the race a document names ----------------------------------------------------------------


def test_it_reads_the_race_the_participants_name_in_their_silks(fixture_bytes: Fixture) -> None:
    assert pmu.race_named(fixture_bytes(PARTICIPANTS)) == (dt.date(2026, 11, 8), 2, 5)


def test_it_reads_the_race_of_a_race_object_without_its_day(fixture_bytes: Fixture) -> None:
    assert pmu.race_named(fixture_bytes(COURSE)) == (None, 2, 5)


def test_it_never_takes_the_race_from_the_file_name() -> None:
    doc = {"participants": [{"numPmu": 1, "nom": "A", "urlCasaque": "https://x/c/P1.png"}]}

    assert pmu.race_named(dumps(doc), source="participants_05112025_R1_C1.json") is None


def _runner_named(name: str, **more: Any) -> RunnerEntry:
    return pmu.parse_participants(dumps({"participants": [{"numPmu": 3, "nom": name, **more}]}))[0]


def test_it_reads_a_line_break_or_a_tab_in_a_stored_text_as_one_space() -> None:
    runner = _runner_named("GOLDEN\r\n TIDE", driver="M.\tBARZALONA")

    assert (runner.name, runner.jockey) == ("GOLDEN TIDE", "M. BARZALONA")


@pytest.mark.parametrize(
    ("name", "more", "field", "says"),
    [
        ("GOLDEN\x00TIDE", {}, "participants[0].nom", "control character (U+0000)"),
        ("X" * 121, {}, "participants[0].nom", "121 characters long; at most 120"),
        ("GOLDEN TIDE", {"entraineur": "Y" * 121}, "participants[0].entraineur", "at most 120"),
        ("GOLDEN TIDE", {"ecurie": "Z" * 21}, "participants[0].ecurie", "at most 20"),
    ],
)
def test_it_refuses_a_text_no_column_could_store(
    name: str, more: dict[str, str], field: str, says: str
) -> None:
    """A NUL or an overlong name used to pass the preview and fail the import's write."""
    with pytest.raises(FeedError) as caught:
        _runner_named(name, **more)

    assert caught.value.field == field
    assert says in str(caught.value)


def test_it_refuses_an_overlong_race_name_or_racecourse() -> None:
    with pytest.raises(FeedError) as caught:
        the_race(libelle="PRIX " + "D" * 200)
    assert (caught.value.field, "at most 200" in str(caught.value)) == (
        "programme.reunions[0].courses[0].libelle",
        True,
    )


def test_it_keeps_a_country_code_and_drops_a_country_name() -> None:
    doc = programme()
    doc["programme"]["reunions"][0]["pays"] = {"libelle": "FRANCE"}

    assert pmu.parse_programme(dumps(doc))[0].country is None
    assert pmu.parse_programme(dumps(programme()))[0].country == "FRA"
