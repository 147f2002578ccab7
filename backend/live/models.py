"""The live layer's tables: race-day room messages, live help (helpers, questions and their
chats), and moderation (mutes and reports).

Messages are stored as sanitised plain text (`backend.live.text`), never HTML.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

TEXT_MAX = 4000  # the column's bound; the setting MESSAGE_MAX_CHARS is the rule


class Message(models.Model):
    """What room and help messages share: an author, sanitised text, a moderator's hiding."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    is_hidden = models.BooleanField(default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ("created_at", "id")


class RoomMessage(Message):
    """A message in a league's race-day room for one round."""

    league = models.ForeignKey("leagues.League", on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey("game.Round", on_delete=models.CASCADE, related_name="+")

    class Meta(Message.Meta):
        indexes = [models.Index(fields=("league", "round", "id"), name="live_room_history")]

    def __str__(self) -> str:
        return f"room {self.league_id}/{self.round_id} #{self.pk}"


class HelperProfile(models.Model):
    """A player who opted in to answer live questions, and whether they take them now."""

    player = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="live_helper",
    )
    opted_in = models.BooleanField(default=False)
    available = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"helper {self.player_id} ({'available' if self.available else 'away'})"


class HelpRequest(models.Model):
    """A live question: waiting for a helper, taken (a 1:1 chat), closed, or expired (moved
    to the forum)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a helper"
        TAKEN = "taken", "In conversation"
        CLOSED = "closed", "Closed"
        EXPIRED = "expired", "Moved to the forum"
        CANCELLED = "cancelled", "Cancelled by the asker"

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_questions"
    )
    question = models.TextField(max_length=TEXT_MAX)
    page = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_answers",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(db_index=True)
    taken_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    reputation_granted = models.BooleanField(default=False)
    forum_topic = models.ForeignKey(
        "community.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asker_consents = models.BooleanField(default=False)
    helper_consents = models.BooleanField(default=False)
    published_topic = models.ForeignKey(
        "community.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("status", "expires_at"), name="live_help_waiting")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="live_help_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"live question #{self.pk} ({self.status})"


class HelpMessage(Message):
    """A message of the 1:1 chat between an asker and the helper who took the question."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="messages")

    def __str__(self) -> str:
        return f"help {self.request_id} #{self.pk}"


class Mute(models.Model):
    """A moderator silenced a member in the live layer until `until`."""

    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_mutes"
    )
    until = models.DateTimeField(db_index=True)
    reason = models.CharField(max_length=200, blank=True, default="")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-until",)

    def __str__(self) -> str:
        return f"{self.player_id} muted until {self.until:%Y-%m-%d %H:%M}"


class Decision(models.TextChoices):
    """How a report was resolved: its message hidden, or the report dismissed."""

    HIDDEN = "hidden", "Message hidden"
    DISMISSED = "dismissed", "Dismissed"


class Report(models.Model):
    """A member reported a room or help message to the moderators."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    room_message = models.ForeignKey(
        RoomMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    help_message = models.ForeignKey(
        HelpMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Who resolved it and how: the moderators' history of decisions.
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(room_message__isnull=False, help_message__isnull=True)
                | models.Q(room_message__isnull=True, help_message__isnull=False),
                name="live_report_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"report #{self.pk}"

    @property
    def kind(self) -> str:
        """Which kind of message it reports, "room" or "help" (as the moderation URLs say)."""
        return "room" if self.room_message_id else "help"

    @property
    def message(self) -> RoomMessage | HelpMessage:
        """The reported message: the table's check sets exactly one of the two."""
        message = self.room_message or self.help_message
        assert message is not None
        return message
