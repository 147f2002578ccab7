"""The peer-help community: categories, questions (topics) and their replies (posts),
helpful votes, flags, the moderation audit log, reputation as an event log, profiles and
badge awards.

Text is stored twice: the Markdown source members typed and the sanitised HTML rendered
from it (`markup.render`), so reads never render and never trust the source.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .badges import BADGE_CHOICES

TITLE_MIN = 8
TITLE_MAX = 200
BODY_MAX = 20_000
FLAG_DETAIL_MAX = 500
MODERATORS_GROUP = "moderators"
ROUND_THREAD_CATEGORY = "race-of-the-week"


class Level(models.TextChoices):
    """Expertise level from expertise points = reputation + 10 x rounds played + 25 x
    winners picked (a round whose WIN pick won). Thresholds in `LEVEL_THRESHOLDS`."""

    NOVICE = "novice", "Novice"
    REGULAR = "regular", "Regular"
    HANDICAPPER = "handicapper", "Handicapper"
    EXPERT = "expert", "Expert"
    ORACLE = "oracle", "Oracle"


LEVEL_THRESHOLDS: tuple[tuple[int, Level], ...] = (
    (5000, Level.ORACLE),
    (1500, Level.EXPERT),
    (500, Level.HANDICAPPER),
    (100, Level.REGULAR),
    (0, Level.NOVICE),
)
POINTS_PER_ROUND_PLAYED = 10
POINTS_PER_WINNER_PICKED = 25


def expertise_points(reputation: int, rounds_played: int, winners: int) -> int:
    return (
        max(reputation, 0)
        + POINTS_PER_ROUND_PLAYED * rounds_played
        + POINTS_PER_WINNER_PICKED * winners
    )


def level_for(reputation: int, rounds_played: int, winners: int) -> Level:
    points = expertise_points(reputation, rounds_played, winners)
    return next(level for threshold, level in LEVEL_THRESHOLDS if points >= threshold)


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

    class Meta:
        ordering = ("position", "id")
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name_en


class Topic(models.Model):
    """A question (or a round's discussion thread) with its Markdown body.

    `author` is null for what Paddock itself posts (round threads). `round` links a topic
    to a game round: at most one round thread per round; questions may point at a round too.
    `search_vector` is maintained by the services on PostgreSQL only (GIN-indexed there).
    """

    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        ROUND_THREAD = "round_thread", "Round thread"

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="topics")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.QUESTION)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_topics",
    )
    round = models.ForeignKey(
        "game.Round",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_topics",
    )
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(max_length=BODY_MAX, help_text="Markdown source.")
    body_html = models.TextField(editable=False, help_text="Sanitised HTML of the body.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    accepted_answer = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score = models.PositiveIntegerField(default=0, help_text="Helpful votes.")
    reply_count = models.PositiveIntegerField(default=0, help_text="Visible replies.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ("-is_pinned", "-last_activity_at", "-id")
        indexes = [
            models.Index(
                fields=("category", "-is_pinned", "-last_activity_at"),
                name="community_topic_listing",
            ),
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

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_public(self) -> bool:
        """Everyone may see it: published, neither hidden nor deleted."""
        return self.status == Status.PUBLISHED and not self.is_hidden and not self.is_deleted


class Post(models.Model):
    """A reply to a topic, or Paddock's debrief (and its corrections) in a round thread."""

    class Kind(models.TextChoices):
        REPLY = "reply", "Reply"
        DEBRIEF = "debrief", "Round debrief"
        CORRECTION = "correction", "Result correction"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REPLY)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_posts",
    )
    body = models.TextField(max_length=BODY_MAX, help_text="Markdown source.")
    body_html = models.TextField(editable=False, help_text="Sanitised HTML of the body.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    is_hidden = models.BooleanField(default=False)
    score = models.PositiveIntegerField(default=0, help_text="Helpful votes.")
    settlement_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="Debriefs: the round settlement they describe."
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "id")
        indexes = [
            models.Index(fields=("topic", "created_at"), name="community_post_topic"),
            models.Index(fields=("author", "status"), name="community_post_author"),
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

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED and not self.is_hidden and not self.is_deleted


class Vote(models.Model):
    """A member found a question or a reply helpful (exactly one of topic, post)."""

    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_votes"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=True, post__isnull=False)
                | Q(topic__isnull=False, post__isnull=True),
                name="community_vote_one_target",
            ),
            models.UniqueConstraint(
                fields=("voter", "topic"),
                condition=Q(topic__isnull=False),
                name="community_vote_once_per_topic",
            ),
            models.UniqueConstraint(
                fields=("voter", "post"),
                condition=Q(post__isnull=False),
                name="community_vote_once_per_post",
            ),
        ]

    def __str__(self) -> str:
        target = f"post {self.post_id}" if self.post_id else f"topic {self.topic_id}"
        return f"{self.voter_id} found {target} helpful"


class Flag(models.Model):
    """A member reports a topic (post null) or one of its posts to the moderators."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Abusive or offensive"
        OFF_TOPIC = "off_topic", "Off topic"
        GAMBLING_HARM = "gambling_harm", "Encourages harmful gambling"
        OTHER = "other", "Other"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        UPHELD = "upheld", "Upheld"
        DISMISSED = "dismissed", "Dismissed"

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_flags"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="flags")
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    detail = models.CharField(max_length=FLAG_DETAIL_MAX, blank=True, default="")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("state", "created_at"), name="community_flag_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=("reporter", "topic"),
                condition=Q(post__isnull=True, state="open"),
                name="community_flag_open_once_per_topic",
            ),
            models.UniqueConstraint(
                fields=("reporter", "post"),
                condition=Q(post__isnull=False, state="open"),
                name="community_flag_open_once_per_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on {self.target}"

    @property
    def target(self) -> str:
        return f"post:{self.post_id}" if self.post_id else f"topic:{self.topic_id}"


class ModerationAction(models.Model):
    """The audit log: every moderation action, by whom, on what, why and when."""

    class Action(models.TextChoices):
        HIDE = "hide", "Hide"
        UNHIDE = "unhide", "Unhide"
        LOCK = "lock", "Lock"
        UNLOCK = "unlock", "Unlock"
        PIN = "pin", "Pin"
        UNPIN = "unpin", "Unpin"
        MOVE = "move", "Move to another category"
        APPROVE = "approve", "Approve"
        REJECT = "reject", "Reject"
        UPHOLD_FLAG = "uphold_flag", "Uphold a flag"
        DISMISS_FLAG = "dismiss_flag", "Dismiss a flag"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="community_moderation_actions",
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    flag = models.ForeignKey(
        Flag, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True, default="")
    details = models.JSONField(default=dict, blank=True, help_text="E.g. a move's categories.")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"

    @property
    def target(self) -> str:
        if self.post_id:
            return f"post:{self.post_id}"
        if self.topic_id:
            return f"topic:{self.topic_id}"
        return f"flag:{self.flag_id}" if self.flag_id else ""


class ReputationEvent(models.Model):
    """One change of a member's reputation; the sum of a member's events is their reputation.

    Events are never edited: withdrawing a vote or an acceptance writes a reversing event
    (`reversal_of`, -points of the original). `day` is the day the points count toward for
    the daily vote cap (a reversal keeps its original's day), in the site's time zone.
    """

    class Kind(models.TextChoices):
        ACCEPTED_ANSWER = "accepted_answer", "Answer accepted"
        REPLY_HELPFUL = "reply_helpful", "Reply voted helpful"
        QUESTION_HELPFUL = "question_helpful", "Question voted helpful"

    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reputation_events"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    points = models.IntegerField()
    day = models.DateField()
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who voted or accepted.",
    )
    reversal_of = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("player", "day"), name="community_rep_player_day")]

    def __str__(self) -> str:
        return f"{self.player_id} {self.points:+d} {self.kind}"


class CommunityProfile(models.Model):
    """A member's cached totals, updated in the same transaction as the events behind them."""

    player = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="community_profile",
    )
    reputation = models.IntegerField(default=0)
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.NOVICE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-reputation", "player")

    def __str__(self) -> str:
        return f"{self.player_id}: {self.reputation} ({self.level})"


class Award(models.Model):
    """A badge a player earned: once per badge, or once per season for season badges."""

    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_awards"
    )
    badge = models.CharField(max_length=40, choices=BADGE_CHOICES)
    season = models.ForeignKey(
        "game.Season", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    round = models.ForeignKey(
        "game.Round",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The round that earned it, for game badges.",
    )
    awarded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-awarded_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("player", "badge"),
                condition=Q(season__isnull=True),
                name="community_award_once",
            ),
            models.UniqueConstraint(
                fields=("player", "badge", "season"),
                condition=Q(season__isnull=False),
                name="community_award_once_per_season",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.player_id} {self.badge}"
