"""Ordinals in emails: right in both languages, with no markup."""

from __future__ import annotations

import pytest
from django.utils import translation

from backend.notifications import formatting as fmt
from backend.notifications.formatting import rank


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1st", "2nd", "3rd", "11th", "21st", "31st", "91st", "111th"]),
        ("fr", ["1er", "2e", "3e", "11e", "21e", "31e", "91e", "111e"]),
    ],
)
def test_ranks_read_as_ordinals_in_each_language(language: str, expected: list[str]) -> None:
    with translation.override(language):
        assert [rank(n) for n in (1, 2, 3, 11, 21, 31, 91, 111)] == expected
        assert rank(None) == "—"


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_a_chunks_memo_writes_what_the_formatters_write(language: str) -> None:
    memo = fmt.Memo()
    values = [0, 1, 2, 3, 11, 12, 13, 21, 22, 101, 111, 1180, 12345, 1_234_567]
    for _ in range(2):  # the second time from the memo
        with translation.override(language):
            assert [memo.points(v) for v in values] == [fmt.points(v) for v in values]
            assert [memo.rank(v) for v in [None, *values]] == [fmt.rank(v) for v in [None, *values]]
            assert [memo.count(v) for v in values] == [fmt.count(v) for v in values]
    with translation.override("fr"):
        french = memo.points(1180)
    with translation.override("en"):
        assert memo.points(1180) != french  # kept per language
