"""Paddock's advisers: staff posts in their own feed, and answers checked by an adviser."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.inputs import JsonInput, query_valid
from backend.common.openapi import error_responses
from backend.common.pagination import PAGE_PARAMETERS, page, paged_response, paginated
from backend.community import services
from backend.community.models import BODY_MAX, STAFF_KINDS, TITLE_MAX, TITLE_MIN
from backend.community.permissions import IsAdviser
from backend.community.selectors import topics as selectors
from backend.community.selectors.roles import staff_feed

from .base import TAGS, PostingApi
from .presenters import (
    PostOutput,
    Presenter,
    TopicDetailOutput,
    TopicOutput,
    post_payload,
    topic_detail,
)

STAFF_KIND_CHOICES = [(k, k) for k in STAFF_KINDS]


class StaffFeedInput(JsonInput):
    kind = serializers.ChoiceField(choices=STAFF_KIND_CHOICES, required=False)


class StaffPostInput(JsonInput):
    kind = serializers.ChoiceField(choices=STAFF_KIND_CHOICES)
    category = serializers.SlugField()
    title = serializers.CharField(min_length=TITLE_MIN, max_length=TITLE_MAX)
    body = serializers.CharField(max_length=BODY_MAX, help_text="Markdown.")
    pinned = serializers.BooleanField(
        required=False, default=False, help_text="Pinned at the top of its category."
    )


class StaffPostsApi(PostingApi):
    """The staff feed (everyone, visitors included); advisers post to it."""

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [IsAdviser()]
        return super().get_permissions()

    @extend_schema(
        tags=TAGS,
        operation_id="community_staff_posts_list",
        summary="Staff posts: news, tips, expert testimony, events (pinned first)",
        parameters=[StaffFeedInput, *PAGE_PARAMETERS],
        responses={
            200: paginated(TopicOutput, name="StaffPostPageOutput"),
            **error_responses(400),
        },
    )
    def get(self, request: Request) -> Response:
        args = query_valid(StaffFeedInput, request)
        paginator, rows = page(request, self, staff_feed(kind=args.get("kind")))
        presenter = Presenter(request, rows)
        return paged_response(
            paginator, TopicOutput([presenter.topic(t) for t in rows], many=True).data
        )

    @extend_schema(
        tags=TAGS,
        operation_id="community_staff_posts_create",
        summary="Post news, a tip, expert testimony or an event (advisers)",
        request=StaffPostInput,
        responses={201: TopicDetailOutput, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request: Request) -> Response:
        data = StaffPostInput(data=request.data)
        data.is_valid(raise_exception=True)
        args = data.validated_data
        topic = services.staff_post_create(
            author=request_user(request),
            kind=args["kind"],
            category=selectors.category_get(slug=args["category"]),
            title=args["title"],
            body=args["body"],
            pinned=args["pinned"],
        )
        topic = selectors.topic_get(user=request.user, topic_id=topic.pk)
        return Response(topic_detail(request, self, topic), status=status.HTTP_201_CREATED)


class CheckApi(APIView):
    """The "checked by an adviser" mark on an answer."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_answer_check",
        summary="Mark an answer checked by an adviser (advisers)",
        request=None,
        responses={200: PostOutput, **error_responses(401, 403, 404, 409)},
    )
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get(user=request.user, post_id=post_id)
        services.answer_check(post=post, user=request_user(request), checked=True)
        return Response(
            post_payload(request, selectors.post_get(user=request.user, post_id=post_id))
        )

    @extend_schema(
        tags=TAGS,
        operation_id="community_answer_uncheck",
        summary="Take the adviser's mark back (advisers)",
        responses={200: PostOutput, **error_responses(401, 403, 404, 409)},
    )
    def delete(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get(user=request.user, post_id=post_id)
        services.answer_check(post=post, user=request_user(request), checked=False)
        return Response(
            post_payload(request, selectors.post_get(user=request.user, post_id=post_id))
        )
