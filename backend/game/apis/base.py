"""What the game's API modules share: a season's output."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from backend.game.models import Season


class SeasonOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="In the reader's language.")
    name_en = serializers.CharField()
    name_fr = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = serializers.ChoiceField(choices=Season.Status.choices)
    rules = serializers.DictField()
    reminder_hours = serializers.IntegerField()
