"""Topics and posts in the API: categories, browsing and searching, asking, replying,
editing, deleting, and accepting an answer."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
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
from backend.community.models import BODY_MAX, TITLE_MAX, TITLE_MIN, Category
from backend.community.selectors import topics as selectors

from .base import TAGS, PostingApi, PublicReadApi
from .presenters import (
    PostOutput,
    Presenter,
    TopicDetailOutput,
    TopicOutput,
    post_payload,
    topic_detail,
    topic_payload,
)


class CategoryOutput(serializers.ModelSerializer[Category]):
    topic_count = serializers.IntegerField(help_text="Public topics in the category.")

    class Meta:
        model = Category
        fields = (
            "id",
            "slug",
            "name_en",
            "name_fr",
            "description_en",
            "description_fr",
            "position",
            "topic_count",
        )
        read_only_fields = fields


class TopicListInput(JsonInput):
    category = serializers.SlugField(required=False)
    q = serializers.CharField(required=False, max_length=200, help_text="Search words.")
    round = serializers.IntegerField(required=False, min_value=1)
    author = serializers.IntegerField(required=False, min_value=1)
    unanswered = serializers.BooleanField(required=False, default=False)


class AskInput(JsonInput):
    category = serializers.SlugField()
    title = serializers.CharField(min_length=TITLE_MIN, max_length=TITLE_MAX)
    body = serializers.CharField(max_length=BODY_MAX, help_text="Markdown.")
    round_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class TopicEditInput(JsonInput):
    min_properties = 1  # documented in the schema (common.openapi.AutoSchema)
    title = serializers.CharField(min_length=TITLE_MIN, max_length=TITLE_MAX, required=False)
    body = serializers.CharField(max_length=BODY_MAX, required=False, help_text="Markdown.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(_("Send a title, a body or both."))
        return attrs


class BodyInput(JsonInput):
    body = serializers.CharField(max_length=BODY_MAX, help_text="Markdown.")


class AcceptInput(JsonInput):
    post_id = serializers.IntegerField(min_value=1)


class CategoryListApi(PublicReadApi):
    """The forum's categories, in display order (visitors too)."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_categories_list",
        responses={200: CategoryOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(CategoryOutput(selectors.categories_with_counts(), many=True).data)


class TopicListApi(PostingApi):
    """Topics to browse or search; asking a question."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_topics_list",
        summary="Topics: by category, round or author, searched, paged",
        parameters=[TopicListInput, *PAGE_PARAMETERS],
        responses={
            200: paginated(TopicOutput, name="TopicPageOutput"),
            **error_responses(400),
        },
    )
    def get(self, request: Request) -> Response:
        args = query_valid(TopicListInput, request)
        topics = selectors.topic_list(
            user=request.user,
            category=args.get("category"),
            search=args.get("q"),
            round_id=args.get("round"),
            author_id=args.get("author"),
            unanswered=args["unanswered"],
        )
        paginator, rows = page(request, self, topics)
        presenter = Presenter(request, rows)
        return paged_response(
            paginator, TopicOutput([presenter.topic(t) for t in rows], many=True).data
        )

    @extend_schema(
        tags=TAGS,
        operation_id="community_topics_ask",
        summary="Ask a question",
        description="A new member's question with a link comes back with status pending: "
        "only its author and the moderators see it until a moderator approves it.",
        request=AskInput,
        responses={201: TopicDetailOutput, **error_responses(400, 403, 429)},
    )
    def post(self, request: Request) -> Response:
        data = AskInput(data=request.data)
        data.is_valid(raise_exception=True)
        args = data.validated_data
        round_id = args.get("round_id")
        round_ = selectors.question_round_get(round_id=round_id) if round_id else None
        topic = services.topic_create(
            author=request_user(request),
            category=selectors.category_get(slug=args["category"]),
            title=args["title"],
            body=args["body"],
            round=round_,
        )
        topic = selectors.topic_get(user=request.user, topic_id=topic.pk)
        return Response(topic_detail(request, self, topic), status=status.HTTP_201_CREATED)


class TopicDetailApi(PostingApi):
    """One topic with its replies; its author edits or deletes it."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_topics_retrieve",
        summary="A topic with its replies (paged)",
        parameters=PAGE_PARAMETERS,
        responses={200: TopicDetailOutput, **error_responses(404)},
    )
    def get(self, request: Request, topic_id: int) -> Response:
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        return Response(topic_detail(request, self, topic))

    @extend_schema(
        tags=TAGS,
        operation_id="community_topics_edit",
        summary="Edit one's question (within the edit window)",
        request=TopicEditInput,
        responses={200: TopicDetailOutput, **error_responses(400, 403, 404, 409, 429)},
    )
    def patch(self, request: Request, topic_id: int) -> Response:
        data = TopicEditInput(data=request.data)
        data.is_valid(raise_exception=True)
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        services.topic_edit(topic=topic, user=request_user(request), **data.validated_data)
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        return Response(topic_detail(request, self, topic))

    @extend_schema(
        tags=TAGS,
        operation_id="community_topics_delete",
        summary="Delete one's question (soft; not once others have answered)",
        responses={204: None, **error_responses(403, 404, 409)},
    )
    def delete(self, request: Request, topic_id: int) -> Response:
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        services.topic_delete(topic=topic, user=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReplyCreateApi(PostingApi):
    """Replying in a topic."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_replies_create",
        summary="Reply to a topic",
        request=BodyInput,
        responses={201: PostOutput, **error_responses(400, 403, 404, 409, 429)},
    )
    def post(self, request: Request, topic_id: int) -> Response:
        data = BodyInput(data=request.data)
        data.is_valid(raise_exception=True)
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        post = services.post_create(
            topic=topic, author=request_user(request), body=data.validated_data["body"]
        )
        return Response(post_payload(request, post), status=status.HTTP_201_CREATED)


class PostDetailApi(PostingApi):
    """One reply; its author edits or deletes it."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_posts_retrieve",
        responses={200: PostOutput, **error_responses(404)},
    )
    def get(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get(user=request.user, post_id=post_id)
        return Response(post_payload(request, post))

    @extend_schema(
        tags=TAGS,
        operation_id="community_posts_edit",
        summary="Edit one's reply (within the edit window)",
        request=BodyInput,
        responses={200: PostOutput, **error_responses(400, 403, 404, 409, 429)},
    )
    def patch(self, request: Request, post_id: int) -> Response:
        data = BodyInput(data=request.data)
        data.is_valid(raise_exception=True)
        post = selectors.post_get(user=request.user, post_id=post_id)
        post = services.post_edit(
            post=post, user=request_user(request), body=data.validated_data["body"]
        )
        return Response(post_payload(request, post))

    @extend_schema(
        tags=TAGS,
        operation_id="community_posts_delete",
        summary="Delete one's reply (soft; not the accepted answer)",
        responses={204: None, **error_responses(403, 404, 409)},
    )
    def delete(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get(user=request.user, post_id=post_id)
        services.post_delete(post=post, user=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AcceptApi(APIView):
    """The accepted answer of a question."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_answer_accept",
        summary="Accept a reply as the answer (the asker or a moderator)",
        request=AcceptInput,
        responses={200: TopicOutput, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, topic_id: int) -> Response:
        data = AcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        post = selectors.post_get(user=request.user, post_id=data.validated_data["post_id"])
        services.answer_accept(topic=topic, post=post, user=request_user(request))
        return Response(
            topic_payload(request, selectors.topic_get(user=request.user, topic_id=topic_id))
        )

    @extend_schema(
        tags=TAGS,
        operation_id="community_answer_unaccept",
        summary="Withdraw the acceptance",
        responses={200: TopicOutput, **error_responses(403, 404, 409)},
    )
    def delete(self, request: Request, topic_id: int) -> Response:
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        services.answer_unaccept(topic=topic, user=request_user(request))
        return Response(
            topic_payload(request, selectors.topic_get(user=request.user, topic_id=topic_id))
        )
