"""Our own race-card CSV (importers/CSV_FORMAT.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from importers import FeedError
from importers import csv as cards

Fixture = Callable[[str], bytes]

DEAD_HEAT = "csv_card_dead_heat.csv"
HEADER = "date,meeting,racecourse,race,race_name,post_time,number,horse"
ROW = "2026-11-29,1,VINCENNES,4,PRIX DU TEST,2026-11-29T15:15:00+01:00"


def card(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def error_of(raw: bytes) -> FeedError:
    with pytest.raises(FeedError) as caught:
        cards.parse_programme(raw, source="card.csv")
    return caught.value


# --- reading a card -----------------------------------------------------------------------------


def test_it_reads_the_template() -> None:
    (meeting,) = cards.parse_programme(cards.template_bytes())

    assert (meeting.date, meeting.number, meeting.racecourse, meeting.country) == (
        dt.date(2026, 11, 29),
        1,
        "VINCENNES",
        "FRA",
    )
    assert len(meeting.races[0].runners) == 8


def test_it_uses_every_column_in_the_template() -> None:
    header = cards.template_bytes().decode().splitlines()[0]

    assert tuple(header.split(",")) == cards.COLUMNS


def test_it_reads_the_race_fields(fixture_bytes: Fixture) -> None:
    race = cards.parse_programme(fixture_bytes(DEAD_HEAT))[0].races[0]

    assert (race.number, race.name, race.distance, race.discipline, race.status) == (
        4,
        "PRIX DU TEST",
        2700,
        "ATTELE",
        "official",
    )
    assert race.post_time == dt.datetime(2026, 11, 29, 14, 15, tzinfo=dt.UTC)
    assert race.declared_runners == 8


def test_it_groups_a_day_by_meeting_and_race(fixture_bytes: Fixture) -> None:
    meetings = cards.parse_programme(fixture_bytes("csv_day_two_meetings.csv"))

    assert [(m.number, m.racecourse, [r.number for r in m.races]) for m in meetings] == [
        (1, "VINCENNES", [1, 2]),
        (2, "DEAUVILLE", [1]),
    ]


def test_it_lets_later_rows_of_a_race_leave_race_cells_blank(fixture_bytes: Fixture) -> None:
    meetings = cards.parse_programme(fixture_bytes("csv_day_two_meetings.csv"))

    assert [r.name for r in meetings[0].races[0].runners] == ["FOUR", "THREE"]


def test_it_reads_decimal_commas_in_odds(fixture_bytes: Fixture) -> None:
    runners = {r.number: r for r in cards.parse_participants(fixture_bytes(DEAD_HEAT))}

    assert runners[5].odds == 9.1


def test_it_reads_flags_as_yes_or_no(fixture_bytes: Fixture) -> None:
    runners = cards.parse_participants(fixture_bytes(DEAD_HEAT))

    assert [r.number for r in runners if r.non_runner] == [3]
    assert [r.number for r in runners if r.disqualified] == [6]


def test_it_reads_r_and_c_prefixes(fixture_bytes: Fixture) -> None:
    (meeting,) = cards.parse_programme(fixture_bytes("csv_card_refunded.csv"))

    assert (meeting.number, meeting.races[0].number) == (1, 5)


def test_it_accepts_a_byte_order_mark() -> None:
    (meeting,) = cards.parse_programme(b"\xef\xbb\xbf" + card(f"{ROW},1,ALPHA"))

    assert meeting.racecourse == "VINCENNES"


# --- results ------------------------------------------------------------------------------------


def test_it_reads_a_dead_heat_for_first(fixture_bytes: Fixture) -> None:
    outcome = cards.parse_outcome(fixture_bytes(DEAD_HEAT), fixture_bytes(DEAD_HEAT))

    assert outcome.finish == {4: 1, 7: 1, 2: 3, 5: 4, 1: 5}
    assert outcome.win_dividends == {4: 210, 7: 330}


def test_it_reads_an_official_outcome(fixture_bytes: Fixture) -> None:
    outcome = cards.parse_outcome(fixture_bytes(DEAD_HEAT), fixture_bytes(DEAD_HEAT))

    assert outcome.official
    assert outcome.runners == frozenset(range(1, 9))
    assert (outcome.non_runners, outcome.disqualified) == ({3}, {6})
    assert outcome.place_dividends == {2: 250, 4: 130, 7: 150}


def test_it_names_the_favourite_among_starters(fixture_bytes: Fixture) -> None:
    outcome = cards.parse_outcome(fixture_bytes(DEAD_HEAT), fixture_bytes(DEAD_HEAT))

    assert outcome.favourite == 4


def test_it_reads_the_dividend_columns(fixture_bytes: Fixture) -> None:
    dividends = cards.parse_dividends(fixture_bytes(DEAD_HEAT))

    assert (dividends.win, dividends.place, dividends.refunded) == (
        {4: 210, 7: 330},
        {2: 250, 4: 130, 7: 150},
        False,
    )


def test_it_reads_a_refunded_race(fixture_bytes: Fixture) -> None:
    outcome = cards.parse_outcome(fixture_bytes("csv_card_refunded.csv"), None)

    assert (outcome.official, outcome.refunded) == (True, True)


def test_it_is_not_official_before_the_status_says_so() -> None:
    outcome = cards.parse_outcome(card(f"{ROW},1,ALPHA"), None)

    assert not outcome.official


def test_it_rejects_results_for_another_race(fixture_bytes: Fixture) -> None:
    with pytest.raises(FeedError) as caught:
        cards.parse_outcome(fixture_bytes(DEAD_HEAT), fixture_bytes("csv_card_refunded.csv"))

    assert (caught.value.field, caught.value.line) == ("race", 2)


def test_it_rejects_a_dividend_on_a_runner_off_the_card(fixture_bytes: Fixture) -> None:
    results = card(f"{ROW},9,INTRUDER,450", header=f"{HEADER},win_dividend")

    with pytest.raises(FeedError) as caught:
        cards.parse_outcome(card(f"{ROW},1,ALPHA"), results, rapports_source="results.csv")

    assert (caught.value.race, caught.value.field) == ("2026-11-29 R1C4", "win_dividend")


def test_it_rejects_a_dividend_on_a_non_runner() -> None:
    raw = card(f"{ROW},3,CHARLIE,1,180", header=f"{HEADER},non_runner,place_dividend")

    with pytest.raises(FeedError) as caught:
        cards.parse_dividends(raw, source="card.csv")

    assert (caught.value.field, caught.value.line) == ("place_dividend", 2)


def test_it_takes_one_race_a_file_for_participants(fixture_bytes: Fixture) -> None:
    with pytest.raises(FeedError) as caught:
        cards.parse_participants(fixture_bytes("csv_day_two_meetings.csv"))

    assert caught.value.field == "race"


# --- bad files -----------------------------------------------------------------------------------


def test_it_rejects_an_unknown_column() -> None:
    error = error_of(card(f"{ROW},1,ALPHA,x", header=f"{HEADER},colour"))

    assert (error.file, error.field, error.line) == ("card.csv", "colour", 1)


def test_it_rejects_a_missing_required_column() -> None:
    error = error_of(
        card("2026-11-29,1,VINCENNES,4,PRIX", header="date,meeting,racecourse,race,race_name")
    )

    assert (error.field, error.line) == ("post_time", 1)


def test_it_rejects_a_semicolon_separated_file() -> None:
    error = error_of(HEADER.replace(",", ";").encode() + b"\n")

    assert "comma" in str(error)


def test_it_rejects_a_saddle_number_that_is_not_an_integer() -> None:
    error = error_of(card(f"{ROW},1,ALPHA", f"{ROW},2b,BRAVO"))

    assert (error.race, error.field, error.line) == ("2026-11-29 R1C4", "number", 3)


def test_it_rejects_a_bad_date() -> None:
    error = error_of(card(f"{ROW},1,ALPHA", "2026-02-30" + ROW[10:] + ",2,BRAVO"))

    assert (error.field, error.line) == ("date", 3)


def test_it_rejects_a_duplicate_saddle_number() -> None:
    error = error_of(card(f"{ROW},1,ALPHA", f"{ROW},1,BRAVO"))

    assert (error.race, error.field, error.line) == ("2026-11-29 R1C4", "number", 3)
    assert "twice" in str(error)


def test_it_counts_lines_across_blank_lines_and_quoted_newlines() -> None:
    raw = card(f'{ROW},1,"ALPHA\nSECOND LINE"', "", f"{ROW},x,BRAVO")

    assert error_of(raw).line == 5


def test_it_rejects_a_post_time_without_offset() -> None:
    error = error_of(card("2026-11-29,1,VINCENNES,4,PRIX,2026-11-29T15:15:00,1,ALPHA"))

    assert (error.field, error.line) == ("post_time", 2)


def test_it_rejects_a_race_cell_that_disagrees_with_the_first_row() -> None:
    error = error_of(card(f"{ROW},1,ALPHA", ROW.replace("PRIX DU TEST", "PRIX AUTRE") + ",2,BRAVO"))

    assert (error.field, error.line) == ("race_name", 3)


def test_it_rejects_a_dividend_in_euros() -> None:
    error = error_of(card(f"{ROW},1,ALPHA,5.90", header=f"{HEADER},win_dividend"))

    assert error.field == "win_dividend"
    assert "590" in str(error)


def test_it_rejects_an_unknown_race_status() -> None:
    error = error_of(card(f"{ROW},1,ALPHA,finished", header=f"{HEADER},race_status"))

    assert error.field == "race_status"


def test_it_rejects_a_position_for_a_non_runner() -> None:
    error = error_of(card(f"{ROW},1,ALPHA,1,1", header=f"{HEADER},non_runner,position"))

    assert (error.field, error.line) == ("position", 2)


def test_it_rejects_a_row_with_too_many_cells() -> None:
    error = error_of(card(f"{ROW},1,ALPHA,extra"))

    assert error.line == 2


def test_it_rejects_a_file_that_is_not_utf8() -> None:
    error = error_of(
        card(f"{ROW},1,ALPHA").replace(b"VINCENNES", "CAGNES-SUR-MER É".encode("latin-1"))
    )

    assert "UTF-8" in str(error)


def test_it_rejects_a_file_without_rows() -> None:
    with pytest.raises(FeedError, match="no runner rows"):
        cards.parse_participants(card())


def test_it_rejects_a_win_dividend_on_a_runner_placed_second() -> None:
    header = f"{HEADER},race_status,position,win_dividend,place_dividend"
    raw = card(
        f"{ROW},1,ALPHA,official,1,,150",
        f"{ROW},2,BRAVO,official,2,420,180",
        f"{ROW},3,CHARLIE,official,3,,",
        header=header,
    )

    with pytest.raises(FeedError) as caught:
        cards.parse_outcome(raw, raw, source="result.csv")

    error = caught.value
    assert (error.file, error.race, error.field) == (
        "result.csv",
        "2026-11-29 R1C4",
        "win_dividend",
    )
    assert "win dividend on saddle number 2, who finished 2nd" in str(error)


def test_it_reads_a_cell_on_two_lines_as_one_line() -> None:
    runners = cards.parse_participants(card(f'{ROW},1,"ALPHA\nSECOND LINE"'))

    assert runners[0].name == "ALPHA SECOND LINE"


@pytest.mark.parametrize(
    ("horse", "says"),
    [("A" * 121, "at most 120"), ("AL\x00PHA", "control character (U+0000)")],
)
def test_it_refuses_a_text_no_column_could_store(horse: str, says: str) -> None:
    error = error_of(card(f"{ROW},1,{horse}"))

    assert (error.field, error.line) == ("horse", 2)
    assert says in str(error)
