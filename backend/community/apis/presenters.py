"""Topics and posts as the API shows them to one member.

Text comes back as `body_html`, sanitised HTML safe to insert as is; the Markdown source
(`body`) is only sent to its author, for editing. Authors come with their reputation,
level and badges, looked up in bulk for a whole page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from backend.accounts.models import User
from backend.common.pagination import page, paged_body, paginated
from backend.community import markup
from backend.community.models import Category, Level, Post, Status, Topic
from backend.community.paddock_posts import html_in
from backend.community.permissions import is_adviser, is_moderator
from backend.community.selectors.badges import badges_for_players
from backend.community.selectors.reputation import profiles_for_players
from backend.community.selectors.roles import Role, roles_for_players
from backend.community.selectors.topics import (
    others_replies,
    post_get,
    post_queryset,
    public_name,
    topic_get,
    votes_of,
)
from backend.community.services.rules import edit_window

from .badges import BadgeSummaryOutput
from .base import WEB_TOPIC_PATH, Target


class CategoryRefOutput(serializers.ModelSerializer[Category]):
    class Meta:
        model = Category
        fields = ("slug", "name_en", "name_fr")
        read_only_fields = fields


class AuthorOutput(serializers.Serializer[Any]):
    """A member as others see them: display name only, never the email."""

    id = serializers.IntegerField()
    display_name = serializers.CharField()
    reputation = serializers.IntegerField()
    level = serializers.ChoiceField(choices=Level.choices)
    badges = BadgeSummaryOutput()
    role = serializers.ChoiceField(
        choices=Role.choices, help_text="adviser: Paddock's staff; moderator; member."
    )


def edit_until_field() -> serializers.DateTimeField:
    """A topic's or a post's `viewer.edit_until`."""
    return serializers.DateTimeField(
        allow_null=True, help_text="When the edit window closes; null when it cannot be edited."
    )


class TopicViewerOutput(serializers.Serializer[Any]):
    """What the signed-in member may do (the API still checks every action)."""

    voted = serializers.BooleanField()
    can_edit = serializers.BooleanField(
        help_text="The author, within the edit window, of a topic neither hidden nor locked."
    )
    edit_until = edit_until_field()
    can_delete = serializers.BooleanField(
        help_text="The author, of a topic neither hidden nor locked that no one else answered."
    )
    can_accept = serializers.BooleanField()
    can_moderate = serializers.BooleanField()


class PostViewerOutput(serializers.Serializer[Any]):
    voted = serializers.BooleanField()
    can_check = serializers.BooleanField(help_text="An adviser may mark it checked.")
    can_edit = serializers.BooleanField(
        help_text="The author, within the edit window, in a topic open to replies."
    )
    edit_until = edit_until_field()
    can_delete = serializers.BooleanField(
        help_text="The author, in a topic open to replies, unless it is the accepted answer."
    )


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
    checked_by_adviser = serializers.BooleanField(help_text="An adviser checked this answer.")
    checked_at = serializers.DateTimeField(allow_null=True)
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


class TopicDetailOutput(TopicOutput):
    """A topic with its body and its replies, oldest first, paged by ?page=."""

    body = serializers.CharField(
        allow_null=True, help_text="The Markdown source, for its author only (else null)."
    )
    body_html = serializers.CharField(help_text="Sanitised HTML, safe to insert as is.")
    replies = paginated(PostOutput, name="PostPageOutput")


def _authors(users: Iterable[User | None]) -> dict[int, dict[str, Any]]:
    """Author payloads for these users: reputation, level, badges and role, in bulk."""
    by_id = {user.pk: user for user in users if user is not None}
    profiles = profiles_for_players(by_id)
    badges = badges_for_players(by_id)
    roles = roles_for_players(by_id)
    return {
        pid: {
            "id": pid,
            "display_name": public_name(user),
            "reputation": profiles.get(pid, (0, Level.NOVICE.value))[0],
            "level": profiles.get(pid, (0, Level.NOVICE.value))[1],
            "badges": badges[pid],
            "role": roles[pid],
        }
        for pid, user in by_id.items()
    }


class Presenter:
    """Turns topics and posts into payloads for one viewer, with bulk look-ups."""

    def __init__(self, request: Request, topics: Sequence[Topic], posts: Sequence[Post] = ()):
        # Visitors read public categories too: anonymous, they own nothing here.
        self.user = request.user
        self.uid = self.user.pk if getattr(self.user, "is_authenticated", False) else -1
        self.moderator = is_moderator(self.user)
        self.adviser = is_adviser(self.user)
        # Paddock's own posts are read in the reader's language: the profile's, else the
        # request's (its Accept-Language).
        self.lang = getattr(self.user, "language", "") or getattr(request, "LANGUAGE_CODE", "")
        self.now = timezone.now()
        self.window = edit_window()
        self.authors = _authors([t.author for t in topics] + [p.author for p in posts])
        self.votes = votes_of(
            user=self.user, topic_ids=[t.pk for t in topics], post_ids=[p.pk for p in posts]
        )
        self.answered = self._answered_by_others([t.pk for t in topics if t.author_id == self.uid])

    def _answered_by_others(self, my_topic_ids: list[int]) -> set[int]:
        """Which of the viewer's own topics others have replied to (they cannot delete them)."""
        if not my_topic_ids or self.uid is None:
            return set()
        replies = others_replies(topic_ids=my_topic_ids, author_id=self.uid)
        return set(replies.values_list("topic_id", flat=True).distinct())

    def _editable(self, created_at: dt.datetime) -> bool:
        return self.now - created_at <= self.window

    def _edit_until(self, created_at: dt.datetime, can_edit: bool) -> dt.datetime | None:
        return created_at + self.window if can_edit else None

    def _topic_viewer(self, topic: Topic) -> dict[str, Any]:
        mine = topic.author_id == self.uid
        changeable = mine and not topic.is_hidden and not topic.is_locked
        can_edit = changeable and self._editable(topic.created_at)
        return {
            "voted": f"topic:{topic.pk}" in self.votes,
            "can_edit": can_edit,
            "edit_until": self._edit_until(topic.created_at, can_edit),
            "can_delete": changeable and topic.pk not in self.answered,
            "can_accept": topic.is_public
            and not topic.is_locked
            and topic.kind == Topic.Kind.QUESTION
            and (mine or self.moderator),
            "can_moderate": self.moderator,
        }

    def topic(self, topic: Topic, *, detail: bool = False) -> dict[str, Any]:
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
            "viewer": self._topic_viewer(topic),
        }
        if detail:
            data["body"] = topic.body if topic.author_id == self.uid else None
            data["body_html"] = html_in(topic, self.lang)
        return data

    def post(self, post: Post) -> dict[str, Any]:
        """`post` (with its topic loaded) as this viewer sees it."""
        topic = post.topic
        mine = post.author_id == self.uid
        open_ = mine and topic.is_public and not topic.is_locked and not post.is_hidden
        can_edit = open_ and self._editable(post.created_at)
        return {
            "id": post.pk,
            "topic_id": post.topic_id,
            "kind": post.kind,
            "author": self.authors.get(post.author_id) if post.author_id else None,
            "body": post.body if mine else None,
            "body_html": html_in(post, self.lang),
            "status": post.status,
            "is_hidden": post.is_hidden,
            "is_accepted": topic.accepted_answer_id == post.pk,
            "checked_by_adviser": post.checked_by_id is not None,
            "checked_at": post.checked_at,
            "score": post.score,
            "settlement_version": post.settlement_version,
            "created_at": post.created_at,
            "edited_at": post.edited_at,
            "viewer": {
                "voted": f"post:{post.pk}" in self.votes,
                "can_check": self.adviser
                and post.kind == Post.Kind.REPLY
                and topic.kind == Topic.Kind.QUESTION
                and post.is_public,
                "can_edit": can_edit,
                "edit_until": self._edit_until(post.created_at, can_edit),
                "can_delete": open_ and topic.accepted_answer_id != post.pk,
            },
        }


def topic_payload(request: Request, topic: Topic) -> dict[str, Any]:
    return TopicOutput(Presenter(request, [topic]).topic(topic)).data


def post_payload(request: Request, post: Post) -> dict[str, Any]:
    return PostOutput(Presenter(request, [], [post]).post(post)).data


def topic_detail(request: Request, view: APIView, topic: Topic) -> dict[str, Any]:
    """The topic with the page of its replies the request asks for."""
    paginator, rows = page(request, view, post_queryset(user=request.user, topic=topic))
    for post in rows:
        post.topic = topic
    presenter = Presenter(request, [topic], rows)
    replies = paged_body(paginator, [presenter.post(post) for post in rows])
    return TopicDetailOutput({**presenter.topic(topic, detail=True), "replies": replies}).data


TOPIC = Target(
    "topic",
    find=lambda user, pk: topic_get(user=user, topic_id=pk),
    present=topic_payload,
)
POST = Target(
    "post",
    find=lambda user, pk: post_get(user=user, post_id=pk),
    present=post_payload,
)
