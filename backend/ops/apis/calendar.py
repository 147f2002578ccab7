"""The race calendar: a day's imported meetings and races, and whether the game features
them (featured races have their results polled)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.inputs import JsonInput, query_valid
from backend.common.openapi import error_responses
from backend.common.permissions import IsOperator
from backend.game.apis.operator import OPERATOR_403
from backend.game.models import Round
from backend.ops import selectors
from backend.racing.models import Race


class CalendarQuery(JsonInput):
    day = serializers.DateField(required=False, help_text="YYYY-MM-DD; today by default.")


class CalendarRoundOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    season = serializers.IntegerField(source="season_id")
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Round.Status.choices)


class CalendarRaceOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    discipline = serializers.CharField()
    distance = serializers.IntegerField(allow_null=True, help_text="Metres.")
    starters = serializers.IntegerField(help_text="Runners on the card, non-runners left out.")
    runners = serializers.IntegerField(source="runners_total", help_text="Runners on the card.")
    declared_runners = serializers.IntegerField(allow_null=True)
    post_time = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=Race.Status.choices)
    featured = serializers.BooleanField(help_text="Featured by the game: its result is polled.")
    result_version = serializers.IntegerField()
    rounds = CalendarRoundOutput(many=True, source="game_rounds.all")


class CalendarMeetingOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    racecourse = serializers.CharField()
    country = serializers.CharField()
    races = CalendarRaceOutput(many=True, source="races.all")


class CalendarOutput(serializers.Serializer[Any]):
    day = serializers.DateField()
    days = serializers.ListField(
        child=serializers.DateField(), help_text="Days with meetings within a week of `day`."
    )
    meetings = CalendarMeetingOutput(many=True)


class CalendarApi(APIView):
    """A day's meetings and races, as imported."""

    permission_classes = (IsOperator,)

    @extend_schema(
        parameters=[CalendarQuery],
        responses={200: CalendarOutput, **error_responses(**OPERATOR_403)},
        operation_id="operator_calendar",
    )
    def get(self, request: Request) -> Response:
        day = query_valid(CalendarQuery, request).get("day") or timezone.localdate()
        out = {
            "day": day,
            "days": selectors.calendar_days(around=day),
            "meetings": selectors.calendar_day(day=day),
        }
        return Response(CalendarOutput(out).data)
