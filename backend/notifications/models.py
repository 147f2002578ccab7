"""Email preferences per player and kind, and the delivery log that sends each email once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    """What an email is about. Each non-transactional kind is governed by one preference."""

    ROUND_OPEN = "round_open", "Round open"
    REMINDER = "reminder", "Pick reminder"
    RESULTS = "results", "Results"
    CORRECTION = "correction", "Results correction"
    COMMUNITY_DIGEST = "community_digest", "Community digest"
    LEAGUE_INVITATION = "league_invitation", "League invitation"
    ACCOUNT = "account", "Account (verification, password)"
    UNANSWERED_ALERT = "unanswered_alert", "Unanswered questions (advisers, moderators)"
    EVENT_REMINDER = "event_reminder", "Community event reminder (followers)"
    # Web Push, the channel beside email (push.py): logged here too, sent once each.
    PUSH_ROUND_OPEN = "push_round_open", "Push: round open"
    PUSH_REMINDER = "push_reminder", "Push: an hour before the lock"
    PUSH_RESULTS = "push_results", "Push: results"
    PUSH_REPLY = "push_reply", "Push: a reply to my question"
    PUSH_HELP_REQUEST = "push_help_request", "Push: a live help request (helpers)"


class Topic(models.TextChoices):
    """What a player can switch off: the fields of EmailPreference, the unsubscribe kinds."""

    ROUND_OPEN = "round_open", "The race of the week is open"
    REMINDERS = "reminders", "Reminders before the lock"
    RESULTS = "results", "Results and corrections"
    COMMUNITY_DIGEST = "community_digest", "Community digest"


# The preference that governs each kind; kinds missing here are transactional (no opt-out,
# no List-Unsubscribe): league invitations are one-off messages a friend asked for, account
# emails answer the recipient's own request.
TOPIC_OF_KIND: dict[str, Topic] = {
    Kind.ROUND_OPEN: Topic.ROUND_OPEN,
    Kind.REMINDER: Topic.REMINDERS,
    Kind.RESULTS: Topic.RESULTS,
    Kind.CORRECTION: Topic.RESULTS,
    Kind.COMMUNITY_DIGEST: Topic.COMMUNITY_DIGEST,
}

# Without a saved preference a player gets everything but the community digest (opt-in).
DEFAULT_PREFERENCES: dict[str, bool] = {
    Topic.ROUND_OPEN: True,
    Topic.REMINDERS: True,
    Topic.RESULTS: True,
    Topic.COMMUNITY_DIGEST: False,
}


class EmailPreference(models.Model):
    """Which emails a player wants. No row means the defaults (DEFAULT_PREFERENCES).

    Betting offers inside emails are not here: the hand-off's BettingPreference governs them.
    """

    player = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="email_preference",
    )
    round_open = models.BooleanField(default=True, help_text="The race of the week is open.")
    reminders = models.BooleanField(default=True, help_text="Reminder before the lock.")
    results = models.BooleanField(default=True, help_text="Results and corrections.")
    community_digest = models.BooleanField(
        default=False, help_text="Daily digest of replies, accepted answers and badges."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("player_id",)

    def __str__(self) -> str:
        return f"email preferences of {self.player_id}"

    def wants(self, topic: str) -> bool:
        return bool(getattr(self, str(topic)))


class EmailDelivery(models.Model):
    """One email to one recipient about one thing, claimed before it is sent.

    The unique (kind, key, player) — or (kind, key, address) for someone without an
    account — is what makes every email go out at most once: a sender inserts the row
    (status `sending`) before talking to SMTP and sends only if its insert won.
    docs/reliability.md explains the statuses and the at-most-once choice.
    """

    class Status(models.TextChoices):
        SENDING = "sending", "Sending (claimed)"
        SENT = "sent", "Sent"
        RETRYING = "retrying", "Temporary failure, will retry"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    player = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="email_deliveries",
    )
    to_email = models.EmailField(blank=True, default="")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(
        max_length=100, help_text="What the email is about: results:<round>, reminder:<round>…"
    )
    round = models.ForeignKey(
        "game.Round",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="email_deliveries",
        db_index=False,
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    owner = models.CharField(
        max_length=64, blank=True, default="", help_text="The task (id) that claimed it."
    )
    claim = models.CharField(
        max_length=32, blank=True, default="", help_text="The sending attempt that holds it."
    )
    attempts = models.PositiveSmallIntegerField(default=1)
    language = models.CharField(max_length=5, blank=True, default="")
    detail = models.TextField(blank=True, default="", help_text="Why skipped, or the error.")
    payload = models.JSONField(
        default=dict, blank=True, help_text="What was emailed that a correction compares to."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-id",)
        verbose_name_plural = "email deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "key", "player"),
                condition=Q(player__isnull=False),
                name="emaildelivery_once_per_player",
            ),
            models.UniqueConstraint(
                fields=("kind", "key", "to_email"),
                condition=Q(player__isnull=True),
                name="emaildelivery_once_per_address",
            ),
        ]
        indexes = [
            # The operator's report and the correction's "what did we email" read by round.
            models.Index(fields=("round", "kind", "status"), name="emaildelivery_round_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} to {self.player_id or self.to_email}: {self.status}"


class Preview(EmailDelivery):
    """No data of its own: gives the admin its /admin/notifications/preview/<kind>/ pages."""

    class Meta:
        proxy = True
        verbose_name = "email preview"
        verbose_name_plural = "email previews"


class PushSubscription(models.Model):
    """One browser's Web Push subscription (its push service endpoint and keys).

    Removed when the push service answers 404 or 410 (the subscription is gone) or after
    PUSH_MAX_FAILURES failures in a row: never retried forever.
    """

    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200, help_text="The browser's public key (base64url).")
    auth = models.CharField(max_length=100, help_text="The browser's auth secret (base64url).")
    failures = models.PositiveSmallIntegerField(default=0, help_text="Failures in a row.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"push subscription {self.pk} of {self.player_id}"


class PushPreference(models.Model):
    """Which pushes a player wants, per kind. No row means all of them."""

    player = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="push_preference",
    )
    round_open = models.BooleanField(default=True, help_text="The race of the week is open.")
    reminders = models.BooleanField(default=True, help_text="An hour before the lock, no pick.")
    results = models.BooleanField(default=True, help_text="My results.")
    replies = models.BooleanField(default=True, help_text="A reply to my question.")
    help_requests = models.BooleanField(
        default=True, help_text="Live help requests (helpers only)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("player_id",)

    def __str__(self) -> str:
        return f"push preferences of {self.player_id}"
