"""Missions and challenges as data: operators define them (admin or operator API) and
retire them; a member's completion is a row, unique per mission, member and period, and
earns the mission's points (a reputation event tied to that row) and its badge."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

POINTS_MAX = 500
TARGET_MAX = 100


class Mission(models.Model):
    class Kind(models.TextChoices):
        ANSWER_QUESTIONS = "answer_questions", "Answer N questions"
        PICK_STREAK = "pick_streak", "Pick N weeks in a row"
        INVITE_FRIEND = "invite_friend", "Invite N friends who make a pick"
        ANSWER_ACCEPTED = "answer_accepted", "Get N answers accepted"

    class Period(models.TextChoices):
        WEEKLY = "weekly", "Weekly (Monday to Sunday)"
        SEASON = "season", "Season (the active season)"

    slug = models.SlugField(max_length=50, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    period = models.CharField(max_length=10, choices=Period.choices)
    target = models.PositiveSmallIntegerField(help_text="N, the count to reach (at least 1).")
    points = models.PositiveSmallIntegerField(
        default=20, help_text=f"Reputation earned on completion (0 to {POINTS_MAX})."
    )
    name_en = models.CharField(max_length=80, help_text="The mission's badge, in English.")
    name_fr = models.CharField(max_length=80, help_text="The mission's badge, in French.")
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True, help_text="Empty: until retired.")
    retired_at = models.DateTimeField(null=True, blank=True, help_text="Set to retire it.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("period", "kind", "target", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gte=1) & Q(target__lte=TARGET_MAX), name="mission_target_range"
            ),
            models.CheckConstraint(condition=Q(points__lte=POINTS_MAX), name="mission_points_max"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="mission_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["answer_questions", "pick_streak", "invite_friend", "answer_accepted"]
                ),
                name="mission_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(period__in=["weekly", "season"]), name="mission_period_known"
            ),
            # A week holds one round: a weekly streak longer than 1 could never complete.
            models.CheckConstraint(
                condition=~Q(kind="pick_streak", period="weekly", target__gt=1),
                name="mission_weekly_streak_one",
            ),
        ]

    def __str__(self) -> str:
        return self.slug

    def clean(self) -> None:
        problems = mission_problems(
            kind=self.kind,
            period=self.period,
            target=self.target,
            points=self.points,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
        )
        if problems:
            raise ValidationError(problems)


def mission_problems(
    *,
    kind: str,
    period: str,
    target: int | None,
    points: int | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
) -> dict[str, str]:
    """Why a mission could never complete or is malformed, by field (empty when fine)."""
    problems: dict[str, str] = {}
    if kind not in Mission.Kind.values:
        problems["kind"] = _("Unknown mission kind %(kind)s; one of %(kinds)s.") % {
            "kind": repr(kind),
            "kinds": ", ".join(Mission.Kind.values),
        }
    if period not in Mission.Period.values:
        problems["period"] = _("Unknown period %(period)s; one of %(periods)s.") % {
            "period": repr(period),
            "periods": ", ".join(Mission.Period.values),
        }
    if target is None or not 1 <= target <= TARGET_MAX:
        problems["target"] = _("The target must be between 1 and %(max)d.") % {"max": TARGET_MAX}
    elif kind == Mission.Kind.PICK_STREAK and period == Mission.Period.WEEKLY and target > 1:
        problems["target"] = _(
            "A week has one round: a weekly streak can only be 1 week (use a season mission)."
        )
    if points is None or not 0 <= points <= POINTS_MAX:
        problems["points"] = _("Points must be between 0 and %(max)d.") % {"max": POINTS_MAX}
    if starts_on and ends_on and ends_on < starts_on:
        problems["ends_on"] = _("The mission ends before it starts.")
    return problems


class MissionCompletion(models.Model):
    """A member completed a mission in a period (the week's Monday, or the season's first
    day): at most once, whatever runs twice or at the same time."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="completions")
    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mission_completions"
    )
    period_start = models.DateField()
    points = models.PositiveSmallIntegerField()
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-completed_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("mission", "player", "period_start"), name="mission_completed_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.player_id} {self.mission_id} {self.period_start}"
