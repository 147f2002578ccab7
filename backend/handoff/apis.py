"""The hand-off API: the player's controls, a round's betting offer, the reality check,
partner postbacks."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
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
from backend.game.selectors import round_get, season_current, season_get

from .models import BettingPreference, Conversion, OfferPage
from .periods import ALL_SELF_EXCLUSION_CODES, BREAK, self_exclusion_scheme
from .selectors.offers import (
    Offer,
    betting_content_hidden,
    betting_offer_check,
    betting_preference_for,
    community_url_for,
)
from .selectors.reality import STAKE_CENTS, RealityCheck, reality_check
from .services import (
    betting_break_start,
    betting_preference_update,
    betting_self_exclusion_start,
    conversion_record,
    offer_impression_record,
    postback_partner,
    reality_check_seen_record,
)


class BettingPreferenceOutput(serializers.ModelSerializer[BettingPreference]):
    self_excluded = serializers.SerializerMethodField()
    self_exclusion_periods = serializers.SerializerMethodField(
        help_text="The periods of the player's country, shortest first."
    )
    self_exclusion_source = serializers.SerializerMethodField(
        help_text="Where those periods come from (regulator or national scheme)."
    )
    on_break = serializers.SerializerMethodField()
    break_periods = serializers.SerializerMethodField()

    class Meta:
        model = BettingPreference
        fields = (
            "offers_enabled",
            "self_excluded",
            "self_excluded_until",
            "self_exclusion_periods",
            "self_exclusion_source",
            "on_break",
            "break_until",
            "break_periods",
        )
        read_only_fields = fields

    def get_self_excluded(self, obj: BettingPreference) -> bool:
        return obj.is_self_excluded()

    def get_self_exclusion_periods(self, obj: BettingPreference) -> list[str]:
        return self_exclusion_scheme(obj.player.country).codes

    @extend_schema_field(
        inline_serializer(
            "PeriodSource", {"text": serializers.CharField(), "url": serializers.CharField()}
        )
    )
    def get_self_exclusion_source(self, obj: BettingPreference) -> dict[str, str]:
        scheme = self_exclusion_scheme(obj.player.country)
        return {"text": str(scheme.source), "url": scheme.source_url}

    def get_on_break(self, obj: BettingPreference) -> bool:
        return obj.is_on_break()

    def get_break_periods(self, obj: BettingPreference) -> list[str]:
        return BREAK.codes


class BettingPreferenceInput(JsonInput):
    offers_enabled = serializers.BooleanField()


class BreakInput(JsonInput):
    period = serializers.ChoiceField(choices=BREAK.codes, help_text="One of `break_periods`.")


class SelfExclusionInput(JsonInput):
    period = serializers.ChoiceField(
        choices=ALL_SELF_EXCLUSION_CODES,
        help_text="One of `self_exclusion_periods`: the player's country's (else 400).",
    )


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
    """Self-exclusion from every betting offer, for a period of the player's country, never
    shortened."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request=SelfExclusionInput,
        responses={
            201: BettingPreferenceOutput,
            **error_responses(s409="A period ending before the current exclusion's."),
        },
        operation_id="handoff_self_exclusion_create",
        description=(
            "Starts (or extends) a self-exclusion for one of `self_exclusion_periods` (the "
            "player's country's: FR 7d to 3y, GB 6m, 1y, 5y); another period is 400 "
            "`invalid_period`. It cannot be lifted or shortened: a period ending before the "
            "current exclusion's end is refused with 409."
        ),
    )
    def post(self, request: Request) -> Response:
        data = SelfExclusionInput(data=request.data)
        data.is_valid(raise_exception=True)
        pref = betting_self_exclusion_start(
            player=request_user(request), period=data.validated_data["period"]
        )
        return Response(BettingPreferenceOutput(pref).data, status=status.HTTP_201_CREATED)


class BreakApi(APIView):
    """A short break from every betting offer: 24 hours up to 6 weeks, never shortened."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request=BreakInput,
        responses={
            201: BettingPreferenceOutput,
            **error_responses(s409="A period ending before the current break's."),
        },
        operation_id="handoff_break_create",
        description=(
            "Starts (or extends) a break for one of `break_periods` (24h, 1w, 1m, 6w); another "
            "period is 400 `invalid_period`. It ends by itself and cannot be cut short: a "
            "period ending before the current break's end is refused with 409."
        ),
    )
    def post(self, request: Request) -> Response:
        data = BreakInput(data=request.data)
        data.is_valid(raise_exception=True)
        pref = betting_break_start(
            player=request_user(request), period=data.validated_data["period"]
        )
        return Response(BettingPreferenceOutput(pref).data, status=status.HTTP_201_CREATED)


class RealityCheckOutput(serializers.Serializer[RealityCheck]):
    season = serializers.IntegerField(source="season_id")
    season_name = serializers.CharField()
    stake_cents = serializers.SerializerMethodField(help_text="Per bet: 2 € (200).")
    weeks = serializers.IntegerField(help_text="Settled or void rounds picked this season.")
    weeks_lost = serializers.IntegerField(help_text="Weeks whose two bets returned less.")
    staked_cents = serializers.IntegerField()
    returned_cents = serializers.IntegerField()
    net_cents = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=["gain", "loss", "even"])
    refunded_bets = serializers.IntegerField(help_text="Bets refunded: non-runners, void races.")
    seen = serializers.BooleanField(help_text="Read by the player this season.")

    def get_stake_cents(self, obj: RealityCheck) -> int:
        return STAKE_CENTS


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
    source_reference = serializers.CharField(
        source="notice.source", help_text="The legal text or code the wording comes from."
    )
    source_url = serializers.CharField(source="notice.source_url")


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
            "self_excluded, on_break, opted_out, age_unknown, country, underage, "
            "round_closed (the race has started, or the page never has offers), no_pick."
        ),
    )
    reality_check = RealityCheckOutput(
        allow_null=True,
        help_text=(
            "With every offer: the season's reality check. Show it before the actions "
            "until `seen` is true (POST /api/v1/handoff/reality-check/seen/)."
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
        description=(
            "Offers are only made on the pick page of a round whose race has not started: "
            "`page=results` always answers `offer: null` with `round_closed`."
        ),
    )
    def get(self, request: Request, round_id: int) -> Response:
        query = query_valid(BettingOfferQuery, request)
        player = request_user(request)
        round_ = round_get(round_id=round_id)
        decision = betting_offer_check(player=player, round=round_, page=query.get("page"))
        check = None
        if decision.offer is not None:
            offer_impression_record(player=player, round=round_, page=decision.offer.page)
            check = RealityCheckOutput(reality_check(player=player, season=round_.season)).data
        body = {
            "offer": BettingOfferOutput(decision.offer).data if decision.offer else None,
            "reason": decision.reason.value if decision.reason else None,
            "reality_check": check,
            "community_url": community_url_for(round_id=round_.pk),
        }
        return Response(body)


class RealityCheckQuery(JsonInput):
    season = serializers.IntegerField(required=False, min_value=1)


class RealityCheckAnswer(serializers.Serializer[Any]):
    reality_check = RealityCheckOutput(allow_null=True)
    reason = serializers.CharField(
        allow_null=True,
        help_text="self_excluded or on_break (no betting content at all), or no_season.",
    )


class RealityCheckApi(APIView):
    """What my picks this season would have returned at real 2 € stakes, uncapped."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[RealityCheckQuery],
        responses=RealityCheckAnswer,
        operation_id="handoff_reality_check_retrieve",
        description=(
            "The season's (default: the current one) reality check: each settled week as a "
            "2 € win bet and a 2 € place bet at the official dividends, no cap; a non-runner "
            "or a void race refunds the bet. Null while self-excluded or on a break."
        ),
    )
    def get(self, request: Request) -> Response:
        query = query_valid(RealityCheckQuery, request)
        player = request_user(request)
        hidden = betting_content_hidden(player=player)
        season_id = query.get("season")
        season = season_get(season_id=season_id) if season_id else season_current()
        if hidden is not None or season is None:
            reason = hidden.value if hidden is not None else "no_season"
            return Response({"reality_check": None, "reason": reason})
        check = reality_check(player=player, season=season)
        return Response({"reality_check": RealityCheckOutput(check).data, "reason": None})


class RealityCheckSeenInput(JsonInput):
    season = serializers.IntegerField(min_value=1)


class RealityCheckSeenApi(APIView):
    """I have read this season's reality check: the offer's actions may be shown."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request=RealityCheckSeenInput,
        responses={201: RealityCheckOutput, **error_responses(s403="Self-excluded or on a break.")},
        operation_id="handoff_reality_check_seen_create",
        description="Idempotent. 403 `self_excluded` or `on_break`: no betting content now.",
    )
    def post(self, request: Request) -> Response:
        data = RealityCheckSeenInput(data=request.data)
        data.is_valid(raise_exception=True)
        player = request_user(request)
        season = season_get(season_id=data.validated_data["season"])
        hidden = betting_content_hidden(player=player)
        if hidden is not None:
            raise ApplicationError(
                _("Betting content is off during a self-exclusion or a break."),
                code=hidden.value,
                status_code=status.HTTP_403_FORBIDDEN,
            )
        reality_check_seen_record(player=player, season=season)
        check = reality_check(player=player, season=season)
        return Response(RealityCheckOutput(check).data, status=status.HTTP_201_CREATED)


class ConversionPostbackInput(JsonInput):
    click_id = serializers.UUIDField(required=False)
    token = serializers.CharField(required=False, max_length=500)
    event = serializers.ChoiceField(choices=Conversion.Event.choices)
    occurred_at = serializers.DateTimeField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("click_id") and not attrs.get("token"):
            raise serializers.ValidationError(_("Give click_id or token."))
        return attrs


class ConversionPostbackOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="conversion.pk")
    event = serializers.CharField(source="conversion.event")
    created = serializers.BooleanField()


class PostbackApi(APIView):
    """A partner reports a conversion (an account opened) of a player we sent it."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (*APIView.throttle_classes, ScopedRateThrottle)
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
            raise ApplicationError(_("The body is not JSON."), code="invalid_json") from exc
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
