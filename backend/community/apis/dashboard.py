"""The operators' community dashboard, as JSON for the console's charts and as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.inputs import JsonInput, query_valid
from backend.common.openapi import error_responses
from backend.common.permissions import IsOperator
from backend.community.selectors.dashboard import community_dashboard

from .base import TAGS
from .unanswered import AnswerWeekOutput

TABLES = ("per_category", "answer_times", "subjects", "helpers")


class DashboardInput(JsonInput):
    weeks = serializers.IntegerField(required=False, default=8, min_value=1, max_value=52)


class ExportInput(DashboardInput):
    table = serializers.ChoiceField(
        choices=[(t, t) for t in TABLES], required=False, default="per_category"
    )


class CategoryWeekOutput(serializers.Serializer[Any]):
    week = serializers.DateField(help_text="Monday (UTC).")
    category = serializers.SlugField()
    questions = serializers.IntegerField()
    unanswered = serializers.IntegerField(help_text="Still without an answer today.")


class SubjectOutput(serializers.Serializer[Any]):
    word = serializers.CharField()
    questions = serializers.IntegerField(help_text="Question titles using the word.")


class HelperSolvedShareOutput(serializers.Serializer[Any]):
    player_id = serializers.IntegerField()
    display_name = serializers.CharField()
    answered = serializers.IntegerField(help_text="Others' questions answered.")
    solved = serializers.IntegerField(help_text="Answers the asker accepted as the solution.")
    solved_share = serializers.FloatField(allow_null=True, help_text="0 to 1.")


class DashboardOutput(serializers.Serializer[Any]):
    weeks = serializers.IntegerField()
    per_category = CategoryWeekOutput(many=True)
    answer_times = AnswerWeekOutput(many=True)
    subjects = SubjectOutput(many=True)
    helpers = HelperSolvedShareOutput(many=True)


class DashboardApi(APIView):
    permission_classes = (IsOperator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_ops_dashboard",
        summary="The community dashboard (operators)",
        parameters=[DashboardInput],
        responses={200: DashboardOutput, **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        args = query_valid(DashboardInput, request)
        data = community_dashboard(now=timezone.now(), weeks=args["weeks"])
        return Response(DashboardOutput(data).data)


class DashboardExportApi(APIView):
    permission_classes = (IsOperator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_ops_dashboard_export",
        summary="One table of the community dashboard as CSV (operators)",
        parameters=[ExportInput],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, UTF-8."),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        args = query_valid(ExportInput, request)
        table = args["table"]
        data = community_dashboard(now=timezone.now(), weeks=args["weeks"])
        rows = DashboardOutput(data).data[table]
        out = io.StringIO()
        fields = list(rows[0].keys()) if rows else _columns(table)
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="community-{table}.csv"'
        return response


def _columns(table: str) -> list[str]:
    serializer = {
        "per_category": CategoryWeekOutput,
        "answer_times": AnswerWeekOutput,
        "subjects": SubjectOutput,
        "helpers": HelperSolvedShareOutput,
    }[table]
    return list(serializer().fields)
