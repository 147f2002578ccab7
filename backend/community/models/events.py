"""Community events operators schedule (a live Q&A with a trainer, a prediction challenge
on a big race): a time, a thread to talk in, and one reminder per member who follows it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .topics import Topic

REMIND_MINUTES_MAX = 7 * 24 * 60


class CommunityEvent(models.Model):
    class Kind(models.TextChoices):
        LIVE_QA = "live_qa", "Live Q&A"
        PREDICTION_CHALLENGE = "prediction_challenge", "Prediction challenge"

    kind = models.CharField(max_length=24, choices=Kind.choices)
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True, default="")
    starts_at = models.DateTimeField(db_index=True)
    remind_minutes_before = models.PositiveIntegerField(
        default=60, help_text="Followers are emailed this long before it starts."
    )
    topic = models.OneToOneField(
        Topic, on_delete=models.PROTECT, related_name="community_event", help_text="Its thread."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("starts_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(remind_minutes_before__gte=5)
                & Q(remind_minutes_before__lte=REMIND_MINUTES_MAX),
                name="community_event_remind_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["live_qa", "prediction_challenge"]),
                name="community_event_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M})"

    def clean(self) -> None:
        """Moved in the admin: never into the past (unless it is cancelled)."""
        if self.cancelled_at is None and self.starts_at and self.starts_at <= timezone.now():
            raise ValidationError({"starts_at": _("An event cannot be scheduled in the past.")})


class EventFollow(models.Model):
    """A member follows an event; `reminded_at` is set once, when their reminder is claimed."""

    event = models.ForeignKey(CommunityEvent, on_delete=models.CASCADE, related_name="follows")
    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("event", "id")
        constraints = [
            models.UniqueConstraint(fields=("event", "player"), name="community_event_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.player_id} follows {self.event_id}"
