"""Badge awards (the badges themselves are defined in code: `backend.community.badges`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from backend.community.badges import BADGE_CHOICES


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
