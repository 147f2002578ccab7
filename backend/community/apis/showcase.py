"""The community's part of the visitors' home page: recent answers, display names only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.community.selectors.showcase import recent_answers

from .base import TAGS


class AnswerCategoryOutput(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name_en = serializers.CharField()
    name_fr = serializers.CharField()


class RecentAnswerOutput(serializers.Serializer[Any]):
    topic = serializers.IntegerField(source="topic_id")
    title = serializers.CharField()
    category = AnswerCategoryOutput()
    excerpt = serializers.CharField(help_text="The answer's start, as plain text.")
    answered_by = serializers.CharField(help_text="The author's display name.")
    answered_at = serializers.DateTimeField()
    accepted = serializers.BooleanField(help_text="The asker accepted this answer.")


class RecentAnswersApi(APIView):
    """The latest answers to public questions, one per question (visitors included)."""

    permission_classes = (AllowAny,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_recent_answers",
        summary="The latest answers to public questions, for the home page",
        responses=RecentAnswerOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        return Response(RecentAnswerOutput(recent_answers(), many=True).data)
