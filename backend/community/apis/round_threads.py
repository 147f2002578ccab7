"""Round threads in the API: a game round's discussion thread, for the round pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.openapi import error_responses
from backend.community import services
from backend.community.selectors.round_threads import (
    has_debrief,
    round_opened_get,
    round_thread_get,
)

from .base import API_TOPIC_PATH, TAGS, WEB_TOPIC_PATH


class RoundThreadOutput(serializers.Serializer[Any]):
    round_id = serializers.IntegerField()
    topic_id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="The thread's page in the web app.")
    api_url = serializers.CharField()
    reply_count = serializers.IntegerField()
    has_debrief = serializers.BooleanField()


class RoundThreadApi(APIView):
    """A game round's discussion thread, for the round pages."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_round_thread",
        summary="The discussion thread of a game round",
        description="Created on the round's opening; asked for an opened round that has none "
        "yet, it is created then. 404 for a round still in draft or unknown.",
        responses={200: RoundThreadOutput, **error_responses(403, 404)},
    )
    def get(self, request: Request, round_id: int) -> Response:
        topic = round_thread_get(round_id=round_id)
        if topic is None:
            topic = services.round_thread_ensure(round=round_opened_get(round_id=round_id))
        return Response(
            RoundThreadOutput(
                {
                    "round_id": round_id,
                    "topic_id": topic.pk,
                    "title": topic.title,
                    "url": WEB_TOPIC_PATH.format(id=topic.pk),
                    "api_url": API_TOPIC_PATH.format(id=topic.pk),
                    "reply_count": topic.reply_count,
                    "has_debrief": has_debrief(topic),
                }
            ).data
        )
