"""Helpful votes and flags in the API: one view each, serving questions and replies."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.inputs import JsonInput
from backend.common.openapi import error_responses
from backend.community import services
from backend.community.models import FLAG_DETAIL_MAX, Flag
from backend.community.selectors.topics import score_of

from .base import Operation, TargetApi


class VoteOutput(serializers.Serializer[Any]):
    voted = serializers.BooleanField()
    score = serializers.IntegerField()


class FlagOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    topic_id = serializers.IntegerField()
    post_id = serializers.IntegerField(allow_null=True)
    reason = serializers.ChoiceField(choices=Flag.Reason.choices)
    detail = serializers.CharField()
    state = serializers.ChoiceField(choices=Flag.State.choices)
    created_at = serializers.DateTimeField()


class FlagInput(JsonInput):
    reason = serializers.ChoiceField(choices=Flag.Reason.choices)
    detail = serializers.CharField(max_length=FLAG_DETAIL_MAX, required=False, allow_blank=True)


class VoteApi(TargetApi):
    """A helpful vote on a question or a reply."""

    operations = {
        ("topic", "post"): Operation(
            "community_topics_vote", "Vote a question helpful (+5 to the asker)"
        ),
        ("topic", "delete"): Operation(
            "community_topics_unvote", "Withdraw one's helpful vote on a question"
        ),
        ("post", "post"): Operation(
            "community_posts_vote", "Vote a reply helpful (+10 to its author)"
        ),
        ("post", "delete"): Operation(
            "community_posts_unvote", "Withdraw one's helpful vote on a reply"
        ),
    }

    @extend_schema(request=None, responses={201: VoteOutput, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, **ids: int) -> Response:
        target = self.target.get(request, ids)
        services.vote_cast(voter=request_user(request), **self.target.keyword(target))
        return Response({"voted": True, "score": score_of(target)}, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: VoteOutput, **error_responses(403, 404, 409)})
    def delete(self, request: Request, **ids: int) -> Response:
        target = self.target.get(request, ids)
        services.vote_withdraw(voter=request_user(request), **self.target.keyword(target))
        return Response({"voted": False, "score": score_of(target)})


class FlagApi(TargetApi):
    """Reporting a question or a reply to the moderators."""

    throttle_scope = "community_flag"
    throttle_classes = (*APIView.throttle_classes, ScopedRateThrottle)
    operations = {
        ("topic", "post"): Operation("community_topics_flag", "Flag a question for the moderators"),
        ("post", "post"): Operation("community_posts_flag", "Flag a reply for the moderators"),
    }

    @extend_schema(
        request=FlagInput, responses={201: FlagOutput, **error_responses(400, 403, 404, 409, 429)}
    )
    def post(self, request: Request, **ids: int) -> Response:
        data = FlagInput(data=request.data)
        data.is_valid(raise_exception=True)
        target = self.target.get(request, ids)
        flag = services.flag_create(
            reporter=request_user(request), **self.target.keyword(target), **data.validated_data
        )
        return Response(FlagOutput(flag).data, status=status.HTTP_201_CREATED)
