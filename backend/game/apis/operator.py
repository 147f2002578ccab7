"""The operator's side (staff only): seasons with their rules, featuring a race as a round,
opening, voiding, and watching or requesting the settlement."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.inputs import JsonInput, valid
from backend.common.openapi import error_responses
from backend.common.pagination import PAGE_PARAMETERS, page, paged_response, paginated
from backend.common.permissions import IsOperator
from backend.common.tasks import enqueue_on_commit
from backend.game import selectors, services
from backend.game.models import Round, Season
from backend.game.tasks import settle_round

from .base import SeasonOutput

# --- serializers -----------------------------------------------------------------------------


class SeasonInput(JsonInput):
    name_en = serializers.CharField(max_length=120)
    name_fr = serializers.CharField(
        max_length=120, required=False, default="", help_text="Empty: the English name."
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    rules = serializers.DictField(required=False, default=dict)
    status = serializers.ChoiceField(choices=Season.Status.choices, default=Season.Status.DRAFT)
    reminder_hours = serializers.IntegerField(min_value=0, max_value=72, default=2)


class SeasonStatusInput(JsonInput):
    status = serializers.ChoiceField(choices=Season.Status.choices)


class FeatureInput(JsonInput):
    season = serializers.PrimaryKeyRelatedField(queryset=selectors.seasons_all())
    race = serializers.PrimaryKeyRelatedField(queryset=selectors.races_all())
    opens_at = serializers.DateTimeField(required=False, allow_null=True)


class VoidInput(JsonInput):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SettleInput(JsonInput):
    force = serializers.BooleanField(default=False)


class OperatorRoundOutput(serializers.Serializer[Any]):
    """A round as the operator watches it, settlement included."""

    id = serializers.IntegerField()
    season = serializers.IntegerField(source="season_id")
    number = serializers.IntegerField()
    race = serializers.IntegerField(source="race_id")
    race_code = serializers.CharField(source="race.code")
    race_name = serializers.CharField(source="race.name")
    race_status = serializers.CharField(source="race.status")
    race_result_version = serializers.IntegerField(source="race.result_version")
    status = serializers.ChoiceField(choices=Round.Status.choices)
    opens_at = serializers.DateTimeField(allow_null=True)
    locks_at = serializers.DateTimeField()
    settlement_version = serializers.IntegerField()
    settled_result_version = serializers.IntegerField()
    settled_at = serializers.DateTimeField(allow_null=True)
    operator_void = serializers.BooleanField()
    void_reason = serializers.CharField()
    picks = serializers.IntegerField(source="picks_count", default=None, allow_null=True)
    scores = serializers.IntegerField(source="scores_count", default=None, allow_null=True)
    needs_settlement = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_needs_settlement(self, rnd: Round) -> bool:
        """The race has a result the round's scores do not reflect yet."""
        race = rnd.race
        if rnd.status == Round.Status.DRAFT or not race.has_official_result:
            return False
        return not rnd.is_final or rnd.settled_result_version != race.result_version


class FeatureOutput(serializers.Serializer[Any]):
    round = OperatorRoundOutput()
    warnings = serializers.ListField(child=serializers.CharField())


class SettleOutput(serializers.Serializer[Any]):
    round = serializers.IntegerField()
    queued = serializers.BooleanField()


def _round_output(round_id: int) -> dict[str, Any]:
    return dict(OperatorRoundOutput(selectors.operator_round_get(round_id=round_id)).data)


# --- views -----------------------------------------------------------------------------------

# Every operator operation answers 403 to a player; with ADMIN_REQUIRE_MFA, also to staff
# without a second factor (backend/common/permissions.py).
OPERATOR_403 = {
    "s403": "Not staff (`permission_denied`); with ADMIN_REQUIRE_MFA, a staff token or a "
    "session that passed no second factor (`mfa_required`: sign in with the authenticator code)."
}


ONE_ACTIVE_SEASON = "Another season is active (`season_already_active`): finish it first."


class OperatorSeasonsApi(APIView):
    """Seasons, all statuses (GET) and creating one with its rules (POST)."""

    permission_classes = (IsOperator,)

    @extend_schema(
        responses={200: SeasonOutput(many=True), **error_responses(**OPERATOR_403)},
        operation_id="game_operator_seasons_list",
    )
    def get(self, request: Request) -> Response:
        return Response(SeasonOutput(selectors.seasons_all(), many=True).data)

    @extend_schema(
        request=SeasonInput,
        responses={
            201: SeasonOutput,
            **error_responses(400, s409=ONE_ACTIVE_SEASON, **OPERATOR_403),
        },
        operation_id="game_operator_season_create",
        description="`rules` is scoring.Rules as JSON (missing keys take the defaults); "
        "unknown keys or bad values answer 400 invalid_rules. At most one season is active: "
        "creating one active while another is answers 409 season_already_active.",
    )
    def post(self, request: Request) -> Response:
        season = services.season_create(**valid(SeasonInput, request.data))
        return Response(SeasonOutput(season).data, status=status.HTTP_201_CREATED)


class OperatorSeasonStatusApi(APIView):
    """Activate or finish a season (one active at a time)."""

    permission_classes = (IsOperator,)

    @extend_schema(
        request=SeasonStatusInput,
        responses={
            200: SeasonOutput,
            **error_responses(404, s409=ONE_ACTIVE_SEASON, **OPERATOR_403),
        },
        operation_id="game_operator_season_status",
        description="At most one season is active: activating one while another is answers "
        "409 season_already_active (finish the other first).",
    )
    def post(self, request: Request, season_id: int) -> Response:
        data = valid(SeasonStatusInput, request.data)
        season = selectors.operator_season_get(season_id=season_id)
        season = services.season_set_status(season=season, status=data["status"])
        return Response(SeasonOutput(season).data)


class OperatorRoundsApi(APIView):
    """Rounds with their settlement status (GET); feature a race as a round (POST)."""

    permission_classes = (IsOperator,)

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses={
            200: paginated(OperatorRoundOutput, name="PaginatedOperatorRoundList"),
            **error_responses(**OPERATOR_403),
        },
        operation_id="game_operator_rounds_list",
    )
    def get(self, request: Request) -> Response:
        paginator, rounds = page(request, self, selectors.operator_rounds())
        return paged_response(paginator, OperatorRoundOutput(rounds, many=True).data)

    @extend_schema(
        request=FeatureInput,
        responses={
            201: FeatureOutput,
            **error_responses(
                s409="The season is finished (`season_finished`), the race is already one "
                "of its rounds (`already_featured`), or the race already has a result "
                "(`race_has_result`: provisional, official, cancelled or refunded).",
                **OPERATOR_403,
            ),
        },
        operation_id="game_operator_round_feature",
        description="Feature a race as the season's next round (a draft until opened). "
        "A race that already has a result is refused: players could pick knowing it. "
        "`warnings` lists what deserves a second look: fewer than 4 runners, a past race.",
    )
    def post(self, request: Request) -> Response:
        result = services.round_feature(**valid(FeatureInput, request.data))
        rnd = selectors.operator_round_get(round_id=result.round.pk)
        out = {"round": rnd, "warnings": result.warnings}
        return Response(FeatureOutput(out).data, status=status.HTTP_201_CREATED)


class OperatorRoundApi(APIView):
    """One round's settlement status."""

    permission_classes = (IsOperator,)

    @extend_schema(
        responses={200: OperatorRoundOutput, **error_responses(404, **OPERATOR_403)},
        operation_id="game_operator_round_retrieve",
    )
    def get(self, request: Request, round_id: int) -> Response:
        return Response(_round_output(round_id))


class OperatorRoundOpenApi(APIView):
    """Open a draft round for picks now."""

    permission_classes = (IsOperator,)

    @extend_schema(
        request=None,
        responses={200: OperatorRoundOutput, **error_responses(404, 409, **OPERATOR_403)},
        operation_id="game_operator_round_open",
    )
    def post(self, request: Request, round_id: int) -> Response:
        services.round_open(round=selectors.operator_round_get(round_id=round_id))
        return Response(_round_output(round_id))


class OperatorRoundVoidApi(APIView):
    """Void a round: 0 points for everyone, standings recomputed."""

    permission_classes = (IsOperator,)

    @extend_schema(
        request=VoidInput,
        responses={200: OperatorRoundOutput, **error_responses(404, **OPERATOR_403)},
        operation_id="game_operator_round_void",
    )
    def post(self, request: Request, round_id: int) -> Response:
        data = valid(VoidInput, request.data)
        rnd = selectors.operator_round_get(round_id=round_id)
        services.round_void(round=rnd, reason=data["reason"])
        return Response(_round_output(round_id))


class OperatorRoundSettleApi(APIView):
    """Queue the round's settlement (normally automatic when the result is stored)."""

    permission_classes = (IsOperator,)

    @extend_schema(
        request=SettleInput,
        responses={202: SettleOutput, **error_responses(404, **OPERATOR_403)},
        operation_id="game_operator_round_settle",
    )
    def post(self, request: Request, round_id: int) -> Response:
        force = valid(SettleInput, request.data)["force"]
        rnd = selectors.operator_round_get(round_id=round_id)
        enqueue_on_commit(settle_round, rnd.pk, force)
        return Response({"round": rnd.pk, "queued": True}, status=status.HTTP_202_ACCEPTED)
