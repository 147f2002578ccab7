"""A round's week board: draft -> open -> locked -> result polling -> provisional ->
official -> settled -> emails -> debrief, with the players who picked and what the
operator may do now."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.openapi import error_responses
from backend.common.permissions import IsOperator
from backend.game.apis.operator import OPERATOR_403, OperatorRoundOutput
from backend.ops import selectors
from backend.racing.models import ImportRun

STEPS = ("draft", "open", "locked", "polling", "provisional", "official", "settled", "emails")
ACTIONS = ("open", "void", "settle", "import_result")


class StepOutput(serializers.Serializer[Any]):
    key = serializers.ChoiceField(choices=[*STEPS, "debrief"])
    state = serializers.CharField(help_text="done, current, pending or skipped.")
    at = serializers.DateTimeField(allow_null=True)
    detail = serializers.CharField()


class PollingOutput(serializers.Serializer[Any]):
    featured = serializers.BooleanField()
    active = serializers.BooleanField(help_text="Past post time, within 2 days, not final.")
    last_poll = serializers.DateTimeField(allow_null=True)
    last_status = serializers.CharField(help_text="The last poll's import run status.")
    last_answer = serializers.CharField(help_text="What the feed answered (or the error).")
    next_poll = serializers.DateTimeField(allow_null=True)


class EmailCountsOutput(serializers.Serializer[Any]):
    kind = serializers.CharField()
    sent = serializers.IntegerField()
    skipped = serializers.IntegerField()
    failed = serializers.IntegerField()
    retrying = serializers.IntegerField()
    sending = serializers.IntegerField()


class ImportRunOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=ImportRun.Kind.choices)
    trigger = serializers.ChoiceField(choices=ImportRun.Trigger.choices)
    status = serializers.ChoiceField(choices=ImportRun.Status.choices)
    file_name = serializers.CharField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    removed = serializers.IntegerField(help_text="Rows deleted: dividends a correction dropped.")
    summary = serializers.CharField()
    error = serializers.CharField()


class DebriefOutput(serializers.Serializer[Any]):
    topic = serializers.IntegerField()
    at = serializers.DateTimeField()
    version = serializers.IntegerField(allow_null=True)


class BoardOutput(serializers.Serializer[Any]):
    round = OperatorRoundOutput()
    steps = StepOutput(many=True)
    players = serializers.IntegerField(help_text="The season's players (notifications' audience).")
    picked = serializers.IntegerField()
    polling = PollingOutput()
    emails = EmailCountsOutput(many=True)
    imports = ImportRunOutput(many=True, help_text="The race's latest import runs.")
    actions = serializers.ListField(child=serializers.ChoiceField(choices=ACTIONS))
    debrief = DebriefOutput(allow_null=True)
    notes = serializers.ListField(
        child=serializers.CharField(),
        help_text="What to know before acting: a short card, a draft past its post time.",
    )


class RoundBoardApi(APIView):
    """The round's week, step by step, from what every app recorded."""

    permission_classes = (IsOperator,)

    @extend_schema(
        responses={200: BoardOutput, **error_responses(404, **OPERATOR_403)},
        operation_id="operator_round_board",
    )
    def get(self, request: Request, round_id: int) -> Response:
        return Response(BoardOutput(selectors.round_board(round_id=round_id)).data)
