"""The PMU parsers on real turfinfo captures (../shared/real-data, see its INDEX.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from importers import FeedError, pmu
from tests.importers.conftest import real_data_dir

pytestmark = pytest.mark.realdata

Real = Callable[[str, str], bytes]

MATHIS = "mathis-dumont+horse-racing-prediction"
SAGICQUEL = "SaGicquel+horse3"
DOKOR = "dokor+pmu-analyse"
OPENBET = "t0mm4rx+OpenBet"
TURFIA = "Camillerimichel+TurfIA"
MORIAH = "Moriah12783+elite-turf"
TALIB = "talib-design+prediction-lab"

NANTES_PARTICIPANTS = "pretraitement__participants_R1_C1.json"
NANTES_RAPPORTS = "pretraitement__rapports_R1_C1.json"
ENGHIEN_PARTICIPANTS = "lib__brouillons-quinte____fixtures____pmu-participants-20261007-R1C1.json"
ENGHIEN_COURSE = "lib__brouillons-quinte____fixtures____pmu-course-20261007-R1C1.json"
GRETZ_PARTICIPANTS = "example_response__response_programme_01012024_R1_C1_participants.json"
GRETZ_COURSE = "example_response__response_programme_01012024_R1_C1.json"
PARIS = dt.timezone(dt.timedelta(hours=1))


# --- programme --------------------------------------------------------------------------


def test_it_reads_nine_meetings_and_sixty_three_races_on_05_11_2025(real: Real) -> None:
    meetings = pmu.parse_programme(real(MATHIS, "pretraitement__programme_05112025.json"))

    assert len(meetings) == 9
    assert sum(len(m.races) for m in meetings) == 63


def test_it_names_the_first_meeting_of_05_11_2025(real: Real) -> None:
    nantes = pmu.parse_programme(real(MATHIS, "pretraitement__programme_05112025.json"))[0]

    assert (nantes.date, nantes.number, nantes.racecourse, nantes.country) == (
        dt.date(2025, 11, 5),
        1,
        "NANTES",
        "FRA",
    )


def test_it_builds_the_post_time_in_the_feed_offset(real: Real) -> None:
    oniris = pmu.parse_programme(real(MATHIS, "pretraitement__programme_05112025.json"))[0].races[0]

    assert oniris.post_time == dt.datetime(2025, 11, 5, 13, 12, tzinfo=PARIS)
    assert oniris.post_time.utcoffset() == dt.timedelta(hours=1)


def test_it_reads_the_race_fields_of_prix_oniris(real: Real) -> None:
    oniris = pmu.parse_programme(real(MATHIS, "pretraitement__programme_05112025.json"))[0].races[0]

    assert (oniris.number, oniris.name, oniris.distance, oniris.discipline) == (
        1,
        "PRIX ONIRIS",
        3000,
        "MONTE",
    )
    assert oniris.declared_runners == 14
    assert oniris.disqualified == {1, 2, 12}


def test_it_takes_arrivee_definitive_over_a_fin_course_status(real: Real) -> None:
    oniris = pmu.parse_programme(real(MATHIS, "pretraitement__programme_05112025.json"))[0].races[0]

    assert oniris.source_status == "FIN_COURSE"
    assert oniris.status == "official"


def test_it_reads_foreign_meetings_with_their_country(real: Real) -> None:
    meetings = pmu.parse_programme(real(MATHIS, "pretraitement__programme_05112025.json"))

    assert [m.country for m in meetings] == [
        "FRA",
        "BEL",
        "FRA",
        "FRA",
        "GBR",
        "CHL",
        "HKG",
        "SWE",
        "ARG",
    ]


def test_it_reads_the_2018_programme_schema(real: Real) -> None:
    meetings = pmu.parse_programme(real(OPENBET, "Data__Samples__programme_01012018.json"))

    assert [(m.number, m.racecourse, len(m.races)) for m in meetings] == [
        (1, "VINCENNES", 9),
        (2, "ECHUCA", 3),
        (3, "PAU", 8),
        (4, "NEUSS", 8),
        (5, "GELSENKIRCHEN", 8),
    ]
    assert {m.date for m in meetings} == {dt.date(2018, 1, 1)}


def test_it_counts_a_distance_incident_as_a_disqualification(real: Real) -> None:
    vincennes = pmu.parse_programme(real(OPENBET, "Data__Samples__programme_01012018.json"))[0]
    c3 = next(r for r in vincennes.races if r.number == 3)

    assert c3.disqualified == {1, 6, 8, 11}


def test_it_dates_a_trimmed_programme_by_its_meeting_offset(real: Real) -> None:
    # The sample has no programme-level timezoneOffset; its `date` read in UTC is 6 July.
    meetings = pmu.parse_programme(real(TURFIA, "tests__fixtures__pmu_programme_echantillon.json"))

    assert [(m.date, m.racecourse, len(m.races)) for m in meetings] == [
        (dt.date(2026, 7, 7), "CHANTILLY", 2)
    ]


def test_it_reads_a_single_meeting_object_as_a_programme(real: Real) -> None:
    (vincennes,) = pmu.parse_programme(
        real(DOKOR, "example_response__response_programme_01012024_R1.json")
    )

    assert (vincennes.date, vincennes.racecourse, len(vincennes.races)) == (
        dt.date(2024, 1, 1),
        "VINCENNES",
        7,
    )
    assert vincennes.races[3].non_runners == {13}


# --- race objects ---------------------------------------------------------------------------


def test_it_reads_the_arrival_and_incidents_of_prix_de_gretz(real: Real) -> None:
    gretz = pmu.parse_race(real(DOKOR, GRETZ_COURSE))

    assert gretz.arrival == [[10], [6], [9], [7], [4], [11]]
    assert gretz.non_runners == {3}
    assert gretz.disqualified == {1, 2, 5, 8, 12, 13}


def test_it_reads_a_provisional_arrival_as_provisional(real: Real) -> None:
    gobelins = pmu.parse_race(real(MORIAH, ENGHIEN_COURSE))

    assert gobelins.source_status == "ARRIVEE_PROVISOIRE_NON_VALIDEE"
    assert gobelins.status == "provisional"


def test_it_unwraps_a_course_data_wrapper(real: Real) -> None:
    race = pmu.parse_race(real(SAGICQUEL, "exemple_api_pmu.json"))

    assert (race.name, race.status, race.disqualified) == (
        "PRIX DE MAURE DE BRETAGNE",
        "official",
        {6, 11, 12},
    )


# --- participants -------------------------------------------------------------------------


def test_it_reads_fourteen_runners_of_prix_oniris(real: Real) -> None:
    runners = pmu.parse_participants(real(MATHIS, NANTES_PARTICIPANTS))

    assert [r.number for r in runners] == list(range(1, 15))
    assert runners[6].name == "KASTELBRAC"
    assert (runners[6].jockey, runners[6].trainer) == ("M. LELIEVRE", "G. TADDEI")


def test_it_gives_no_position_to_disqualified_runners(real: Real) -> None:
    runners = pmu.parse_participants(real(MATHIS, NANTES_PARTICIPANTS))

    disqualified = {r.number for r in runners if r.disqualified}
    assert disqualified == {1, 2, 12}
    assert all(r.position is None for r in runners if r.disqualified)


def test_it_reads_the_final_odds_as_decimal_odds(real: Real) -> None:
    runners = pmu.parse_participants(real(MATHIS, NANTES_PARTICIPANTS))

    assert {r.number: r.odds for r in runners}[7] == 3.1


def test_it_reads_the_same_participants_whatever_the_whitespace(real: Real) -> None:
    mathis = pmu.parse_participants(real(MATHIS, NANTES_PARTICIPANTS))
    sagicquel = pmu.parse_participants(real(SAGICQUEL, "exemple_api_response_participants.json"))

    assert mathis == sagicquel


def test_it_marks_the_non_runner_of_prix_de_gretz(real: Real) -> None:
    runners = {r.number: r for r in pmu.parse_participants(real(DOKOR, GRETZ_PARTICIPANTS))}

    assert runners[3].non_runner
    assert (runners[3].odds, runners[3].position) == (None, None)


def test_it_marks_the_six_disqualified_of_prix_de_gretz(real: Real) -> None:
    runners = pmu.parse_participants(real(DOKOR, GRETZ_PARTICIPANTS))

    assert {r.number for r in runners if r.disqualified} == {1, 2, 5, 8, 12, 13}


def test_it_reads_the_2018_participants_schema(real: Real) -> None:
    runners = pmu.parse_participants(real(OPENBET, "Data__Samples__race_01012018_R3C1.json"))

    assert {r.number: r.position for r in runners} == {1: 6, 2: 4, 3: 5, 4: 2, 5: 3, 6: 1, 7: 7}
    assert runners[0].jockey == "A.WERLE"


def test_it_reads_eighteen_runners_at_enghien(real: Real) -> None:
    runners = pmu.parse_participants(real(MORIAH, ENGHIEN_PARTICIPANTS))

    assert len(runners) == 18
    assert [r.number for r in runners if r.non_runner] == [12]
    assert [r.number for r in runners if r.disqualified] == [9, 11, 15]


# --- dividends ------------------------------------------------------------------------------


def test_it_reads_cents_per_euro_from_the_sagicquel_wrapper(real: Real) -> None:
    dividends = pmu.parse_dividends(real(SAGICQUEL, "exemple_api_pmu.json"))

    assert dividends.win == {16: 590}
    assert dividends.place == {16: 330, 15: 1140, 7: 730}


def test_it_reads_the_shop_pools_of_prix_oniris(real: Real) -> None:
    dividends = pmu.parse_dividends(real(MATHIS, NANTES_RAPPORTS))

    assert (dividends.win, dividends.place) == ({7: 310}, {7: 210, 3: 290, 9: 240})
    assert (dividends.win_pool, dividends.place_pool) == ("SIMPLE_GAGNANT", "SIMPLE_PLACE")


def test_it_reads_a_dead_heat_for_first_as_two_win_dividends(real: Real) -> None:
    dividends = pmu.parse_dividends(
        real(MORIAH, "lib__sync____fixtures____pmu-rapports-definitifs-20260830-R1C3.json")
    )

    assert dividends.win == {4: 210, 11: 510}
    assert dividends.win_pool == "E_SIMPLE_GAGNANT"


def test_it_reads_a_dead_heat_for_third_as_four_place_dividends(real: Real) -> None:
    dividends = pmu.parse_dividends(
        real(MORIAH, "lib__sync____fixtures____pmu-rapports-definitifs-20260521-R1C7.json")
    )

    assert dividends.place == {4: 270, 11: 210, 3: 130, 6: 170}


def test_it_reads_the_shop_pools_of_the_same_race(real: Real) -> None:
    dividends = pmu.parse_dividends(
        real(MORIAH, "lib__sync____fixtures____pmu-rapports-offline-20260521-R1C7.json")
    )

    assert (dividends.win, dividends.place) == ({4: 1020}, {4: 240, 11: 200, 3: 130, 6: 160})


def test_it_reads_hand_reduced_rapports_without_rembourse(real: Real) -> None:
    dividends = pmu.parse_dividends(
        real(MORIAH, "lib__sync____fixtures____pmu-rapports-definitifs-20261001-R1C1.json")
    )

    assert dividends.win == {15: 1040}
    assert not dividends.refunded


def test_it_reads_saint_cloud_win_dividend(real: Real) -> None:
    dividends = pmu.parse_dividends(
        real(MORIAH, "lib__sync____fixtures____pmu-rapports-definitifs-20261008-R1C1.json")
    )

    assert dividends.win == {1: 300}


def test_it_reads_the_talib_rapports(real: Real) -> None:
    dividends = pmu.parse_dividends(
        real(TALIB, "tests__fixtures__pmu__rapports_2026-09-28_R2C1_full.json")
    )

    assert (dividends.win, dividends.place) == ({4: 760}, {4: 160, 2: 110, 1: 150})


def test_it_reads_two_places_paid_with_four_to_seven_starters(real: Real) -> None:
    dividends = pmu.parse_dividends(
        real(TURFIA, "tests__fixtures__pmu_rapports_definitifs_echantillon.json")
    )

    assert (dividends.win, dividends.place) == ({4: 140}, {4: 105, 1: 110})


def test_it_ignores_the_other_bet_kinds(real: Real) -> None:
    dividends = pmu.parse_dividends(
        real(TURFIA, "tests__fixtures__pmu_rapports_couple_2sur4_echantillon.json")
    )

    assert (dividends.win, dividends.place, dividends.refunded) == ({}, {}, False)


# --- outcomes -------------------------------------------------------------------------------


def test_it_settles_prix_oniris_from_its_participants_and_rapports(real: Real) -> None:
    outcome = pmu.parse_outcome(real(MATHIS, NANTES_PARTICIPANTS), real(MATHIS, NANTES_RAPPORTS))

    assert outcome.official
    assert outcome.runners == frozenset(range(1, 15))
    assert (outcome.finish[7], outcome.finish[3], outcome.finish[9]) == (1, 2, 3)
    assert outcome.disqualified == {1, 2, 12}
    assert (outcome.win_dividends, outcome.place_dividends) == ({7: 310}, {7: 210, 3: 290, 9: 240})


def test_it_names_the_favourite_of_prix_oniris(real: Real) -> None:
    outcome = pmu.parse_outcome(real(MATHIS, NANTES_PARTICIPANTS), real(MATHIS, NANTES_RAPPORTS))

    assert outcome.favourite == 7


def test_it_keeps_a_disqualified_favourite_as_the_favourite(real: Real) -> None:
    # Rules §5: the post-time favourite is the lowest final odds; 12 (2.3) started.
    outcome = pmu.parse_outcome(real(DOKOR, GRETZ_PARTICIPANTS), None)

    assert outcome.favourite == 12


def test_it_reads_the_provisional_enghien_arrival_as_not_official(real: Real) -> None:
    outcome = pmu.parse_outcome(real(MORIAH, ENGHIEN_PARTICIPANTS), b"[]")

    assert not outcome.official
    assert outcome.finish == {16: 1, 5: 2, 14: 3, 13: 4, 2: 5}
    assert (outcome.non_runners, outcome.disqualified) == ({12}, {9, 11, 15})


def test_it_never_makes_a_non_runner_the_favourite(real: Real) -> None:
    # 12 was withdrawn at 6.8; 17 is the starter with the lowest odds (3.8).
    outcome = pmu.parse_outcome(real(MORIAH, ENGHIEN_PARTICIPANTS), None)

    assert outcome.favourite == 17


def test_it_settles_the_sagicquel_wrapper_from_its_race_object(real: Real) -> None:
    wrapper = real(SAGICQUEL, "exemple_api_pmu.json")

    outcome = pmu.parse_outcome(wrapper, wrapper)

    assert outcome.official
    assert outcome.runners == frozenset(range(1, 17))
    assert (outcome.finish[16], outcome.finish[15], outcome.finish[7]) == (1, 2, 3)
    assert outcome.win_dividends == {16: 590}


def test_it_rejects_the_trimmed_sample_whose_winner_is_not_on_the_card(real: Real) -> None:
    with pytest.raises(FeedError) as caught:
        pmu.parse_outcome(
            real(TURFIA, "tests__fixtures__pmu_participants_echantillon.json"),
            real(TURFIA, "tests__fixtures__pmu_rapports_definitifs_echantillon.json"),
            rapports_source="rapports_echantillon.json",
        )

    assert (caught.value.race, caught.value.field) == ("2026-07-07 R1C1", "SIMPLE_GAGNANT")
    assert "saddle number 4" in str(caught.value)


def test_it_parses_every_real_pmu_capture_or_says_why(real: Real) -> None:
    # No real file may make a parser fail with anything but FeedError.
    root = real_data_dir()
    assert root is not None
    parsers = (pmu.parse_programme, pmu.parse_participants, pmu.parse_dividends, pmu.parse_race)
    parsed = 0
    for path in sorted(root.glob("*/*.json")):
        for parse in parsers:
            try:
                parse(path.read_bytes(), source=path.name)
                parsed += 1
            except FeedError:
                pass
    assert parsed >= 25


# --- the wrong files ----------------------------------------------------------------------------

DEAUVILLE_RAPPORTS = "lib__sync____fixtures____pmu-rapports-definitifs-20260830-R1C3.json"


def test_it_refuses_deauville_dividends_on_the_nantes_arrival(real: Real) -> None:
    # Deauville's dead heat for 1st (4 and 11) against Nantes' 7-3-9, where 4 was 9th.
    with pytest.raises(FeedError) as caught:
        pmu.parse_outcome(
            real(MATHIS, NANTES_PARTICIPANTS),
            real(MORIAH, DEAUVILLE_RAPPORTS),
            source="participants.json",
            rapports_source="deauville.json",
        )

    error = caught.value
    assert (error.file, error.race, error.field) == (
        "deauville.json",
        "2025-11-05 R1C1",
        "E_SIMPLE_GAGNANT",
    )
    assert "saddle number 4, who finished 9th, but the arrival has 7 first" in str(error)


@pytest.mark.parametrize(
    ("folder", "name", "race"),
    [
        (MATHIS, NANTES_PARTICIPANTS, (dt.date(2025, 11, 5), 1, 1)),
        (DOKOR, GRETZ_PARTICIPANTS, (dt.date(2024, 1, 1), 1, 1)),
        (OPENBET, "Data__Samples__race_01012018_R3C1.json", (dt.date(2018, 1, 1), 3, 1)),
        # The newer schema names its runners' silks after the racecourse: its sprites name
        # the race.
        (MORIAH, ENGHIEN_PARTICIPANTS, (dt.date(2026, 10, 7), 1, 1)),
        (DOKOR, GRETZ_COURSE, (None, 1, 1)),
        (SAGICQUEL, "exemple_api_pmu.json", (None, 1, 1)),
    ],
)
def test_it_reads_the_race_each_real_document_names(
    real: Real, folder: str, name: str, race: tuple[dt.date | None, int, int]
) -> None:
    assert pmu.race_named(real(folder, name)) == race
