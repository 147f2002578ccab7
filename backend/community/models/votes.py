"""Helpful votes and flags: what members say about a question or a reply."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .topics import Post, Topic

FLAG_DETAIL_MAX = 500


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
