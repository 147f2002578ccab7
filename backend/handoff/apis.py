"""The hand-off API: the player's controls, a round's betting offer, partner postbacks."""

from __future__ import annotations

import json
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.errors import ApplicationError
from backend.common.inputs import JsonInput, query_valid
from backend.common.openapi import error_responses
from backend.game.selectors import round_get

from .models import BettingPreference, Conversion, OfferPage
from .selectors.offers import Offer, betting_offer_check, betting_preference_for, community_url_for
from .services import (
    SELF_EXCLUSION_MONTHS,
    betting_preference_update,
    betting_self_exclusion_start,
    conversion_record,
    postback_partner,
)


class BettingPreferenceOutput(serializers.ModelSerializer[BettingPreference]):
    self_excluded = serializers.SerializerMethodField()
    self_exclusion_periods = serializers.SerializerMethodField()

    class Meta:
        model = BettingPreference
        fields = (
            "offers_enabled",
            "self_excluded",
            "self_excluded_until",
            "self_exclusion_periods",
        )
        read_only_fields = fields

    def get_self_excluded(self, obj: BettingPreference) -> bool:
        return obj.is_self_excluded()

    def get_self_exclusion_periods(self, obj: BettingPreference) -> list[str]:
        return list(SELF_EXCLUSION_MONTHS)


class BettingPreferenceInput(JsonInput):
    offers_enabled = serializers.BooleanField()


class BettingSelfExclusionInput(JsonInput):
    period = serializers.ChoiceField(choices=list(SELF_EXCLUSION_MONTHS))


class PreferencesApi(APIView):
    """The signed-in player's betting-offer controls."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=BettingPreferenceOutput, operation_id="handoff_preferences_retrieve")
    def get(self, request: Request) -> Response:
        return Response(
            BettingPreferenceOutput(betting_preference_for(player=request_user(request))).data
        )

    @extend_schema(
        request=BettingPreferenceInput,
        responses={
            200: BettingPreferenceOutput,
            **error_responses(s409="Offers stay off during a self-exclusion."),
        },
        operation_id="handoff_preferences_update",
        description="Turn betting offers on or off. Turning them on while self-excluded: 409.",
    )
    def patch(self, request: Request) -> Response:
        data = BettingPreferenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        pref = betting_preference_update(
            player=request_user(request), offers_enabled=data.validated_data["offers_enabled"]
        )
        return Response(BettingPreferenceOutput(pref).data)


class SelfExclusionApi(APIView):
    """Self-exclusion from every betting offer: 6 months, 1 year or 5 years, never shortened."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request=BettingSelfExclusionInput,
        responses={
            201: BettingPreferenceOutput,
            **error_responses(s409="A period ending before the current exclusion's."),
        },
        operation_id="handoff_self_exclusion_create",
        description=(
            "Starts (or extends) a self-exclusion. It cannot be lifted or shortened: a period "
            "ending before the current exclusion's end is refused with 409."
        ),
    )
    def post(self, request: Request) -> Response:
        data = BettingSelfExclusionInput(data=request.data)
        data.is_valid(raise_exception=True)
        pref = betting_self_exclusion_start(
            player=request_user(request), period=data.validated_data["period"]
        )
        return Response(BettingPreferenceOutput(pref).data, status=status.HTTP_201_CREATED)


class BettingActionOutput(serializers.Serializer[Any]):
    bet_kind = serializers.CharField()
    runner = serializers.IntegerField(source="runner_number")
    runner_name = serializers.CharField()
    url = serializers.CharField(source="path", help_text="/go/bet/<token>: follow it.")


class ResponsibleGamblingOutput(serializers.Serializer[Any]):
    country = serializers.CharField(source="notice.country")
    text = serializers.CharField(source="notice_text")
    helpline_name = serializers.CharField(source="notice.helpline_name")
    helpline_url = serializers.CharField(source="notice.helpline_url")
    helpline_phone = serializers.CharField(source="notice.helpline_phone")


class BettingOfferOutput(serializers.Serializer[Offer]):
    partner = inline_serializer(
        "BettingOfferPartner", {"name": serializers.CharField(), "slug": serializers.CharField()}
    )
    round = serializers.IntegerField(source="round.pk")
    page = serializers.CharField()
    actions = BettingActionOutput(many=True)
    responsible_gambling = ResponsibleGamblingOutput(source="*")


class RoundBettingOfferOutput(serializers.Serializer[Any]):
    offer = BettingOfferOutput(allow_null=True)
    reason = serializers.CharField(
        allow_null=True,
        help_text=(
            "Why there is no offer, about the player's own situation: inactive, "
            "self_excluded, opted_out, age_unknown, country, underage, round_closed, no_pick."
        ),
    )
    community_url = serializers.CharField(help_text="Where to ask the community about the round.")


class BettingOfferQuery(JsonInput):
    page = serializers.ChoiceField(choices=OfferPage.choices, required=False)


class RoundOfferApi(APIView):
    """The "bet it for real" offer on a round, only for players eligible right now."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[
            OpenApiParameter("page", OpenApiTypes.STR, enum=list(OfferPage.values), required=False)
        ],
        responses=RoundBettingOfferOutput,
        operation_id="handoff_round_offer_retrieve",
    )
    def get(self, request: Request, round_id: int) -> Response:
        query = query_valid(BettingOfferQuery, request)
        round_ = round_get(round_id=round_id)
        decision = betting_offer_check(
            player=request_user(request), round=round_, page=query.get("page")
        )
        body = {
            "offer": BettingOfferOutput(decision.offer).data if decision.offer else None,
            "reason": decision.reason.value if decision.reason else None,
            "community_url": community_url_for(round_id=round_.pk),
        }
        return Response(body)


class ConversionPostbackInput(JsonInput):
    click_id = serializers.UUIDField(required=False)
    token = serializers.CharField(required=False, max_length=500)
    event = serializers.ChoiceField(choices=Conversion.Event.choices)
    occurred_at = serializers.DateTimeField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("click_id") and not attrs.get("token"):
            raise serializers.ValidationError("Give click_id or token.")
        return attrs


class ConversionPostbackOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="conversion.pk")
    event = serializers.CharField(source="conversion.event")
    created = serializers.BooleanField()


class PostbackApi(APIView):
    """A partner reports a conversion (an account opened) of a player we sent it."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "handoff_postback"

    @extend_schema(
        request=ConversionPostbackInput,
        responses={
            201: ConversionPostbackOutput,
            200: ConversionPostbackOutput,
            **error_responses(s403="Not signed by a known partner."),
        },
        operation_id="handoff_postback_create",
        auth=[],
        parameters=[
            OpenApiParameter("X-Paddock-Partner", str, OpenApiParameter.HEADER, required=True),
            OpenApiParameter(
                "X-Paddock-Signature",
                str,
                OpenApiParameter.HEADER,
                description="sha256=<hex HMAC-SHA256 of the raw body with the postback secret>",
            ),
        ],
        description=(
            "Signed with X-Paddock-Signature (or Authorization: Bearer <secret>). 201 the "
            "first time, 200 with the same conversion when repeated; 403 bad signature; 404 "
            "unknown click."
        ),
    )
    def post(self, request: Request) -> Response:
        body = request.body  # the exact bytes that were signed, before any parsing
        partner = postback_partner(
            slug=request.headers.get("X-Paddock-Partner", ""),
            signature=request.headers.get("X-Paddock-Signature"),
            authorization=request.headers.get("Authorization"),
            body=body,
        )
        try:
            payload = json.loads(body or b"null")
        except ValueError as exc:
            raise ApplicationError("The body is not JSON.", code="invalid_json") from exc
        data = ConversionPostbackInput(data=payload if isinstance(payload, dict) else {})
        data.is_valid(raise_exception=True)
        recorded = conversion_record(
            partner=partner,
            click_id=data.validated_data.get("click_id"),
            token=data.validated_data.get("token"),
            event=data.validated_data["event"],
            occurred_at=data.validated_data["occurred_at"],
        )
        return Response(
            ConversionPostbackOutput(recorded).data,
            status=status.HTTP_201_CREATED if recorded.created else status.HTTP_200_OK,
        )
