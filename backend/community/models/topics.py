"""Topics and posts: the categories, what questions and replies share (`Contribution`) and
the one visibility rule (`ContributionQuerySet.public`).

Text is stored twice: the Markdown source members typed and the sanitised HTML rendered
from it (`markup.render`), so reads never render and never trust the source.
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

TITLE_MIN = 8
TITLE_MAX = 200
BODY_MAX = 20_000
ROUND_THREAD_CATEGORY = "race-of-the-week"

_C = TypeVar("_C", bound="Contribution")


class Status(models.TextChoices):
    """Publication state: a new member's first posts with links wait for a moderator."""

    PUBLISHED = "published", "Published"
    PENDING = "pending", "Pending approval"
    REJECTED = "rejected", "Rejected"


class Category(models.Model):
    """A forum section, set by operators (the defaults come from a data migration)."""

    slug = models.SlugField(max_length=50, unique=True)
    name_en = models.CharField(max_length=80)
    name_fr = models.CharField(max_length=80)
    description_en = models.TextField(blank=True, default="")
    description_fr = models.TextField(blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0, help_text="Display order.")
    first_answer_target_hours = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="A question should get its first answer within this many hours; empty: "
        "the FIRST_ANSWER_TARGET_HOURS setting.",
    )

    class Meta:
        ordering = ("position", "id")
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name_en


class ContributionQuerySet(models.QuerySet[_C]):
    """The queries topics and posts share (`Topic.objects`, `Post.objects`)."""

    def public(self) -> ContributionQuerySet[_C]:
        """What everyone may see: published, neither hidden nor deleted.

        The one statement of the community's visibility rule: every read that shows topics
        or posts to everyone (lists, counts, profiles) starts from it, and what a member may
        see beyond it (their own pending posts, a moderator's view) is added to it.
        """
        return self.filter(status=Status.PUBLISHED, is_hidden=False, deleted_at__isnull=True)

    def not_deleted(self) -> ContributionQuerySet[_C]:
        """Everything but what its author deleted (moderators see hidden and pending rows)."""
        return self.filter(deleted_at__isnull=True)


class Contribution(models.Model):
    """What topics and posts share: an author, a Markdown body with its sanitised HTML, a
    publication status, a moderator's hiding, helpful votes, an edit and a soft deletion.

    `author` is null for what Paddock itself posts (round threads, their debriefs).
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_%(class)ss",
    )
    body = models.TextField(max_length=BODY_MAX, help_text="Markdown source.")
    body_html = models.TextField(editable=False, help_text="Sanitised HTML of the body.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    is_hidden = models.BooleanField(default=False)
    score = models.PositiveIntegerField(default=0, help_text="Helpful votes.")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    paddock_data = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="Paddock's own posts (round threads, debriefs, corrections): the template "
        "and the facts it is written from, so each reader reads it in their language "
        "(`body` keeps the English text for search).",
    )

    objects = ContributionQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_public(self) -> bool:
        """`public()` for this one row, in memory."""
        return self.status == Status.PUBLISHED and not self.is_hidden and not self.is_deleted


STAFF_KINDS = ("news", "tip", "testimony", "event")


class Topic(Contribution):
    """A question (or a round's discussion thread) with its Markdown body.

    `round` links a topic to a game round: at most one round thread per round; questions
    may point at a round too. `search_vector` is maintained by the services on PostgreSQL
    only (GIN-indexed there).
    """

    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        ROUND_THREAD = "round_thread", "Round thread"
        # Staff posts, by Paddock's advisers only, in their own feed.
        NEWS = "news", "News"
        TIP = "tip", "Tip"
        TESTIMONY = "testimony", "Expert testimony"
        EVENT = "event", "Event announcement"

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="topics")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.QUESTION)
    round = models.ForeignKey(
        "game.Round",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_topics",
    )
    title = models.CharField(max_length=TITLE_MAX)
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    accepted_answer = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reply_count = models.PositiveIntegerField(default=0, help_text="Visible replies.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    search_vector = SearchVectorField(null=True, editable=False)
    overdue_notified_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When advisers and moderators were told it passed its first-answer target.",
    )

    class Meta:
        ordering = ("-is_pinned", "-last_activity_at", "-id")
        indexes = [
            models.Index(
                fields=("category", "-is_pinned", "-last_activity_at"),
                name="community_topic_listing",
            ),
            # Every category's topics, in the listing's order: without it the community's
            # front page sorted every topic (on disk, 0.1 s at 200,000 topics) for 50.
            models.Index(
                fields=("-is_pinned", "-last_activity_at", "-id"), name="community_topic_recent"
            ),
            # A kind's topics (the staff's few posts among every player's questions).
            models.Index(fields=("kind", "-created_at"), name="community_topic_kind"),
            models.Index(fields=("author", "status"), name="community_topic_author"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=("round",),
                condition=Q(kind="round_thread"),
                name="community_topic_one_thread_per_round",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The topic's page in the web app."""
        return f"/community/topics/{self.pk}"


class Post(Contribution):
    """A reply to a topic, or Paddock's debrief (and its corrections) in a round thread."""

    class Kind(models.TextChoices):
        REPLY = "reply", "Reply"
        DEBRIEF = "debrief", "Round debrief"
        CORRECTION = "correction", "Result correction"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REPLY)
    settlement_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="Debriefs: the round settlement they describe."
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The adviser who checked this answer.",
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "id")
        indexes = [
            models.Index(fields=("topic", "created_at"), name="community_post_topic"),
            models.Index(fields=("author", "status"), name="community_post_author"),
            # The latest posts across topics (the visitors' recent answers): without it,
            # every post was sorted, on disk, for 20 (0.25 s at a million posts).
            models.Index(fields=("-created_at", "-id"), name="community_post_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=("topic",),
                condition=Q(kind="debrief"),
                name="community_post_one_debrief_per_topic",
            ),
            models.UniqueConstraint(
                fields=("topic", "settlement_version"),
                condition=Q(kind="correction"),
                name="community_post_one_correction_per_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} on {self.topic_id}"
