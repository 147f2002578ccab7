from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.openapi import error_responses

from .models import Dividend, Meeting, Race, Runner
from .selectors import race_card_get, silks_path


class CardMeetingOutput(serializers.ModelSerializer[Meeting]):
    class Meta:
        model = Meeting
        fields = ("id", "date", "number", "racecourse", "country")
        read_only_fields = fields


class CardRunnerOutput(serializers.ModelSerializer[Runner]):
    non_runner = serializers.BooleanField(source="is_non_runner", read_only=True)
    position = serializers.SerializerMethodField(
        help_text="Finishing position (dead heats share it), once the result is official."
    )
    disqualified = serializers.SerializerMethodField(help_text="Once the result is official.")
    silks = serializers.SerializerMethodField(
        help_text="Our copy of the silks image the feed gives (a PNG on this site), or null."
    )

    class Meta:
        model = Runner
        fields = (
            "number",
            "name",
            "jockey",
            "trainer",
            "coupled",
            "odds",
            "non_runner",
            "position",
            "disqualified",
            "silks",
        )
        read_only_fields = fields

    def get_position(self, runner: Runner) -> int | None:
        return runner.position if self.context.get("official") else None

    def get_disqualified(self, runner: Runner) -> bool | None:
        return runner.disqualified if self.context.get("official") else None

    def get_silks(self, runner: Runner) -> str | None:
        return silks_path(runner)


class CardDividendOutput(serializers.ModelSerializer[Dividend]):
    class Meta:
        model = Dividend
        fields = ("kind", "number", "cents", "pool")
        read_only_fields = fields


class RaceCardOutput(serializers.ModelSerializer[Race]):
    code = serializers.CharField(read_only=True, help_text="R1C3: meeting 1, race 3.")
    # Empty until a replay is linked: a plain string, as "" is no URI.
    replay_url = serializers.CharField(read_only=True, help_text="The replay's URL, or empty.")
    meeting = CardMeetingOutput(read_only=True)
    runners = serializers.SerializerMethodField()
    dividends = serializers.SerializerMethodField(
        help_text="Official WIN/PLACE returns per 1 € in cents, stake included; empty until "
        "the result is official."
    )

    class Meta:
        model = Race
        fields = (
            "id",
            "code",
            "name",
            "discipline",
            "distance",
            "post_time",
            "status",
            "declared_runners",
            "replay_url",
            "result_version",
            "meeting",
            "runners",
            "dividends",
        )
        read_only_fields = fields

    @extend_schema_field(CardRunnerOutput(many=True))
    def get_runners(self, race: Race) -> list[dict[str, Any]]:
        context = {"official": race.has_official_result}
        return list(CardRunnerOutput(race.runners.all(), many=True, context=context).data)

    @extend_schema_field(CardDividendOutput(many=True))
    def get_dividends(self, race: Race) -> list[dict[str, Any]]:
        if not race.has_official_result:
            return []
        return list(CardDividendOutput(race.dividends.all(), many=True).data)


class RaceDetailApi(APIView):
    """A race card: meeting, race, runners; positions and dividends once official."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        responses={200: RaceCardOutput, **error_responses(404)},
        operation_id="racing_race_retrieve",
    )
    def get(self, request: Request, race_id: int) -> Response:
        return Response(RaceCardOutput(race_card_get(race_id=race_id)).data)
