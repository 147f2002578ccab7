"""Missions: a member's progress, and the operators' API to add and retire them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.errors import get_or_404
from backend.common.inputs import JsonInput, valid
from backend.common.openapi import error_responses
from backend.common.permissions import IsOperator
from backend.community import services
from backend.community.models import POINTS_MAX, TARGET_MAX, Mission
from backend.community.selectors.missions import mission_badges, missions_progress

from .base import TAGS


class MissionOutput(serializers.ModelSerializer[Mission]):
    class Meta:
        model = Mission
        fields = (
            "id",
            "slug",
            "kind",
            "period",
            "target",
            "points",
            "name_en",
            "name_fr",
            "starts_on",
            "ends_on",
            "retired_at",
        )
        # Output only: every field is always there.
        extra_kwargs = {name: {"required": True} for name in fields}


class ProgressOutput(serializers.Serializer[Any]):
    mission = MissionOutput()
    period_start = serializers.DateField(help_text="The period's first day.")
    period_end = serializers.DateField(help_text="The period's last day.")
    count = serializers.IntegerField(help_text="Progress so far, capped at the target.")
    completed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the points and the badge were awarded."
    )


class MissionBadgeOutput(serializers.Serializer[Any]):
    mission = serializers.SlugField()
    name_en = serializers.CharField()
    name_fr = serializers.CharField()
    period_start = serializers.DateField()
    points = serializers.IntegerField()
    completed_at = serializers.DateTimeField()


class MyMissionsOutput(serializers.Serializer[Any]):
    missions = ProgressOutput(many=True)
    badges = MissionBadgeOutput(many=True, help_text="Missions completed, latest first.")


class MyMissionsApi(APIView):
    """The signed-in member's missions in force, with progress, and their mission badges."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_my_missions",
        summary="My missions: progress in the current week or season, and badges earned",
        responses={200: MyMissionsOutput, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        player_id = request_user(request).pk
        rows = [
            {
                "mission": r.mission,
                "period_start": r.period.start,
                "period_end": r.period.end - dt.timedelta(days=1),
                "count": min(r.count, r.mission.target),
                "completed_at": r.completion.completed_at if r.completion else None,
            }
            for r in missions_progress(player_id=player_id)
        ]
        badges = [
            {
                "mission": c.mission.slug,
                "name_en": c.mission.name_en,
                "name_fr": c.mission.name_fr,
                "period_start": c.period_start,
                "points": c.points,
                "completed_at": c.completed_at,
            }
            for c in mission_badges(player_id=player_id)[:100]
        ]
        return Response(MyMissionsOutput({"missions": rows, "badges": badges}).data)


class MissionInput(JsonInput):
    slug = serializers.SlugField(max_length=50)
    kind = serializers.ChoiceField(choices=Mission.Kind.choices)
    period = serializers.ChoiceField(choices=Mission.Period.choices)
    target = serializers.IntegerField(
        help_text=f"1 to {TARGET_MAX}; a weekly pick streak is 1 (a week has one round)."
    )
    points = serializers.IntegerField(required=False, default=20, help_text=f"0 to {POINTS_MAX}.")
    name_en = serializers.CharField(max_length=80)
    name_fr = serializers.CharField(max_length=80)
    starts_on = serializers.DateField(required=False, help_text="Default: today.")
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class OpsMissionsApi(APIView):
    """Operators: every mission, retired ones included; add one."""

    permission_classes = (IsOperator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_ops_missions_list",
        summary="Every mission, retired ones included (operators)",
        responses={200: MissionOutput(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        return Response(MissionOutput(Mission.objects.all(), many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="community_ops_missions_create",
        summary="Add a mission (operators); refused when it could never complete",
        request=MissionInput,
        responses={201: MissionOutput, **error_responses(400, 401, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        mission = services.mission_create(**valid(MissionInput, request.data))
        return Response(MissionOutput(mission).data, status=status.HTTP_201_CREATED)


class OpsMissionRetireApi(APIView):
    permission_classes = (IsOperator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_ops_mission_retire",
        summary="Retire a mission (operators): completions and points stay",
        request=None,
        responses={200: MissionOutput, **error_responses(401, 403, 404)},
    )
    def post(self, request: Request, mission_id: int) -> Response:
        mission = get_or_404(Mission.objects.all(), _("No such mission."), pk=mission_id)
        return Response(MissionOutput(services.mission_retire(mission=mission)).data)
