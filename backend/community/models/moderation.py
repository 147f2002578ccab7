"""The moderation audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .topics import Post, Topic
from .votes import Flag

MODERATORS_GROUP = "moderators"
# Paddock's staff advisers: their posts carry the adviser role, they post news and tips,
# check answers and watch the unanswered queue.
ADVISERS_GROUP = "advisers"
# Members operators single out for their steady, helpful answers: shown as ambassadors.
AMBASSADORS_GROUP = "ambassadors"


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
        # The live layer's decisions (race-day rooms, live help): one log for moderators.
        LIVE_HIDE = "live_hide", "Hide a live message"
        LIVE_SHOW = "live_show", "Show a live message again"
        LIVE_DISMISS = "live_dismiss", "Dismiss a live report"
        MUTE = "mute", "Mute a member"

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
    details = models.JSONField(
        default=dict,
        blank=True,
        help_text="E.g. a move's categories; a live decision's message or muted member.",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"

    @property
    def target(self) -> str:
        """ "post:<id>", "topic:<id>", "flag:<id>"; for live decisions "room:<id>" or
        "help:<id>" (the message) and "player:<id>" (a mute)."""
        if "message" in self.details:
            return f"{self.details.get('kind', 'room')}:{self.details['message']}"
        if "player" in self.details:
            return f"player:{self.details['player']}"
        if self.post_id:
            return f"post:{self.post_id}"
        if self.topic_id:
            return f"topic:{self.topic_id}"
        return f"flag:{self.flag_id}" if self.flag_id else ""
