"""Reputation as an event log, the members' cached totals, and the expertise levels."""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.db import models
from django.utils import timezone

from .missions import MissionCompletion
from .topics import Post, Topic


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


def expertise_points(
    reputation: np.ndarray, rounds_played: np.ndarray, winners: np.ndarray
) -> np.ndarray:
    """Each player's expertise points (a negative reputation counts as none)."""
    return (
        np.maximum(reputation, 0)
        + POINTS_PER_ROUND_PLAYED * rounds_played
        + POINTS_PER_WINNER_PICKED * winners
    )


def level_positions(
    reputation: np.ndarray, rounds_played: np.ndarray, winners: np.ndarray
) -> np.ndarray:
    """Each player's level, as its position in LEVEL_THRESHOLDS: the first threshold their
    expertise points reach."""
    points = expertise_points(reputation, rounds_played, winners)
    reached = [points >= threshold for threshold, _ in LEVEL_THRESHOLDS]
    return np.select(reached, np.arange(len(LEVEL_THRESHOLDS)), default=len(LEVEL_THRESHOLDS) - 1)


def level_for(reputation: int, rounds_played: int, winners: int) -> Level:
    """One player's level (`level_positions` of one)."""
    (at,) = level_positions(np.array([reputation]), np.array([rounds_played]), np.array([winners]))
    return LEVEL_THRESHOLDS[int(at)][1]


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
        MISSION = "mission", "Mission completed"
        LIVE_HELP = "live_help", "Live help rated helpful"

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
    completion = models.OneToOneField(
        MissionCompletion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reputation_event",
        help_text="Missions: the completion that earned the points (once per completion).",
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
        ordering = ("-reputation", "player_id")

    def __str__(self) -> str:
        return f"{self.player_id}: {self.reputation} ({self.level})"
