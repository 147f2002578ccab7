"""docs/api.md, What every request must respect: a value is judged as sent. A JSON value of
another type than the schema's is refused, not coerced; a string longer than the schema's
maxLength is refused even when the spaces the server trims would bring it under."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework import serializers

from backend.common.inputs import JsonInput, valid

TOO_LONG = "Ensure this field has no more than 10 characters."
QUERY = {"query": True}


class NameInput(JsonInput):
    name = serializers.CharField(max_length=10)
    email = serializers.EmailField(max_length=10, required=False)
    note = serializers.CharField(max_length=10, required=False, trim_whitespace=False)
    count = serializers.IntegerField(required=False)
    tags = serializers.ListField(child=serializers.CharField(), max_length=2, required=False)


def refusal(data: dict[str, Any], context: dict[str, Any] | None = None) -> Any:
    with pytest.raises(serializers.ValidationError) as refused:
        valid(NameInput, data, context)
    return refused.value.detail


@pytest.mark.parametrize(
    "sent",
    ["a" * 11, "a" + " " * 70, " " * 5 + "abc" + " " * 5, "\t\n" * 6],
    ids=["letters", "trailing spaces", "spaces around", "whitespace only"],
)
def test_a_string_longer_than_max_length_as_sent_is_refused_with_drfs_message(
    sent: str,
) -> None:
    assert refusal({"name": sent}) == {"name": [TOO_LONG]}


def test_exactly_max_length_as_sent_is_read_and_trimmed_as_before() -> None:
    assert valid(NameInput, {"name": "  abcdef  "}) == {"name": "abcdef"}
    assert valid(NameInput, {"name": "a" * 10}) == {"name": "a" * 10}


def test_every_kind_of_text_field_is_held_to_its_max_length_as_sent() -> None:
    assert refusal({"name": "a", "email": " a@b.fr" + " " * 4}) == {"email": [TOO_LONG]}
    assert refusal({"name": "a", "note": "a" + " " * 10}) == {"note": [TOO_LONG]}
    # A list's max_length counts its items, not characters: left to the field.
    assert valid(NameInput, {"name": "a", "tags": ["x" * 20]})["tags"] == ["x" * 20]


def test_a_wrong_type_and_a_string_too_long_are_named_together() -> None:
    assert refusal({"name": "a" + " " * 10, "count": "1"}) == {
        "name": [TOO_LONG],
        "count": ["Expected a whole number."],
    }


def test_query_parameters_are_held_to_max_length_as_sent_and_stay_text() -> None:
    assert refusal({"name": "a" + " " * 10}, QUERY) == {"name": [TOO_LONG]}
    assert valid(NameInput, {"name": " a ", "count": "3"}, QUERY) == {"name": "a", "count": 3}
