"""Reading topics and posts: what a member may see of them, and what the forum counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import ApplicationError, get_or_404, not_found
from backend.community.models import (
    Category,
    Contribution,
    ContributionQuerySet,
    Post,
    Status,
    Topic,
    Vote,
)
from backend.community.permissions import is_moderator
from backend.community.search import search_topics
from backend.game.models import Round

C = TypeVar("C", bound=Contribution)


def public_name(user: User | None) -> str:
    """The author's public name; posts without a user are Paddock's own."""
    return "Paddock" if user is None else user.public_name


def categories_with_counts() -> QuerySet[Category]:
    """Categories in display order, each with its number of public topics."""
    public = (
        Topic.objects.public()
        .filter(category=OuterRef("pk"))
        .order_by()
        .values("category")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Category.objects.annotate(
        topic_count=Coalesce(Subquery(public), 0, output_field=IntegerField())
    ).order_by("position", "id")


def category_get(*, slug: str) -> Category:
    """The category a request names (an unknown one is bad input: 400)."""
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise ApplicationError(_("No such category."), code="invalid_category")
    return category


def question_round_get(*, round_id: int) -> Round:
    """The round a question points at (an unknown one is bad input: 400)."""
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        raise ApplicationError(_("No such round."), code="invalid_round")
    return round_


def _visible(rows: ContributionQuerySet[C], user: Any) -> ContributionQuerySet[C]:
    """What `user` may see of `rows`: the public ones and their own ones waiting for
    approval; moderators see everything but what is deleted."""
    if is_moderator(user):
        return rows.not_deleted()
    visible = rows.public()
    if getattr(user, "is_authenticated", False):
        visible |= rows.not_deleted().filter(author=user, status=Status.PENDING, is_hidden=False)
    return visible


def topic_queryset(*, user: Any) -> QuerySet[Topic]:
    """Topics `user` may see: public ones, their own pending ones; moderators see all but
    deleted ones."""
    return _visible(Topic.objects.all(), user).select_related("category", "author")


def topic_list(
    *,
    user: Any,
    category: str | None = None,
    search: str | None = None,
    round_id: int | None = None,
    author_id: int | None = None,
    unanswered: bool = False,
) -> QuerySet[Topic]:
    """Pinned first, then the latest activity; by relevance when searching."""
    topics = topic_queryset(user=user)
    if category:
        topics = topics.filter(category__slug=category)
    if round_id is not None:
        topics = topics.filter(round_id=round_id)
    if author_id is not None:
        topics = topics.filter(author_id=author_id)
    if unanswered:
        topics = topics.filter(kind=Topic.Kind.QUESTION, accepted_answer__isnull=True)
    if search:
        return search_topics(topics, search)
    return topics


def topic_get(*, user: Any, topic_id: int) -> Topic:
    return get_or_404(topic_queryset(user=user), _("No such topic."), pk=topic_id)


def post_queryset(*, user: Any, topic: Topic) -> QuerySet[Post]:
    return _visible(Post.objects.filter(topic=topic), user).select_related("author")


def post_get(*, user: Any, post_id: int) -> Post:
    """A post `user` may see, in a topic they may see."""
    post = Post.objects.filter(pk=post_id).only("topic_id").first()
    if post is None:
        raise not_found(_("No such post."))
    topic = topic_get(user=user, topic_id=post.topic_id)
    found = get_or_404(post_queryset(user=user, topic=topic), _("No such post."), pk=post_id)
    found.topic = topic
    return found


def others_replies(*, topic_ids: Iterable[int], author_id: int) -> QuerySet[Post]:
    """The replies, not deleted, that members other than `author_id` (or Paddock) wrote in
    these topics: once a question has one, its author may no longer delete it."""
    replies = Post.objects.filter(topic_id__in=list(topic_ids)).not_deleted()
    return replies.exclude(author_id=author_id)


def score_of(target: Topic | Post) -> int:
    """The helpful votes `target` has now, read again after a vote changed them."""
    target.refresh_from_db(fields=["score"])
    return target.score


def votes_of(*, user: Any, topic_ids: Iterable[int] = (), post_ids: Iterable[int] = ()) -> set[str]:
    """Keys ("topic:1", "post:2") of what `user` voted helpful among the given ids."""
    if not getattr(user, "is_authenticated", False):
        return set()
    topic_ids, post_ids = list(topic_ids), list(post_ids)
    rows = Vote.objects.filter(voter=user).filter(
        Q(topic_id__in=topic_ids) | Q(post_id__in=post_ids)
    )
    return {
        f"post:{post_id}" if post_id else f"topic:{topic_id}"
        for topic_id, post_id in rows.values_list("topic_id", "post_id")
    }


def approved_post_count(*, player: User) -> int:
    """Questions and replies of `player` that are published (the new-member rule)."""
    questions = Topic.objects.filter(
        author=player, kind=Topic.Kind.QUESTION, status=Status.PUBLISHED
    ).count()
    replies = Post.objects.filter(author=player, kind=Post.Kind.REPLY, status=Status.PUBLISHED)
    return questions + replies.count()
