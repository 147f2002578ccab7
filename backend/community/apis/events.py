"""Community events: everyone reads the upcoming ones; operators schedule them; members
follow them to be reminded."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.inputs import JsonInput, valid
from backend.common.openapi import error_responses
from backend.common.permissions import IsOperator
from backend.community import services
from backend.community.models import REMIND_MINUTES_MAX, TITLE_MAX, TITLE_MIN, CommunityEvent
from backend.community.selectors import topics as topic_selectors
from backend.community.selectors.events import event_get, events_upcoming, followed_ids

from .base import TAGS, PublicReadApi


class EventOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CommunityEvent.Kind.choices)
    title = serializers.CharField()
    description = serializers.CharField()
    starts_at = serializers.DateTimeField()
    remind_minutes_before = serializers.IntegerField()
    topic = serializers.IntegerField(help_text="The event's thread (a topic id).")
    followers = serializers.IntegerField()
    following = serializers.BooleanField(help_text="The signed-in member follows it.")


def _payload(event: CommunityEvent, following: set[int]) -> dict[str, Any]:
    return {
        "id": event.pk,
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "starts_at": event.starts_at,
        "remind_minutes_before": event.remind_minutes_before,
        "topic": event.topic_id,
        "followers": event.followers if hasattr(event, "followers") else event.follows.count(),
        "following": event.pk in following,
    }


class EventInput(JsonInput):
    kind = serializers.ChoiceField(choices=CommunityEvent.Kind.choices)
    title = serializers.CharField(min_length=TITLE_MIN, max_length=min(TITLE_MAX, 120))
    description = serializers.CharField(
        max_length=2000, required=False, default="", allow_blank=True
    )
    starts_at = serializers.DateTimeField(help_text="In the future.")
    category = serializers.SlugField(help_text="Where its thread is posted.")
    remind_minutes_before = serializers.IntegerField(
        required=False, default=60, min_value=5, max_value=REMIND_MINUTES_MAX
    )


class EventsApi(PublicReadApi):
    """Upcoming events (everyone); operators schedule one."""

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [IsOperator()]
        return super().get_permissions()

    @extend_schema(
        tags=TAGS,
        operation_id="community_events_list",
        summary="Upcoming community events, soonest first",
        responses={200: EventOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        events = list(events_upcoming(now=timezone.now())[:100])
        mine = followed_ids(player_id=request.user.pk, event_ids=[e.pk for e in events])
        return Response(EventOutput([_payload(e, mine) for e in events], many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="community_events_create",
        summary="Schedule an event with its thread (operators); never in the past",
        request=EventInput,
        responses={201: EventOutput, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        args = valid(EventInput, request.data)
        event = services.event_schedule(
            author=request_user(request),
            kind=args["kind"],
            title=args["title"],
            description=args["description"],
            starts_at=args["starts_at"],
            category=topic_selectors.category_get(slug=args["category"]),
            remind_minutes_before=args["remind_minutes_before"],
        )
        return Response(EventOutput(_payload(event, set())).data, status=status.HTTP_201_CREATED)


class EventFollowApi(APIView):
    """Follow an event to be reminded before it starts (members)."""

    def _answer(self, request: Request, event_id: int, *, follow: bool) -> Response:
        event = event_get(event_id=event_id)
        services.event_follow(event=event, player=request_user(request), follow=follow)
        mine = {event.pk} if follow else set()
        return Response(EventOutput(_payload(event, mine)).data)

    @extend_schema(
        tags=TAGS,
        operation_id="community_event_follow",
        summary="Follow an event (idempotent)",
        request=None,
        responses={200: EventOutput, **error_responses(401, 404, 409)},
    )
    def post(self, request: Request, event_id: int) -> Response:
        return self._answer(request, event_id, follow=True)

    @extend_schema(
        tags=TAGS,
        operation_id="community_event_unfollow",
        summary="Stop following an event",
        responses={200: EventOutput, **error_responses(401, 404, 409)},
    )
    def delete(self, request: Request, event_id: int) -> Response:
        return self._answer(request, event_id, follow=False)
