"""FeedError: one error type that says where the feed went wrong."""

from __future__ import annotations

import pickle

import importers
from importers import FeedError, NotPublished


def test_it_names_file_race_field_and_line_in_the_message() -> None:
    error = FeedError(
        "expected an integer", file="card.csv", race="2026-11-29 R1C4", field="number", line=7
    )

    assert (
        str(error)
        == "file card.csv, line 7, race 2026-11-29 R1C4, field 'number': expected an integer"
    )


def test_it_leaves_unknown_parts_out_of_the_message() -> None:
    assert str(FeedError("empty document", file="x.json")) == "file x.json: empty document"


def test_it_keeps_its_attributes_through_pickling() -> None:
    error = NotPublished("not yet", file="http://h/p", race="R1C1", field="f", line=3)

    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, the point of the test

    assert type(copy) is NotPublished
    assert (copy.file, copy.race, copy.field, copy.line, str(copy)) == (
        "http://h/p",
        "R1C1",
        "f",
        3,
        str(error),
    )


def test_it_fills_in_the_blanks_of_an_error() -> None:
    error = FeedError("bad", field="odds").located(file="a.csv", field="other", line=4)

    assert (error.file, error.field, error.line) == ("a.csv", "odds", 4)


def test_it_exports_the_public_api() -> None:
    names = ("MeetingCard", "RaceCard", "RunnerEntry", "Dividends", "RaceOutcome", "FeedError")

    assert all(hasattr(importers, name) for name in names)
    assert callable(importers.pmu.parse_outcome)
    assert callable(importers.csv.parse_outcome)
    assert issubclass(NotPublished, FeedError)
