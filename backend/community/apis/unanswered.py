"""No question left unanswered: the queue advisers and moderators work through, and the
weekly answer times operators watch."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.inputs import JsonInput, query_valid
from backend.common.openapi import error_responses
from backend.common.permissions import IsOperator
from backend.community.permissions import IsQueueWatcher
from backend.community.selectors.unanswered import answer_times_weekly, unanswered_queue

from .base import TAGS
from .presenters import Presenter, TopicOutput


class QueueInput(JsonInput):
    category = serializers.SlugField(required=False)


class QueueRowOutput(serializers.Serializer[Any]):
    topic = TopicOutput()
    waiting_hours = serializers.IntegerField(help_text="Hours since it was asked.")
    target_hours = serializers.IntegerField(help_text="The category's first-answer target.")
    overdue = serializers.BooleanField(help_text="Waiting longer than the target.")
    notified_at = serializers.DateTimeField(
        allow_null=True, help_text="When advisers and moderators were emailed about it."
    )


class UnansweredQueueApi(APIView):
    """Questions without an answer, oldest first (advisers and moderators)."""

    permission_classes = (IsQueueWatcher,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_unanswered_queue",
        summary="Unanswered questions, oldest first, with their wait and target",
        parameters=[QueueInput],
        responses={200: QueueRowOutput(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        args = query_valid(QueueInput, request)
        queue = unanswered_queue(now=timezone.now(), category=args.get("category"))[:200]
        presenter = Presenter(request, [w.topic for w in queue])
        rows = [
            {
                "topic": presenter.topic(w.topic),
                "waiting_hours": w.waiting_hours,
                "target_hours": w.target_hours,
                "overdue": w.overdue,
                "notified_at": w.topic.overdue_notified_at,
            }
            for w in queue
        ]
        return Response(QueueRowOutput(rows, many=True).data)


class AnswerTimesInput(JsonInput):
    weeks = serializers.IntegerField(required=False, default=8, min_value=1, max_value=52)


class AnswerWeekOutput(serializers.Serializer[Any]):
    week = serializers.DateField(help_text="The Monday (UTC) of the week questions were asked.")
    questions = serializers.IntegerField()
    answered = serializers.IntegerField()
    median_first_answer_hours = serializers.FloatField(allow_null=True)
    within_target_share = serializers.FloatField(allow_null=True, help_text="0 to 1.")
    within_24h_share = serializers.FloatField(allow_null=True, help_text="0 to 1.")
    never_answered_share = serializers.FloatField(
        allow_null=True, help_text="0 to 1: still without an answer today."
    )


class AnswerTimesApi(APIView):
    """Operators: how fast questions get their first answer, week by week."""

    permission_classes = (IsOperator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_ops_answer_times",
        summary="Weekly first-answer times (operators)",
        parameters=[AnswerTimesInput],
        responses={200: AnswerWeekOutput(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        args = query_valid(AnswerTimesInput, request)
        weeks = answer_times_weekly(now=timezone.now(), weeks=args["weeks"])
        return Response(AnswerWeekOutput(weeks, many=True).data)
