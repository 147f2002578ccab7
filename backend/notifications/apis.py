"""The player's email preferences: GET/PATCH /api/v1/notifications/preferences/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.inputs import JsonInput
from backend.handoff.selectors.offers import betting_offers_on

from .models import EmailPreference
from .selectors import preferences_of
from .services import preferences_update


class PreferencesOutput(serializers.Serializer[EmailPreference]):
    round_open = serializers.BooleanField(help_text="“The race of the week is open”.")
    reminders = serializers.BooleanField(help_text="Reminder before the lock, if no pick yet.")
    results = serializers.BooleanField(help_text="Results after settlement, and corrections.")
    community_digest = serializers.BooleanField(
        help_text="Daily digest: replies, accepted answers, badges (off by default)."
    )
    betting_offers = serializers.SerializerMethodField(
        help_text="Betting offers on (shown on the pick page only, before the race: never in "
        "an email); change it at /api/v1/handoff/preferences/."
    )

    def get_betting_offers(self, obj: EmailPreference) -> bool:
        return betting_offers_on(player=obj.player)


class PreferencesInput(JsonInput):
    round_open = serializers.BooleanField(required=False)
    reminders = serializers.BooleanField(required=False)
    results = serializers.BooleanField(required=False)
    community_digest = serializers.BooleanField(required=False)


class PreferencesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PreferencesOutput, summary="My email preferences")
    def get(self, request: Request) -> Response:
        return Response(PreferencesOutput(preferences_of(player=request_user(request))).data)

    @extend_schema(request=PreferencesInput, responses=PreferencesOutput, summary="Change them")
    def patch(self, request: Request) -> Response:
        data = PreferencesInput(data=request.data)
        data.is_valid(raise_exception=True)
        player = request_user(request)
        if data.validated_data:
            preference = preferences_update(player=player, changes=dict(data.validated_data))
        else:
            preference = preferences_of(player=player)
        return Response(PreferencesOutput(preference).data)
