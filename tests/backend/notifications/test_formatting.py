"""Ordinals in emails: right in both languages, with no markup."""

from __future__ import annotations

import pytest
from django.utils import translation

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
