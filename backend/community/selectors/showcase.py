"""What visitors see of the community on the home page: the latest answers to questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.html import strip_tags
from django.utils.text import Truncator

from backend.community.models import Category, Post, Topic

RECENT_ANSWERS = 5
EXCERPT_CHARS = 160


@dataclass(frozen=True)
class RecentAnswer:
    """A public answer to a public question: its excerpt and its author's display name."""

    topic_id: int
    title: str
    category: Category
    excerpt: str
    answered_by: str
    answered_at: datetime
    accepted: bool


def recent_answers(*, limit: int = RECENT_ANSWERS) -> list[RecentAnswer]:
    """The latest public replies by players to public questions, one per question."""
    posts = (
        Post.objects.public()
        .filter(
            kind=Post.Kind.REPLY,
            author__isnull=False,
            topic__in=Topic.objects.public().filter(kind=Topic.Kind.QUESTION),
        )
        .select_related("author", "topic__category")
        .order_by("-created_at", "-id")
    )
    found: dict[int, RecentAnswer] = {}
    for post in posts[: limit * 4]:
        if post.topic_id in found or post.author is None:
            continue
        topic = post.topic
        found[topic.pk] = RecentAnswer(
            topic_id=topic.pk,
            title=topic.title,
            category=topic.category,
            excerpt=Truncator(strip_tags(post.body_html).strip()).chars(EXCERPT_CHARS),
            answered_by=post.author.public_name,
            answered_at=post.created_at,
            accepted=topic.accepted_answer_id == post.pk,
        )
        if len(found) == limit:
            break
    return list(found.values())
