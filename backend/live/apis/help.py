"""Live help over HTTP: helpers' status, live questions and their conversations, ratings,
publishing, and the operators' live-help figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.accounts.models import User
from backend.common.inputs import JsonInput, query_valid, valid
from backend.common.openapi import error_responses
from backend.common.pagination import PAGE_PARAMETERS, page, paged_response, paginated
from backend.live import selectors
from backend.live.models import TEXT_MAX, HelpMessage, HelpRequest
from backend.live.services import help as help_services

from . import TAGS


class HelperInput(JsonInput):
    opted_in = serializers.BooleanField()
    available = serializers.BooleanField()


class HelperOutput(serializers.Serializer[Any]):
    opted_in = serializers.BooleanField()
    available = serializers.BooleanField()
    eligible = serializers.BooleanField(help_text="Whether this player may take questions.")


class HelperApi(APIView):
    def _out(self, user: User) -> dict[str, Any]:
        profile = selectors.helper_profile(user=user)
        return {
            "opted_in": profile.opted_in,
            "available": profile.available,
            "eligible": selectors.helper_eligible(user),
        }

    @extend_schema(tags=TAGS, summary="My helper status", responses={200: HelperOutput})
    def get(self, request: Request) -> Response:
        return Response(self._out(request_user(request)))

    @extend_schema(
        tags=TAGS,
        summary="Opt in or out as a helper; be available or away",
        request=HelperInput,
        responses={200: HelperOutput, **error_responses(403, s403="Not at the helper level.")},
    )
    def put(self, request: Request) -> Response:
        data = valid(HelperInput, request.data)
        user = request_user(request)
        help_services.helper_set(user=user, **data)
        return Response(self._out(user))


class HelpMessageOutput(serializers.ModelSerializer[HelpMessage]):
    name = serializers.CharField(source="author.public_name")

    class Meta:
        model = HelpMessage
        fields = ("id", "author", "name", "text", "created_at")


class HelpOutput(serializers.ModelSerializer[HelpRequest]):
    asker_name = serializers.CharField(source="asker.public_name")
    helper_name = serializers.SerializerMethodField()

    class Meta:
        model = HelpRequest
        fields: tuple[str, ...] = (
            "id",
            "question",
            "page",
            "status",
            "asker",
            "asker_name",
            "helper",
            "helper_name",
            "created_at",
            "expires_at",
            "taken_at",
            "first_response_at",
            "closed_at",
            "rating",
            "forum_topic",
            "asker_consents",
            "helper_consents",
            "published_topic",
        )

    def get_helper_name(self, obj: HelpRequest) -> str | None:
        return obj.helper.public_name if obj.helper else None


class HelpDetailOutput(HelpOutput):
    messages = serializers.SerializerMethodField()

    class Meta(HelpOutput.Meta):
        fields = (*HelpOutput.Meta.fields, "messages")

    @extend_schema_field(HelpMessageOutput(many=True))
    def get_messages(self, obj: HelpRequest) -> list[dict[str, Any]]:
        return list(HelpMessageOutput(selectors.help_messages(request=obj), many=True).data)


class HelpAskInput(JsonInput):
    question = serializers.CharField(max_length=TEXT_MAX, trim_whitespace=False)
    page = serializers.CharField(max_length=200, required=False, allow_blank=True)


class HelpListApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="My live questions and the conversations I help in",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(HelpOutput, name="PaginatedHelpRequestList")},
    )
    def get(self, request: Request) -> Response:
        paginator, rows = page(request, self, selectors.help_mine(user=request_user(request)))
        return paged_response(paginator, HelpOutput(rows, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Ask a helper",
        request=HelpAskInput,
        responses={201: HelpOutput, **error_responses(403, 409, 429)},
    )
    def post(self, request: Request) -> Response:
        data = valid(HelpAskInput, request.data)
        asked = help_services.help_ask(asker=request_user(request), **data)
        return Response(HelpOutput(asked).data, status=status.HTTP_201_CREATED)


class HelpInboxApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Live questions waiting for a helper (empty for non-helpers)",
        responses={200: HelpOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.help_inbox(user=request_user(request))[:100]
        return Response(HelpOutput(rows, many=True).data)


class HelpDetailApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="A live question and its conversation",
        operation_id="live_help_detail",
        responses={200: HelpDetailOutput, **error_responses(404)},
    )
    def get(self, request: Request, request_id: int) -> Response:
        found = selectors.help_get(request_id=request_id, user=request_user(request))
        return Response(HelpDetailOutput(found).data)


ACTIONS = {
    "take": lambda user, pk: help_services.help_take(helper=user, request_id=pk),
    "close": lambda user, pk: help_services.help_close(user=user, request_id=pk),
    "publish": lambda user, pk: help_services.help_publish_consent(user=user, request_id=pk),
}


class HelpActionApi(APIView):
    """take (a helper), close (either person), publish (consent; both publish it)."""

    action = ""

    @extend_schema(
        tags=TAGS,
        summary="Take, close or consent to publish a live question",
        request=None,
        responses={200: HelpOutput, **error_responses(404, 409)},
    )
    def post(self, request: Request, request_id: int) -> Response:
        done = ACTIONS[self.action](request_user(request), request_id)
        return Response(HelpOutput(done).data)


class RateInput(JsonInput):
    rating = serializers.IntegerField(min_value=1, max_value=5)


class HelpRateApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Rate the help 1 to 5 (the asker, once)",
        request=RateInput,
        responses={200: HelpOutput, **error_responses(404, 409)},
    )
    def post(self, request: Request, request_id: int) -> Response:
        data = valid(RateInput, request.data)
        rated = help_services.help_rate(
            asker=request_user(request), request_id=request_id, rating=data["rating"]
        )
        return Response(HelpOutput(rated).data)


class MetricsQuery(JsonInput):
    weeks = serializers.IntegerField(min_value=1, max_value=104, required=False, default=8)


class HelpMetricsApi(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(
        tags=TAGS,
        summary="Live help figures: overall, per week and per helper (operators)",
        parameters=[MetricsQuery],
        responses={200: inline_serializer("LiveHelpMetrics", {"overall": serializers.DictField()})},
    )
    def get(self, request: Request) -> Response:
        weeks = query_valid(MetricsQuery, request)["weeks"]
        since = timezone.now() - dt.timedelta(weeks=weeks)
        return Response(selectors.help_metrics(since=since))
