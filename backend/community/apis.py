"""Thin DRF views for the community: input serializer -> service -> output serializer.

Every view needs a signed-in member (the project default). Reads go through the
selectors, so what a member may not see answers 404 exactly like what does not exist.
Text comes back as `body_html`, sanitised HTML safe to insert as is; the Markdown source
(`body`) is only sent to its author, for editing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from backend.accounts.models import User
from backend.common.auth import request_user
from backend.common.errors import ApplicationError
from backend.common.pagination import PagePagination
from backend.game.models import Round

from . import markup, selectors, services
from .badges import BADGES, BADGES_BY_SLUG
from .models import (
    BODY_MAX,
    FLAG_DETAIL_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Award,
    Category,
    Flag,
    Level,
    ModerationAction,
    Post,
    ReputationEvent,
    Status,
    Topic,
)
from .permissions import IsModerator, is_moderator

TAGS = ["community"]
WEB_TOPIC_PATH = "/community/topics/{id}"
API_TOPIC_PATH = "/api/v1/community/topics/{id}/"


# --- Output serializers -----------------------------------------------------------------


class ErrorOutput(serializers.Serializer[Any]):
    detail = serializers.CharField()
    code = serializers.CharField()


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


class CategoryRefOutput(serializers.ModelSerializer[Category]):
    class Meta:
        model = Category
        fields = ("slug", "name_en", "name_fr")
        read_only_fields = fields


class BadgeSummaryOutput(serializers.Serializer[Any]):
    gold = serializers.IntegerField()
    silver = serializers.IntegerField()
    bronze = serializers.IntegerField()
    slugs = serializers.ListField(
        child=serializers.CharField(), help_text="Badge slugs held, best tier first."
    )


class AuthorOutput(serializers.Serializer[Any]):
    """A member as others see them: display name only, never the email."""

    id = serializers.IntegerField()
    display_name = serializers.CharField()
    reputation = serializers.IntegerField()
    level = serializers.ChoiceField(choices=Level.choices)
    badges = BadgeSummaryOutput()


class TopicViewerOutput(serializers.Serializer[Any]):
    """What the signed-in member may do (the API still checks every action)."""

    voted = serializers.BooleanField()
    can_edit = serializers.BooleanField()
    can_delete = serializers.BooleanField()
    can_accept = serializers.BooleanField()
    can_moderate = serializers.BooleanField()


class PostViewerOutput(serializers.Serializer[Any]):
    voted = serializers.BooleanField()
    can_edit = serializers.BooleanField()
    can_delete = serializers.BooleanField()


class PostOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    topic_id = serializers.IntegerField()
    kind = serializers.ChoiceField(
        choices=Post.Kind.choices, help_text="reply; debrief and correction come from Paddock."
    )
    author = AuthorOutput(allow_null=True, help_text="null: posted by Paddock.")
    body = serializers.CharField(
        allow_null=True, help_text="The Markdown source, for its author only (else null)."
    )
    body_html = serializers.CharField(help_text="Sanitised HTML, safe to insert as is.")
    status = serializers.ChoiceField(choices=Status.choices)
    is_hidden = serializers.BooleanField()
    is_accepted = serializers.BooleanField()
    score = serializers.IntegerField(help_text="Helpful votes.")
    settlement_version = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    viewer = PostViewerOutput()


class TopicOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Topic.Kind.choices)
    category = CategoryRefOutput()
    title = serializers.CharField()
    excerpt = serializers.CharField(help_text="The body's first 200 characters, plain text.")
    author = AuthorOutput(allow_null=True, help_text="null: posted by Paddock.")
    round_id = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices)
    is_locked = serializers.BooleanField()
    is_pinned = serializers.BooleanField()
    is_hidden = serializers.BooleanField()
    score = serializers.IntegerField(help_text="Helpful votes.")
    reply_count = serializers.IntegerField()
    accepted_answer_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    last_activity_at = serializers.DateTimeField()
    url = serializers.CharField(help_text="The topic's page in the web app.")
    viewer = TopicViewerOutput()


class PostPageOutput(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PostOutput(many=True)


class TopicDetailOutput(TopicOutput):
    body = serializers.CharField(
        allow_null=True, help_text="The Markdown source, for its author only (else null)."
    )
    body_html = serializers.CharField(help_text="Sanitised HTML, safe to insert as is.")
    replies = PostPageOutput(help_text="The replies, oldest first, paged by ?page=.")


class TopicPageOutput(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = TopicOutput(many=True)


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


class FlagQueueOutput(FlagOutput):
    reporter = serializers.SerializerMethodField()
    target_excerpt = serializers.SerializerMethodField()

    def get_reporter(self, flag: Flag) -> str:
        return selectors.public_name(flag.reporter)

    def get_target_excerpt(self, flag: Flag) -> str:
        target = flag.post if flag.post_id else flag.topic
        assert target is not None
        return markup.excerpt(target.body_html)


class FlagPageOutput(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = FlagQueueOutput(many=True)


class PendingOutput(serializers.Serializer[Any]):
    topics = TopicOutput(many=True)
    posts = PostOutput(many=True)


class AuditOutput(serializers.ModelSerializer[ModerationAction]):
    actor = serializers.SerializerMethodField()
    target = serializers.CharField(help_text='"topic:<id>", "post:<id>" or "flag:<id>".')

    class Meta:
        model = ModerationAction
        fields = (
            "id",
            "at",
            "actor",
            "action",
            "target",
            "topic",
            "post",
            "flag",
            "reason",
            "details",
        )
        read_only_fields = fields

    def get_actor(self, entry: ModerationAction) -> str | None:
        return selectors.public_name(entry.actor) if entry.actor_id else None


class AuditPageOutput(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AuditOutput(many=True)


class BadgeOutput(serializers.Serializer[Any]):
    slug = serializers.CharField()
    tier = serializers.ChoiceField(choices=["bronze", "silver", "gold"])
    side = serializers.ChoiceField(choices=["community", "game"])
    name_en = serializers.CharField()
    name_fr = serializers.CharField()
    description_en = serializers.CharField()
    description_fr = serializers.CharField()
    per_season = serializers.BooleanField()


class AwardOutput(BadgeOutput):
    season_id = serializers.IntegerField(allow_null=True)
    season_name = serializers.CharField(allow_null=True)
    awarded_at = serializers.DateTimeField()


class ProfileOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    reputation = serializers.IntegerField()
    level = serializers.ChoiceField(choices=Level.choices)
    rounds_played = serializers.IntegerField()
    winners_picked = serializers.IntegerField()
    questions = serializers.IntegerField()
    answers = serializers.IntegerField()
    accepted_answers = serializers.IntegerField()
    helpful_votes_received = serializers.IntegerField()
    badges = AwardOutput(many=True)
    badge_summary = BadgeSummaryOutput()


class ReputationEventOutput(serializers.ModelSerializer[ReputationEvent]):
    is_reversal = serializers.SerializerMethodField()

    class Meta:
        model = ReputationEvent
        fields = ("id", "kind", "points", "day", "topic", "post", "is_reversal", "created_at")
        read_only_fields = fields

    def get_is_reversal(self, event: ReputationEvent) -> bool:
        return event.reversal_of_id is not None


class ReputationPageOutput(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ReputationEventOutput(many=True)


class ContributorOutput(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    player_id = serializers.IntegerField()
    display_name = serializers.CharField()
    reputation = serializers.IntegerField(help_text="Reputation gained in the window.")
    accepted_answers = serializers.IntegerField(help_text="Answers accepted in the window.")
    best_day = serializers.IntegerField(help_text="Best single day's gain in the window.")
    level = serializers.ChoiceField(choices=Level.choices)
    badges = BadgeSummaryOutput()


class TopContributorsOutput(serializers.Serializer[Any]):
    window = serializers.ChoiceField(choices=selectors.WINDOWS)
    since = serializers.DateField(allow_null=True)
    until = serializers.DateField(allow_null=True)
    results = ContributorOutput(many=True)


class RoundThreadOutput(serializers.Serializer[Any]):
    round_id = serializers.IntegerField()
    topic_id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="The thread's page in the web app.")
    api_url = serializers.CharField()
    reply_count = serializers.IntegerField()
    has_debrief = serializers.BooleanField()


# --- Input serializers ------------------------------------------------------------------


class TopicListInput(serializers.Serializer[Any]):
    category = serializers.SlugField(required=False)
    q = serializers.CharField(required=False, max_length=200, help_text="Search words.")
    round = serializers.IntegerField(required=False, min_value=1)
    author = serializers.IntegerField(required=False, min_value=1)
    unanswered = serializers.BooleanField(required=False, default=False)


class AskInput(serializers.Serializer[Any]):
    category = serializers.SlugField()
    title = serializers.CharField(min_length=TITLE_MIN, max_length=TITLE_MAX)
    body = serializers.CharField(max_length=BODY_MAX, help_text="Markdown.")
    round_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class TopicEditInput(serializers.Serializer[Any]):
    title = serializers.CharField(min_length=TITLE_MIN, max_length=TITLE_MAX, required=False)
    body = serializers.CharField(max_length=BODY_MAX, required=False, help_text="Markdown.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("Send a title, a body or both.")
        return attrs


class BodyInput(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=BODY_MAX, help_text="Markdown.")


class AcceptInput(serializers.Serializer[Any]):
    post_id = serializers.IntegerField(min_value=1)


class FlagInput(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(choices=Flag.Reason.choices)
    detail = serializers.CharField(max_length=FLAG_DETAIL_MAX, required=False, allow_blank=True)


class TopicModerationInput(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=[a.value for a in services.TOPIC_ACTIONS])
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)
    category = serializers.SlugField(required=False, help_text="For move: the new category.")


class PostModerationInput(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=[a.value for a in services.POST_ACTIONS])
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class FlagResolveInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(
        choices=["uphold", "dismiss"], help_text="uphold hides the flagged post or topic."
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class AuditLogInput(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=ModerationAction.Action.choices, required=False)
    actor = serializers.IntegerField(required=False, min_value=1)


class TopContributorsInput(serializers.Serializer[Any]):
    window = serializers.ChoiceField(choices=selectors.WINDOWS, default="week")
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)


# --- Building the outputs ---------------------------------------------------------------


def _authors(users: Iterable[User | None]) -> dict[int, dict[str, Any]]:
    """Author payloads for these users, with reputation, level and badges in two queries."""
    by_id = {user.pk: user for user in users if user is not None}
    profiles = selectors.profiles_for_players(by_id)
    badges = selectors.badges_for_players(by_id)
    return {
        pid: {
            "id": pid,
            "display_name": selectors.public_name(user),
            "reputation": profiles.get(pid, (0, Level.NOVICE.value))[0],
            "level": profiles.get(pid, (0, Level.NOVICE.value))[1],
            "badges": badges[pid],
        }
        for pid, user in by_id.items()
    }


class _Presenter:
    """Turns topics and posts into payloads for one viewer, with bulk look-ups."""

    def __init__(self, request: Request, topics: Sequence[Topic], posts: Sequence[Post] = ()):
        self.user = request_user(request)
        self.moderator = is_moderator(self.user)
        self.now = timezone.now()
        self.window = services.edit_window()
        self.authors = _authors([t.author for t in topics] + [p.author for p in posts])
        self.votes = selectors.votes_of(
            user=self.user, topic_ids=[t.pk for t in topics], post_ids=[p.pk for p in posts]
        )

    def _editable(self, created_at: dt.datetime) -> bool:
        return self.now - created_at <= self.window

    def topic(self, topic: Topic, *, detail: bool = False) -> dict[str, Any]:
        mine = topic.author_id == self.user.pk
        open_ = topic.is_public and not topic.is_locked
        data: dict[str, Any] = {
            "id": topic.pk,
            "kind": topic.kind,
            "category": topic.category,
            "title": topic.title,
            "excerpt": markup.excerpt(topic.body_html),
            "author": self.authors.get(topic.author_id) if topic.author_id else None,
            "round_id": topic.round_id,
            "status": topic.status,
            "is_locked": topic.is_locked,
            "is_pinned": topic.is_pinned,
            "is_hidden": topic.is_hidden,
            "score": topic.score,
            "reply_count": topic.reply_count,
            "accepted_answer_id": topic.accepted_answer_id,
            "created_at": topic.created_at,
            "edited_at": topic.edited_at,
            "last_activity_at": topic.last_activity_at,
            "url": WEB_TOPIC_PATH.format(id=topic.pk),
            "viewer": {
                "voted": f"topic:{topic.pk}" in self.votes,
                "can_edit": mine
                and not topic.is_hidden
                and not topic.is_locked
                and self._editable(topic.created_at),
                "can_delete": mine and not topic.is_hidden and not topic.is_locked,
                "can_accept": open_
                and topic.kind == Topic.Kind.QUESTION
                and (mine or self.moderator),
                "can_moderate": self.moderator,
            },
        }
        if detail:
            data["body"] = topic.body if mine else None
            data["body_html"] = topic.body_html
        return data

    def post(self, post: Post, topic: Topic) -> dict[str, Any]:
        mine = post.author_id == self.user.pk
        open_ = topic.is_public and not topic.is_locked and not post.is_hidden
        return {
            "id": post.pk,
            "topic_id": post.topic_id,
            "kind": post.kind,
            "author": self.authors.get(post.author_id) if post.author_id else None,
            "body": post.body if mine else None,
            "body_html": post.body_html,
            "status": post.status,
            "is_hidden": post.is_hidden,
            "is_accepted": topic.accepted_answer_id == post.pk,
            "score": post.score,
            "settlement_version": post.settlement_version,
            "created_at": post.created_at,
            "edited_at": post.edited_at,
            "viewer": {
                "voted": f"post:{post.pk}" in self.votes,
                "can_edit": mine and open_ and self._editable(post.created_at),
                "can_delete": mine and open_ and topic.accepted_answer_id != post.pk,
            },
        }


def _topic_payload(request: Request, topic: Topic) -> dict[str, Any]:
    return TopicOutput(_Presenter(request, [topic]).topic(topic)).data


def _post_payload(request: Request, post: Post, topic: Topic) -> dict[str, Any]:
    return PostOutput(_Presenter(request, [], [post]).post(post, topic)).data


def _paged(request: Request, view: APIView, items: Any) -> tuple[PagePagination, list[Any]]:
    paginator = PagePagination()
    page: list[Any] | None = paginator.paginate_queryset(items, request, view=view)
    return paginator, list(page or [])


def _page_body(paginator: PagePagination, results: Any) -> dict[str, Any]:
    assert paginator.page is not None
    return {
        "count": paginator.page.paginator.count,
        "next": paginator.get_next_link(),
        "previous": paginator.get_previous_link(),
        "results": results,
    }


PAGE_PARAMETERS = [
    OpenApiParameter("page", OpenApiTypes.INT, description="1-based page number."),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="Items per page (max 200)."),
]


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorOutput) for code in codes}


class PostingApi(APIView):
    """Posting (ask, reply, edit) is rate-limited per member: scope `community_post`."""

    throttle_scope = "community_post"
    throttled_methods: frozenset[str] = frozenset({"POST", "PATCH"})

    def get_throttles(self) -> list[BaseThrottle]:
        if self.request.method in self.throttled_methods:
            return [ScopedRateThrottle()]
        return []


def _category(slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise ApplicationError("No such category.", code="invalid_category")
    return category


# --- Views: reading and writing ---------------------------------------------------------


class CategoryListApi(APIView):
    """The forum's categories, in display order."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_categories_list",
        responses={200: CategoryOutput(many=True), **_errors(403)},
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
        responses={200: TopicPageOutput, **_errors(400, 403)},
    )
    def get(self, request: Request) -> Response:
        params = TopicListInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        args = params.validated_data
        topics = selectors.topic_list(
            user=request.user,
            category=args.get("category"),
            search=args.get("q"),
            round_id=args.get("round"),
            author_id=args.get("author"),
            unanswered=args["unanswered"],
        )
        paginator, page = _paged(request, self, topics)
        presenter = _Presenter(request, page)
        results = TopicOutput([presenter.topic(t) for t in page], many=True).data
        return Response(_page_body(paginator, results))

    @extend_schema(
        tags=TAGS,
        operation_id="community_topics_ask",
        summary="Ask a question",
        description="A new member's question with a link comes back with status pending: "
        "only its author and the moderators see it until a moderator approves it.",
        request=AskInput,
        responses={201: TopicDetailOutput, **_errors(400, 403, 429)},
    )
    def post(self, request: Request) -> Response:
        data = AskInput(data=request.data)
        data.is_valid(raise_exception=True)
        args = data.validated_data
        round_ = None
        if args.get("round_id"):
            round_ = Round.objects.filter(pk=args["round_id"]).first()
            if round_ is None:
                raise ApplicationError("No such round.", code="invalid_round")
        topic = services.topic_create(
            author=request_user(request),
            category=_category(args["category"]),
            title=args["title"],
            body=args["body"],
            round=round_,
        )
        topic = selectors.topic_get(user=request.user, topic_id=topic.pk)
        return Response(_topic_detail(request, self, topic), status=status.HTTP_201_CREATED)


def _topic_detail(request: Request, view: APIView, topic: Topic) -> dict[str, Any]:
    posts = selectors.post_queryset(user=request.user, topic=topic)
    paginator, page = _paged(request, view, posts)
    presenter = _Presenter(request, [topic], page)
    replies = [presenter.post(post, topic) for post in page]
    data = {**presenter.topic(topic, detail=True), "replies": _page_body(paginator, replies)}
    return TopicDetailOutput(data).data


class TopicDetailApi(PostingApi):
    """One topic with its replies; its author edits or deletes it."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_topics_retrieve",
        summary="A topic with its replies (paged)",
        parameters=PAGE_PARAMETERS,
        responses={200: TopicDetailOutput, **_errors(403, 404)},
    )
    def get(self, request: Request, topic_id: int) -> Response:
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        return Response(_topic_detail(request, self, topic))

    @extend_schema(
        tags=TAGS,
        operation_id="community_topics_edit",
        summary="Edit one's question (within the edit window)",
        request=TopicEditInput,
        responses={200: TopicDetailOutput, **_errors(400, 403, 404, 409, 429)},
    )
    def patch(self, request: Request, topic_id: int) -> Response:
        data = TopicEditInput(data=request.data)
        data.is_valid(raise_exception=True)
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        services.topic_edit(topic=topic, user=request_user(request), **data.validated_data)
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        return Response(_topic_detail(request, self, topic))

    @extend_schema(
        tags=TAGS,
        operation_id="community_topics_delete",
        summary="Delete one's question (soft; not once others have answered)",
        responses={204: None, **_errors(403, 404, 409)},
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
        responses={201: PostOutput, **_errors(400, 403, 404, 409, 429)},
    )
    def post(self, request: Request, topic_id: int) -> Response:
        data = BodyInput(data=request.data)
        data.is_valid(raise_exception=True)
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        post = services.post_create(
            topic=topic, author=request_user(request), body=data.validated_data["body"]
        )
        topic.refresh_from_db()
        return Response(_post_payload(request, post, topic), status=status.HTTP_201_CREATED)


class PostDetailApi(PostingApi):
    """One reply; its author edits or deletes it."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_posts_retrieve",
        responses={200: PostOutput, **_errors(403, 404)},
    )
    def get(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get(user=request.user, post_id=post_id)
        return Response(_post_payload(request, post, post.topic))

    @extend_schema(
        tags=TAGS,
        operation_id="community_posts_edit",
        summary="Edit one's reply (within the edit window)",
        request=BodyInput,
        responses={200: PostOutput, **_errors(400, 403, 404, 409, 429)},
    )
    def patch(self, request: Request, post_id: int) -> Response:
        data = BodyInput(data=request.data)
        data.is_valid(raise_exception=True)
        post = selectors.post_get(user=request.user, post_id=post_id)
        post = services.post_edit(
            post=post, user=request_user(request), body=data.validated_data["body"]
        )
        return Response(_post_payload(request, post, post.topic))

    @extend_schema(
        tags=TAGS,
        operation_id="community_posts_delete",
        summary="Delete one's reply (soft; not the accepted answer)",
        responses={204: None, **_errors(403, 404, 409)},
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
        responses={200: TopicOutput, **_errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, topic_id: int) -> Response:
        data = AcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        post = selectors.post_get(user=request.user, post_id=data.validated_data["post_id"])
        topic = services.answer_accept(topic=topic, post=post, user=request_user(request))
        return Response(
            _topic_payload(request, selectors.topic_get(user=request.user, topic_id=topic.pk))
        )

    @extend_schema(
        tags=TAGS,
        operation_id="community_answer_unaccept",
        summary="Withdraw the acceptance",
        responses={200: TopicOutput, **_errors(403, 404, 409)},
    )
    def delete(self, request: Request, topic_id: int) -> Response:
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        services.answer_unaccept(topic=topic, user=request_user(request))
        return Response(
            _topic_payload(request, selectors.topic_get(user=request.user, topic_id=topic_id))
        )


class TopicVoteApi(APIView):
    """A helpful vote on a question."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_topics_vote",
        summary="Vote a question helpful (+5 to the asker)",
        request=None,
        responses={201: VoteOutput, **_errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, topic_id: int) -> Response:
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        services.vote_cast(voter=request_user(request), topic=topic)
        topic.refresh_from_db(fields=["score"])
        return Response({"voted": True, "score": topic.score}, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        operation_id="community_topics_unvote",
        summary="Withdraw one's helpful vote on a question",
        responses={200: VoteOutput, **_errors(403, 404, 409)},
    )
    def delete(self, request: Request, topic_id: int) -> Response:
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        services.vote_withdraw(voter=request_user(request), topic=topic)
        topic.refresh_from_db(fields=["score"])
        return Response({"voted": False, "score": topic.score})


class PostVoteApi(APIView):
    """A helpful vote on a reply."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_posts_vote",
        summary="Vote a reply helpful (+10 to its author)",
        request=None,
        responses={201: VoteOutput, **_errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get(user=request.user, post_id=post_id)
        services.vote_cast(voter=request_user(request), post=post)
        post.refresh_from_db(fields=["score"])
        return Response({"voted": True, "score": post.score}, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        operation_id="community_posts_unvote",
        summary="Withdraw one's helpful vote on a reply",
        responses={200: VoteOutput, **_errors(403, 404, 409)},
    )
    def delete(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get(user=request.user, post_id=post_id)
        services.vote_withdraw(voter=request_user(request), post=post)
        post.refresh_from_db(fields=["score"])
        return Response({"voted": False, "score": post.score})


class TopicFlagApi(APIView):
    """Reporting a question to the moderators."""

    throttle_scope = "community_flag"
    throttle_classes = (ScopedRateThrottle,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_topics_flag",
        summary="Flag a question for the moderators",
        request=FlagInput,
        responses={201: FlagOutput, **_errors(400, 403, 404, 409, 429)},
    )
    def post(self, request: Request, topic_id: int) -> Response:
        data = FlagInput(data=request.data)
        data.is_valid(raise_exception=True)
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        flag = services.flag_create(
            reporter=request_user(request), topic=topic, **data.validated_data
        )
        return Response(FlagOutput(flag).data, status=status.HTTP_201_CREATED)


class PostFlagApi(APIView):
    """Reporting a reply to the moderators."""

    throttle_scope = "community_flag"
    throttle_classes = (ScopedRateThrottle,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_posts_flag",
        summary="Flag a reply for the moderators",
        request=FlagInput,
        responses={201: FlagOutput, **_errors(400, 403, 404, 409, 429)},
    )
    def post(self, request: Request, post_id: int) -> Response:
        data = FlagInput(data=request.data)
        data.is_valid(raise_exception=True)
        post = selectors.post_get(user=request.user, post_id=post_id)
        flag = services.flag_create(
            reporter=request_user(request), topic=post.topic, post=post, **data.validated_data
        )
        return Response(FlagOutput(flag).data, status=status.HTTP_201_CREATED)


# --- Views: moderation (staff and the "moderators" group) --------------------------------


class TopicModerateApi(APIView):
    """Moderators act on a topic; every action is logged."""

    permission_classes = (IsModerator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_moderation_topic",
        summary="Moderate a topic: hide, unhide, lock, unlock, pin, unpin, move, approve, "
        "reject (logged)",
        request=TopicModerationInput,
        responses={200: TopicOutput, **_errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, topic_id: int) -> Response:
        data = TopicModerationInput(data=request.data)
        data.is_valid(raise_exception=True)
        args = data.validated_data
        topic = selectors.topic_get(user=request.user, topic_id=topic_id)
        category = _category(args["category"]) if args.get("category") else None
        services.topic_moderate(
            topic=topic,
            moderator=request_user(request),
            action=args["action"],
            reason=args.get("reason", ""),
            category=category,
        )
        return Response(
            _topic_payload(request, selectors.topic_get(user=request.user, topic_id=topic_id))
        )


class PostModerateApi(APIView):
    """Moderators act on a reply; every action is logged."""

    permission_classes = (IsModerator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_moderation_post",
        summary="Moderate a reply: hide, unhide, approve, reject (logged)",
        request=PostModerationInput,
        responses={200: PostOutput, **_errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, post_id: int) -> Response:
        data = PostModerationInput(data=request.data)
        data.is_valid(raise_exception=True)
        post = selectors.post_get(user=request.user, post_id=post_id)
        services.post_moderate(
            post=post,
            moderator=request_user(request),
            action=data.validated_data["action"],
            reason=data.validated_data.get("reason", ""),
        )
        post = selectors.post_get(user=request.user, post_id=post_id)
        return Response(_post_payload(request, post, post.topic))


class FlagQueueApi(APIView):
    """The moderators' queue of open flags."""

    permission_classes = (IsModerator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_moderation_flags",
        summary="Open flags, oldest first",
        parameters=PAGE_PARAMETERS,
        responses={200: FlagPageOutput, **_errors(403)},
    )
    def get(self, request: Request) -> Response:
        flags = selectors.flags_open().order_by("created_at", "id")
        paginator, page = _paged(request, self, flags)
        return Response(_page_body(paginator, FlagQueueOutput(page, many=True).data))


class FlagResolveApi(APIView):
    """Moderators resolve a flag."""

    permission_classes = (IsModerator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_moderation_flag_resolve",
        summary="Uphold (hides the target) or dismiss a flag (logged)",
        request=FlagResolveInput,
        responses={200: FlagOutput, **_errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, flag_id: int) -> Response:
        data = FlagResolveInput(data=request.data)
        data.is_valid(raise_exception=True)
        flag = Flag.objects.filter(pk=flag_id).first()
        if flag is None:
            raise ApplicationError("No such flag.", code="not_found", status_code=404)
        flag = services.flag_resolve(
            flag=flag,
            moderator=request_user(request),
            uphold=data.validated_data["decision"] == "uphold",
            reason=data.validated_data.get("reason", ""),
        )
        return Response(FlagOutput(flag).data)


class PendingQueueApi(APIView):
    """What waits for a moderator's approval."""

    permission_classes = (IsModerator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_moderation_pending",
        summary="Questions and replies waiting for approval (up to 100 each, oldest first)",
        responses={200: PendingOutput, **_errors(403)},
    )
    def get(self, request: Request) -> Response:
        queue = selectors.pending_queue()
        topics = list(queue["topics"][:100])
        posts = list(queue["posts"][:100])
        presenter = _Presenter(request, topics, posts)
        return Response(
            PendingOutput(
                {
                    "topics": [presenter.topic(t) for t in topics],
                    "posts": [presenter.post(p, p.topic) for p in posts],
                }
            ).data
        )


class AuditLogApi(APIView):
    """The moderation audit log."""

    permission_classes = (IsModerator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_moderation_log",
        summary="The moderation audit log, newest first",
        parameters=[AuditLogInput, *PAGE_PARAMETERS],
        responses={200: AuditPageOutput, **_errors(400, 403)},
    )
    def get(self, request: Request) -> Response:
        params = AuditLogInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        entries = selectors.audit_log(
            action=params.validated_data.get("action"),
            actor_id=params.validated_data.get("actor"),
        )
        paginator, page = _paged(request, self, entries)
        return Response(_page_body(paginator, AuditOutput(page, many=True).data))


# --- Views: reputation, badges, profiles ------------------------------------------------


def _award_payload(award: Award) -> dict[str, Any]:
    badge = BADGES_BY_SLUG[award.badge]
    return {
        **_badge_payload(badge.slug),
        "season_id": award.season_id,
        "season_name": award.season.name if award.season else None,
        "awarded_at": award.awarded_at,
    }


def _badge_payload(slug: str) -> dict[str, Any]:
    badge = BADGES_BY_SLUG[slug]
    return {
        "slug": badge.slug,
        "tier": badge.tier.value,
        "side": badge.side.value,
        "name_en": badge.name_en,
        "name_fr": badge.name_fr,
        "description_en": badge.description_en,
        "description_fr": badge.description_fr,
        "per_season": badge.per_season,
    }


def _profile_payload(player: User) -> dict[str, Any]:
    profile = selectors.player_profile(player=player)
    return ProfileOutput(
        {
            "id": player.pk,
            "display_name": selectors.public_name(player),
            "reputation": profile.reputation,
            "level": profile.level,
            "rounds_played": profile.rounds_played,
            "winners_picked": profile.winners_picked,
            "questions": profile.questions,
            "answers": profile.answers,
            "accepted_answers": profile.accepted_answers,
            "helpful_votes_received": profile.helpful_votes_received,
            "badges": [_award_payload(a) for a in profile.awards if a.badge in BADGES_BY_SLUG],
            "badge_summary": selectors.badges_for_players([player.pk])[player.pk],
        }
    ).data


class MeApi(APIView):
    """The signed-in member's community profile."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_me",
        summary="My reputation, level and badges",
        responses={200: ProfileOutput, **_errors(403)},
    )
    def get(self, request: Request) -> Response:
        return Response(_profile_payload(request_user(request)))


class MyReputationApi(APIView):
    """The signed-in member's reputation events."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_me_reputation",
        summary="My reputation events, newest first (reversals included)",
        parameters=PAGE_PARAMETERS,
        responses={200: ReputationPageOutput, **_errors(403)},
    )
    def get(self, request: Request) -> Response:
        events = selectors.reputation_events(player=request_user(request))
        paginator, page = _paged(request, self, events)
        return Response(_page_body(paginator, ReputationEventOutput(page, many=True).data))


class PlayerProfileApi(APIView):
    """A player's public community profile."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_players_retrieve",
        summary="A player's public profile: badges, level, reputation",
        responses={200: ProfileOutput, **_errors(403, 404)},
    )
    def get(self, request: Request, player_id: int) -> Response:
        player = User.objects.filter(pk=player_id, is_active=True).first()
        if player is None:
            raise ApplicationError("No such player.", code="not_found", status_code=404)
        return Response(_profile_payload(player))


class BadgeCatalogueApi(APIView):
    """The badges there are to earn."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_badges_list",
        summary="Every badge that can be earned",
        responses={200: BadgeOutput(many=True), **_errors(403)},
    )
    def get(self, request: Request) -> Response:
        return Response(BadgeOutput([_badge_payload(b.slug) for b in BADGES], many=True).data)


class TopContributorsApi(APIView):
    """The top contributors' table."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_top_contributors",
        summary="Top contributors of the week, the season or all time",
        description="Ranked like the game (scoring.rank): reputation gained in the window, "
        "then answers accepted in it, then the best single day; ties share a rank.",
        parameters=[TopContributorsInput],
        responses={200: TopContributorsOutput, **_errors(400, 403)},
    )
    def get(self, request: Request) -> Response:
        params = TopContributorsInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        table = selectors.top_contributors(
            window=params.validated_data["window"], limit=params.validated_data["limit"]
        )
        return Response(TopContributorsOutput(asdict(table)).data)


class RoundThreadApi(APIView):
    """A game round's discussion thread, for the round pages."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_round_thread",
        summary="The discussion thread of a game round",
        description="Created on the round's opening; asked for an opened round that has none "
        "yet, it is created then. 404 for a round still in draft or unknown.",
        responses={200: RoundThreadOutput, **_errors(403, 404)},
    )
    def get(self, request: Request, round_id: int) -> Response:
        topic = selectors.round_thread_get(round_id=round_id)
        if topic is None:
            round_ = Round.objects.filter(pk=round_id).exclude(status=Round.Status.DRAFT).first()
            if round_ is None:
                raise ApplicationError("No such round.", code="not_found", status_code=404)
            topic = services.round_thread_ensure(round=round_)
        return Response(
            RoundThreadOutput(
                {
                    "round_id": round_id,
                    "topic_id": topic.pk,
                    "title": topic.title,
                    "url": WEB_TOPIC_PATH.format(id=topic.pk),
                    "api_url": API_TOPIC_PATH.format(id=topic.pk),
                    "reply_count": topic.reply_count,
                    "has_debrief": topic.posts.filter(kind=Post.Kind.DEBRIEF).exists(),
                }
            ).data
        )
