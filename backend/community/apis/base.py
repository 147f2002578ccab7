"""What the community's views share: the schema tag, the throttled posting views, and the
views that serve topics and posts alike.

A view serving both (vote, flag, moderate) is written once and mounted twice, each URL
naming its `Target` (`VoteApi.as_view(target=TOPIC)`). The target finds the topic or post
of the URL as the member may see it and presents it; the view's `operations` name and sum
up each operation per target in the schema, where `TargetSchema` reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from backend.community.models import Post, Topic

TAGS = ["community"]
WEB_TOPIC_PATH = "/community/topics/{id}"
API_TOPIC_PATH = "/api/v1/community/topics/{id}/"


class PublicReadApi(APIView):
    """Visitors read the public categories without an account: GET is open to everyone
    (they see what `public()` shows, with display names only); writing needs a member."""

    def get_permissions(self) -> list[Any]:
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return [AllowAny()]
        return list(super().get_permissions())


class PostingApi(PublicReadApi):
    """Posting (ask, reply, edit) is rate-limited per member: scope `community_post`."""

    throttle_scope = "community_post"
    throttled_methods: frozenset[str] = frozenset({"POST", "PATCH"})

    def get_throttles(self) -> list[BaseThrottle]:
        throttles = super().get_throttles()
        if self.request.method in self.throttled_methods:
            throttles.append(ScopedRateThrottle())
        return throttles


@dataclass(frozen=True)
class Target:
    """Topics or posts, as a view serving both sees them."""

    # "topic" or "post": the URL's `<name>_id`, and the keyword the services take.
    name: str
    # (user, id) -> the topic or post as that user may see it, else 404 `not_found`.
    find: Callable[[Any, int], Topic | Post]
    # (request, topic or post) -> its payload (`TopicOutput` or `PostOutput`).
    present: Callable[[Request, Any], dict[str, Any]]

    def get(self, request: Request, ids: dict[str, int]) -> Topic | Post:
        """The topic or post the URL names, as the signed-in member may see it."""
        return self.find(request.user, ids[f"{self.name}_id"])

    def keyword(self, found: Topic | Post) -> dict[str, Any]:
        """`found` as the services take it: `topic=` or `post=`."""
        return {self.name: found}


@dataclass(frozen=True)
class Operation:
    """One operation of a view serving topics and posts, as the schema shows it for one
    target; `request` and `responses`, when given, are this target's own."""

    operation_id: str
    summary: str
    request: Any = None
    responses: dict[int, Any] | None = None


class TargetSchema(AutoSchema):
    """Documents each operation of a `TargetApi` for the target its path serves (drf-
    spectacular builds one view per path, with the URL's `target`)."""

    def _operation(self) -> Operation:
        view = cast(TargetApi, self.view)
        return view.operations[view.target.name, self.method.lower()]

    def get_tags(self) -> list[str]:
        return TAGS

    def get_operation_id(self) -> str:
        return self._operation().operation_id

    def get_summary(self) -> str | None:
        return self._operation().summary

    def get_request_serializer(self) -> Any:
        return self._operation().request or super().get_request_serializer()

    def get_response_serializers(self) -> Any:
        return self._operation().responses or super().get_response_serializers()


class TargetApi(APIView):
    """A view serving topics and posts alike: each URL mounts it with its target."""

    schema = TargetSchema()
    # Set by each URL: as_view(target=TOPIC) or as_view(target=POST).
    target: Target = cast(Target, None)
    operations: ClassVar[dict[tuple[str, str], Operation]] = {}
