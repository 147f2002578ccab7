"""The visitors' showcase: this week's races and the top of the season's table, read
without an account. Players appear by display name only: no id, no email."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.game import selectors
from backend.game.models import Round


class ShowcaseRaceOutput(serializers.Serializer[Any]):
    name = serializers.CharField()
    racecourse = serializers.CharField(source="meeting.racecourse")
    discipline = serializers.CharField()
    distance = serializers.IntegerField(allow_null=True)
    post_time = serializers.DateTimeField()


class ShowcaseRoundOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.SerializerMethodField()
    locks_at = serializers.DateTimeField()
    result_expected_at = serializers.SerializerMethodField()
    runner_count = serializers.IntegerField()
    race = ShowcaseRaceOutput()

    @extend_schema_field(serializers.ChoiceField(choices=Round.Status.choices))
    def get_status(self, rnd: Round) -> str:
        return selectors.round_display_status(rnd)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_result_expected_at(self, rnd: Round) -> str:
        return selectors.result_expected_at(rnd).isoformat()


class ShowcaseRowOutput(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    display_name = serializers.CharField()
    points = serializers.IntegerField(help_text="Cents: 1180 is shown 11.80.")
    wins = serializers.IntegerField()


class ShowcaseSeasonOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ShowcaseOutput(serializers.Serializer[Any]):
    season = ShowcaseSeasonOutput(allow_null=True, help_text="The active season, if any.")
    rounds = ShowcaseRoundOutput(many=True, help_text="Open rounds and those awaiting a result.")
    top = ShowcaseRowOutput(many=True, help_text="The first rows of the season's table.")


class ShowcaseApi(APIView):
    """This week for visitors: the current rounds and the top of the season's table."""

    permission_classes = (AllowAny,)

    @extend_schema(responses=ShowcaseOutput, operation_id="game_showcase")
    def get(self, request: Request) -> Response:
        return Response(ShowcaseOutput(selectors.showcase()).data)
