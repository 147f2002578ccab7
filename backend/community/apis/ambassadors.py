"""Operators: the ambassadors, the candidates, and granting or taking back the role."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.models import User
from backend.common.openapi import error_responses
from backend.common.permissions import IsOperator
from backend.community import services
from backend.community.selectors.ambassadors import ambassador_candidates, ambassadors
from backend.community.selectors.reputation import player_get
from backend.community.selectors.topics import public_name

from .base import TAGS


class CandidateOutput(serializers.Serializer[Any]):
    player_id = serializers.IntegerField()
    display_name = serializers.CharField()
    answered = serializers.IntegerField(help_text="Answers to others' questions, recent weeks.")
    solved = serializers.IntegerField(help_text="Of those, accepted by the asker.")
    solved_share = serializers.FloatField(help_text="0 to 1.")
    active_weeks = serializers.IntegerField(help_text="Weeks with at least one answer.")


class AmbassadorOutput(serializers.Serializer[Any]):
    player_id = serializers.IntegerField()
    display_name = serializers.CharField()


class AmbassadorsOutput(serializers.Serializer[Any]):
    ambassadors = AmbassadorOutput(many=True)
    candidates = CandidateOutput(many=True)


class AmbassadorStateOutput(serializers.Serializer[Any]):
    player_id = serializers.IntegerField()
    ambassador = serializers.BooleanField()


class AmbassadorsApi(APIView):
    permission_classes = (IsOperator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_ops_ambassadors",
        summary="Ambassadors and candidate ambassadors (operators)",
        responses={200: AmbassadorsOutput, **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        people = User.objects.filter(pk__in=ambassadors()).order_by("pk")
        data = {
            "ambassadors": [{"player_id": u.pk, "display_name": public_name(u)} for u in people],
            "candidates": ambassador_candidates(now=timezone.now()),
        }
        return Response(AmbassadorsOutput(data).data)


class AmbassadorApi(APIView):
    permission_classes = (IsOperator,)

    def _set(self, player_id: int, *, ambassador: bool) -> Response:
        player = player_get(player_id=player_id)
        services.ambassador_set(player=player, ambassador=ambassador)
        return Response(
            AmbassadorStateOutput({"player_id": player.pk, "ambassador": ambassador}).data
        )

    @extend_schema(
        tags=TAGS,
        operation_id="community_ops_ambassador_grant",
        summary="Grant the ambassador role (operators; idempotent)",
        request=None,
        responses={200: AmbassadorStateOutput, **error_responses(401, 403, 404)},
    )
    def post(self, request: Request, player_id: int) -> Response:
        return self._set(player_id, ambassador=True)

    @extend_schema(
        tags=TAGS,
        operation_id="community_ops_ambassador_revoke",
        summary="Take the ambassador role back (operators)",
        responses={200: AmbassadorStateOutput, **error_responses(401, 403, 404)},
    )
    def delete(self, request: Request, player_id: int) -> Response:
        return self._set(player_id, ambassador=False)
