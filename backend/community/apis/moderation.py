"""Moderation in the API (staff and the "moderators" group): acting on a topic or a reply,
the flag queue and its decisions, the approval queue, the audit log."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.inputs import JsonInput, query_valid
from backend.common.openapi import error_responses
from backend.common.pagination import PAGE_PARAMETERS, page, paged_response, paginated
from backend.community import markup, services
from backend.community.models import Flag, ModerationAction, Post, Topic
from backend.community.permissions import IsModerator
from backend.community.selectors import moderation as selectors
from backend.community.selectors.topics import category_get, public_name
from backend.community.services.moderation import POST_ACTIONS, TOPIC_ACTIONS

from .base import TAGS, Operation, TargetApi
from .presenters import PostOutput, Presenter, TopicOutput
from .votes import FlagOutput


class TopicModerationInput(JsonInput):
    action = serializers.ChoiceField(choices=[a.value for a in TOPIC_ACTIONS])
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)
    category = serializers.SlugField(required=False, help_text="For move: the new category.")


class PostModerationInput(JsonInput):
    action = serializers.ChoiceField(choices=[a.value for a in POST_ACTIONS])
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class FlagQueueOutput(FlagOutput):
    reporter = serializers.SerializerMethodField(help_text="Who reported it (public name).")
    target_author = serializers.SerializerMethodField(
        help_text="Who wrote what is reported (public name); null for Paddock's own posts."
    )
    target_excerpt = serializers.SerializerMethodField()

    def get_reporter(self, flag: Flag) -> str:
        return public_name(flag.reporter)

    def get_target_author(self, flag: Flag) -> str | None:
        author = _target(flag).author
        return public_name(author) if author is not None else None

    def get_target_excerpt(self, flag: Flag) -> str:
        return markup.excerpt(_target(flag).body_html)


def _target(flag: Flag) -> Topic | Post:
    """What a flag reports: its reply, or else its question."""
    target = flag.post if flag.post_id else flag.topic
    assert target is not None
    return target


class FlagResolveInput(JsonInput):
    decision = serializers.ChoiceField(
        choices=["uphold", "dismiss"], help_text="uphold hides the flagged post or topic."
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class PendingOutput(serializers.Serializer[Any]):
    topics = TopicOutput(many=True)
    posts = PostOutput(many=True)


class AuditOutput(serializers.ModelSerializer[ModerationAction]):
    actor = serializers.SerializerMethodField()
    target = serializers.CharField(
        help_text='"topic:<id>", "post:<id>" or "flag:<id>"; for a live decision "room:<id>" '
        'or "help:<id>" (the message) or "player:<id>" (a mute).'
    )
    member_name = serializers.SerializerMethodField(
        help_text="A live decision's member (the muted one, the message's author), by the "
        "name shown now; null for the forum's actions."
    )

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
            "member_name",
        )
        read_only_fields = fields

    def get_actor(self, entry: ModerationAction) -> str | None:
        return public_name(entry.actor) if entry.actor_id else None

    def get_member_name(self, entry: ModerationAction) -> str | None:
        member = entry.details.get("player") or entry.details.get("author")
        return self.context["members"].get(member) if member else None


class AuditLogInput(JsonInput):
    action = serializers.ChoiceField(choices=ModerationAction.Action.choices, required=False)
    actor = serializers.IntegerField(required=False, min_value=1)


class ModerateApi(TargetApi):
    """Moderators act on a topic or a reply; every action is logged."""

    permission_classes = (IsModerator,)
    inputs: dict[str, type[serializers.Serializer[Any]]] = {
        "topic": TopicModerationInput,
        "post": PostModerationInput,
    }
    operations = {
        ("topic", "post"): Operation(
            "community_moderation_topic",
            "Moderate a topic: hide, unhide, lock, unlock, pin, unpin, move, approve, "
            "reject (logged)",
            request=TopicModerationInput,
            responses={200: TopicOutput, **error_responses(400, 403, 404, 409)},
        ),
        ("post", "post"): Operation(
            "community_moderation_post",
            "Moderate a reply: hide, unhide, approve, reject (logged)",
            request=PostModerationInput,
            responses={200: PostOutput, **error_responses(400, 403, 404, 409)},
        ),
    }

    def post(self, request: Request, **ids: int) -> Response:
        data = self.inputs[self.target.name](data=request.data)
        data.is_valid(raise_exception=True)
        args = data.validated_data
        target = self.target.get(request, ids)
        services.moderate(
            target=target,
            moderator=request_user(request),
            action=args["action"],
            reason=args.get("reason", ""),
            category=category_get(slug=args["category"]) if args.get("category") else None,
        )
        return Response(self.target.present(request, self.target.get(request, ids)))


class FlagQueueApi(APIView):
    """The moderators' queue of open flags."""

    permission_classes = (IsModerator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_moderation_flags",
        summary="Open flags, oldest first",
        parameters=PAGE_PARAMETERS,
        responses={
            200: paginated(FlagQueueOutput, name="FlagPageOutput"),
            **error_responses(403),
        },
    )
    def get(self, request: Request) -> Response:
        paginator, rows = page(request, self, selectors.flags_open())
        return paged_response(paginator, FlagQueueOutput(rows, many=True).data)


class FlagResolveApi(APIView):
    """Moderators resolve a flag."""

    permission_classes = (IsModerator,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_moderation_flag_resolve",
        summary="Uphold (hides the target) or dismiss a flag (logged)",
        request=FlagResolveInput,
        responses={200: FlagOutput, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, flag_id: int) -> Response:
        data = FlagResolveInput(data=request.data)
        data.is_valid(raise_exception=True)
        flag = services.flag_resolve(
            flag=selectors.flag_get(flag_id=flag_id),
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
        responses={200: PendingOutput, **error_responses(403)},
    )
    def get(self, request: Request) -> Response:
        queue = selectors.pending_queue()
        presenter = Presenter(request, queue["topics"], queue["posts"])
        return Response(
            PendingOutput(
                {
                    "topics": [presenter.topic(t) for t in queue["topics"]],
                    "posts": [presenter.post(p) for p in queue["posts"]],
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
        responses={
            200: paginated(AuditOutput, name="AuditPageOutput"),
            **error_responses(400, 403),
        },
    )
    def get(self, request: Request) -> Response:
        params = query_valid(AuditLogInput, request)
        entries = selectors.audit_log(action=params.get("action"), actor_id=params.get("actor"))
        paginator, rows = page(request, self, entries)
        members = selectors.audit_members(rows)
        return paged_response(
            paginator, AuditOutput(rows, many=True, context={"members": members}).data
        )
