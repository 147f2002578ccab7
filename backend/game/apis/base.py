"""What the game's API modules share: reading a request's input, a season's output."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from backend.game.models import Season


def valid(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    """`data` validated by `serializer_class` (400 `invalid` with its `fields` otherwise)."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class SeasonOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = serializers.ChoiceField(choices=Season.Status.choices)
    rules = serializers.DictField()
    reminder_hours = serializers.IntegerField()
