"""The game: seasons, weekly rounds on a featured race, picks, scores and standings.

Every amount of points is an int in cents of the mythical stake (1180 is shown as 11.80).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation

import scoring

if TYPE_CHECKING:
    from backend.racing.models import Race


def default_rules() -> dict[str, Any]:
    """The game's default rules (`scoring.Rules()`), in their JSON form."""
    return scoring.Rules().to_dict()


class Season(models.Model):
    """A run of weekly rounds scored with one set of rules, with its own global ranking."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        FINISHED = "finished", "Finished"

    # The name in each language, as missions and categories keep theirs: `name` reads the
    # one of the active language (the reader's in the API, the recipient's in emails).
    name_en = models.CharField(max_length=120, help_text="The season's name, in English.")
    name_fr = models.CharField(max_length=120, help_text="The season's name, in French.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    rules = models.JSONField(default=default_rules, help_text="scoring.Rules.to_dict().")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    reminder_hours = models.PositiveSmallIntegerField(
        default=2, help_text="Hours before the lock when players without a pick are reminded."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-starts_on", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="season_ends_after_start",
            ),
            # One season at a time: "the" active season is the one players play, whose
            # table the site shows and whose next round the operator features
            # (services.season_set_status refuses a second one with this code).
            models.UniqueConstraint(
                fields=("status",),
                condition=models.Q(status="active"),
                name="season_one_active",
                violation_error_code="season_already_active",
                violation_error_message=(
                    "Another season is active: finish it before activating this one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    def name_in(self, language: str | None) -> str:
        """The name in `language` (French for "fr" and its variants, else English)."""
        if (language or "").startswith("fr") and self.name_fr:
            return self.name_fr
        return self.name_en

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.name_in(translation.get_language())

    def get_rules(self) -> scoring.Rules:
        return scoring.Rules.from_dict(self.rules)

    def rules_for(self, *, has_dividends: bool) -> scoring.Rules:
        """The season's rules as they score one race's result: a result without a single
        dividend (a source that publishes the finishing order only) is scored in fixed
        mode, whatever the season's mode (docs/rules.md, Points)."""
        rules = self.get_rules()
        if has_dividends or rules.mode == "fixed":
            return rules
        return dataclasses.replace(rules, mode="fixed")


class Round(models.Model):
    """One week of a season: a featured race players pick on until it locks at post time."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for picks"
        LOCKED = "locked", "Locked (awaiting result)"
        SETTLED = "settled", "Settled"
        VOID = "void", "Void"

    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="rounds")
    race = models.ForeignKey("racing.Race", on_delete=models.PROTECT, related_name="game_rounds")
    number = models.PositiveSmallIntegerField(help_text="Round number within the season.")
    opens_at = models.DateTimeField(
        null=True, blank=True, help_text="When picks open (set on opening when left empty)."
    )
    locks_at = models.DateTimeField(help_text="The race's post time: no pick is taken after.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    settlement_version = models.PositiveIntegerField(
        default=0, help_text="Bumped each time a different result (or a void) is settled."
    )
    settled_result_version = models.PositiveIntegerField(
        default=0, help_text="The race's result_version the current scores were settled from."
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    operator_void = models.BooleanField(
        default=False, help_text="Voided by the operator: stays void whatever the result."
    )
    void_reason = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-locks_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=("season", "number"), name="round_unique_season_number"),
            models.UniqueConstraint(fields=("season", "race"), name="round_unique_season_race"),
        ]
        indexes = [models.Index(fields=("status", "locks_at"), name="round_status_locks_at")]

    def __str__(self) -> str:
        return f"{self.season} — round {self.number}"

    @property
    def is_final(self) -> bool:
        return self.status in {self.Status.SETTLED, self.Status.VOID}

    def settles_void(self, race: Race) -> bool:
        """Whether settling it scores nobody: voided by the operator, or `race` (its race,
        as the caller loaded it) cancelled or refunded."""
        return self.operator_void or race.is_void


class Pick(models.Model):
    """A player's WIN and PLACE selections (saddle numbers) and optional alternate."""

    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="picks"
    )
    # The unique (round, player) index serves every per-round read: no separate index.
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="picks", db_index=False)
    win = models.PositiveSmallIntegerField()
    place = models.PositiveSmallIntegerField()
    alternate = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("round", "player_id")
        constraints = [
            models.UniqueConstraint(fields=("round", "player"), name="pick_unique_player_round")
        ]

    def __str__(self) -> str:
        return f"{self.player_id}@{self.round_id}: {self.win}/{self.place}/{self.alternate}"


class RoundScore(models.Model):
    """A settled pick: the selections after substitution and the points they scored."""

    # Settlement rewrites a whole round at once (a million rows): the foreign keys of the
    # derived tables are kept by Django (cascades included) but not checked row by row
    # by the database, whose deferred checks would double the settlement's time. Their
    # ids come from the picks and the locked round, which the database does check.
    player = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="round_scores",
        db_constraint=False,
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="scores", db_index=False, db_constraint=False
    )
    win_runner = models.PositiveSmallIntegerField(help_text="After non-runner substitution.")
    place_runner = models.PositiveSmallIntegerField(help_text="After non-runner substitution.")
    win_points = models.IntegerField(default=0)
    place_points = models.IntegerField(default=0)
    points = models.IntegerField(default=0)
    win_hit = models.BooleanField(default=False)
    place_hit = models.BooleanField(default=False)
    win_substituted = models.BooleanField(default=False)
    place_substituted = models.BooleanField(default=False)
    settlement_version = models.PositiveIntegerField(
        default=0,
        help_text=(
            "The round's settlement version that last changed this row's values: a "
            "correction writes only the rows whose values it changes."
        ),
    )

    class Meta:
        ordering = ("round", "player_id")
        constraints = [
            models.UniqueConstraint(
                fields=("round", "player"), name="roundscore_unique_player_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.player_id}@{self.round_id}: {self.points}"


class Standing(models.Model):
    """A player's season total and global rank, recomputed at each settlement."""

    # Derived by settlement: foreign keys not checked by the database (see RoundScore).
    player = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="standings",
        db_constraint=False,
    )
    season = models.ForeignKey(
        Season,
        on_delete=models.CASCADE,
        related_name="standings",
        db_index=False,
        db_constraint=False,
    )
    points = models.BigIntegerField(default=0)
    wins = models.PositiveIntegerField(default=0, help_text="Winning win-selections.")
    best = models.IntegerField(default=0, help_text="Best single-round points.")
    rounds_played = models.PositiveIntegerField(default=0)
    rank = models.PositiveIntegerField(null=True, blank=True)
    previous_rank = models.PositiveIntegerField(
        null=True, blank=True, help_text="The rank before the latest round, for the arrow."
    )

    class Meta:
        ordering = ("season", "rank", "player_id")
        constraints = [
            models.UniqueConstraint(
                fields=("season", "player"), name="standing_unique_player_season"
            )
        ]
        indexes = [
            # Pages of the table and the rows around a player walk this index.
            models.Index(fields=("season", "rank", "player"), name="standing_season_rank")
        ]

    def __str__(self) -> str:
        return f"{self.player_id} in {self.season_id}: #{self.rank} {self.points}"


class WeeklyStanding(models.Model):
    """A player's rank in one round, and their season total and rank right after it."""

    # Derived by settlement: foreign keys not checked by the database (see RoundScore).
    # Read by round (the unique index): no index of its own, one less to fill per row.
    player = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="weekly_standings",
        db_constraint=False,
        db_index=False,
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        related_name="weekly_standings",
        db_index=False,
        db_constraint=False,
    )
    points = models.IntegerField(default=0)
    rank = models.PositiveIntegerField()
    season_points = models.BigIntegerField(default=0)
    season_rank = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("round", "rank", "player_id")
        constraints = [
            models.UniqueConstraint(
                fields=("round", "player"), name="weeklystanding_unique_player_round"
            )
        ]
        indexes = [
            models.Index(fields=("round", "rank", "player"), name="weeklystanding_round_rank")
        ]

    def __str__(self) -> str:
        return f"{self.player_id}@{self.round_id}: #{self.rank}"
