"""Moderation of the live layer over HTTP (staff and the "moderators" group, as in the
community): members report a message; moderators work through the queue of reports
(hide the message, or dismiss), search messages, hide or show one, and mute a member."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.accounts.models import User
from backend.common.errors import get_or_404
from backend.common.inputs import JsonInput, query_valid, valid
from backend.common.openapi import error_responses
from backend.common.pagination import PAGE_PARAMETERS, page, paged_response, paginated
from backend.community.permissions import IsModerator
from backend.live import selectors
from backend.live.models import Decision, HelpMessage, Report, RoomMessage
from backend.live.services import moderation

from . import TAGS

KINDS = ["room", "help"]


class ReportInput(JsonInput):
    kind = serializers.ChoiceField(choices=KINDS)
    message = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=200)


class ReportApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Report a room or help message to the moderators",
        request=ReportInput,
        responses={
            201: inline_serializer("LiveReportOutput", {"id": serializers.IntegerField()}),
            **error_responses(404),
        },
    )
    def post(self, request: Request) -> Response:
        data = valid(ReportInput, request.data)
        report = moderation.report_create(
            reporter=request_user(request),
            kind=data["kind"],
            message_id=data["message"],
            reason=data["reason"],
        )
        return Response({"id": report.pk}, status=status.HTTP_201_CREATED)


class ModeratedMessageOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    author = serializers.IntegerField(source="author_id")
    name = serializers.CharField(source="author.public_name")
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    is_hidden = serializers.BooleanField()
    where = serializers.SerializerMethodField()

    def get_where(self, obj: RoomMessage | HelpMessage) -> str:
        """'room:<league>/<round>' or 'help:<request>'."""
        if isinstance(obj, RoomMessage):
            return f"room:{obj.league.public_id}/{obj.round_id}"
        return f"help:{obj.request_id}"


class SearchQuery(JsonInput):
    kind = serializers.ChoiceField(choices=KINDS, required=False, default="room")
    q = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    player = serializers.IntegerField(min_value=1, required=False)
    league = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    page = serializers.IntegerField(min_value=1, required=False)


class ModerationMessagesApi(APIView):
    permission_classes = [IsModerator]

    @extend_schema(
        tags=TAGS,
        summary="Moderators read and search room and help messages (hidden ones too)",
        parameters=[SearchQuery],
        responses={200: paginated(ModeratedMessageOutput, name="PaginatedLiveMessageList")},
    )
    def get(self, request: Request) -> Response:
        query = query_valid(SearchQuery, request)
        query.pop("page", None)
        rows = selectors.messages_search(
            kind=query["kind"],
            query=query["q"],
            player_id=query.get("player"),
            league=query["league"],
        )
        paginator, found = page(request, self, rows)
        return paged_response(paginator, ModeratedMessageOutput(found, many=True).data)


class HideInput(JsonInput):
    hidden = serializers.BooleanField()


class ModerationHideApi(APIView):
    permission_classes = [IsModerator]

    @extend_schema(
        tags=TAGS,
        summary="Hide a message (or show it again)",
        request=HideInput,
        responses={200: ModeratedMessageOutput, **error_responses(404)},
    )
    def post(self, request: Request, kind: str, message_id: int) -> Response:
        data = valid(HideInput, request.data)
        done = moderation.message_hide(
            moderator=request_user(request),
            kind="room" if kind == "room" else "help",
            message_id=message_id,
            hidden=data["hidden"],
        )
        return Response(ModeratedMessageOutput(done).data)


class MuteInput(JsonInput):
    player = serializers.IntegerField(min_value=1)
    minutes = serializers.IntegerField(min_value=1, max_value=60 * 24 * 30, required=False)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ModerationMuteApi(APIView):
    permission_classes = [IsModerator]

    @extend_schema(
        tags=TAGS,
        summary="Mute a member in rooms and live help for a time",
        request=MuteInput,
        responses={
            201: inline_serializer("LiveMuteOutput", {"until": serializers.DateTimeField()}),
            **error_responses(404),
        },
    )
    def post(self, request: Request) -> Response:
        data = valid(MuteInput, request.data)
        player = get_or_404(
            User.objects.filter(is_active=True), _("No such player."), pk=data["player"]
        )
        mute = moderation.member_mute(
            moderator=request_user(request),
            player=player,
            minutes=data.get("minutes"),
            reason=data["reason"],
        )
        return Response({"until": mute.until}, status=status.HTTP_201_CREATED)


class ReportQueueOutput(serializers.ModelSerializer[Report]):
    """A report as the moderators' queue shows it: who reported (never their address),
    why, and the message as the moderators' message search shows it."""

    kind = serializers.ChoiceField(choices=KINDS, read_only=True)
    reporter_name = serializers.CharField(source="reporter.public_name", read_only=True)
    decision = serializers.SerializerMethodField(
        help_text="How it was resolved: its message hidden or the report dismissed (null "
        "while open)."
    )
    resolved_by_name = serializers.SerializerMethodField(
        help_text="The public name of the moderator who resolved it (null while open)."
    )
    message = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = (
            "id",
            "kind",
            "reason",
            "created_at",
            "resolved_at",
            "decision",
            "resolved_by_name",
            "reporter",
            "reporter_name",
            "message",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Decision.choices, allow_null=True))
    def get_decision(self, report: Report) -> str | None:
        return report.decision or None

    def get_resolved_by_name(self, report: Report) -> str | None:
        return report.resolved_by.public_name if report.resolved_by else None

    @extend_schema_field(ModeratedMessageOutput)
    def get_message(self, report: Report) -> dict[str, Any]:
        return dict(ModeratedMessageOutput(report.message).data)


class ReportQueueQuery(JsonInput):
    resolved = serializers.ChoiceField(
        choices=["true", "false"],
        required=False,
        default="false",
        help_text="true: the reports already resolved instead of the open ones.",
    )


class ReportResolveInput(JsonInput):
    action = serializers.ChoiceField(
        choices=["hide", "dismiss"],
        help_text="hide hides the message; dismiss leaves it. Either resolves every open "
        "report on the message.",
    )


class ReportQueueApi(APIView):
    """The moderators' queue of reported live messages."""

    permission_classes = (IsModerator,)

    @extend_schema(
        tags=TAGS,
        operation_id="live_moderation_reports",
        summary="Reported room and help messages: open ones (or resolved ones), newest first",
        parameters=[ReportQueueQuery, *PAGE_PARAMETERS],
        responses={
            200: paginated(ReportQueueOutput, name="LiveReportPageOutput"),
            **error_responses(400, 403),
        },
    )
    def get(self, request: Request) -> Response:
        query = query_valid(ReportQueueQuery, request)
        reports = selectors.reports_queue(resolved=query["resolved"] == "true")
        paginator, rows = page(request, self, reports)
        return paged_response(paginator, ReportQueueOutput(rows, many=True).data)


class ReportResolveApi(APIView):
    """Moderators decide on a report."""

    permission_classes = (IsModerator,)

    @extend_schema(
        tags=TAGS,
        operation_id="live_moderation_report_resolve",
        summary="Hide the reported message or dismiss the report (either resolves every "
        "open report on the message)",
        request=ReportResolveInput,
        responses={
            200: ReportQueueOutput,
            **error_responses(400, 403, 404, 409, s409="`already_resolved`: decided before."),
        },
    )
    def post(self, request: Request, report_id: int) -> Response:
        data = valid(ReportResolveInput, request.data)
        report = moderation.report_resolve(
            moderator=request_user(request),
            report_id=report_id,
            hide=data["action"] == "hide",
        )
        return Response(ReportQueueOutput(report).data)
