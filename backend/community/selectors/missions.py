"""Missions: which are in force, the period each counts over, and a member's progress.

A weekly mission counts from Monday 00:00 to the next Monday in the site's time zone; a
season mission over the active season's days. Progress is computed from what is already
recorded (replies, picks, accepted answers), never stored, so it is always current:

- `answer_questions`: distinct questions of others the member answered publicly;
- `pick_streak`: the longest run of consecutive rounds (by number, in the season) the
  member picked in, among rounds whose lock falls in the period;
- `invite_friend`: friends who picked in the period (counted by the leagues app, which
  registers its counter: league invitations live there);
- `answer_accepted`: the member's answers accepted in the period (withdrawn ones do not
  count).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from backend.community.models import (
    Mission,
    MissionCompletion,
    Post,
    ReputationEvent,
    Topic,
)
from backend.game.models import Pick, Round, Season

Counter = Callable[[int, dt.datetime, dt.datetime], int]
_EXTERNAL_COUNTERS: dict[str, Counter] = {}


def counter_register(kind: str, counter: Counter) -> None:
    """An app above the community counts a kind of mission (player id, start, end)."""
    _EXTERNAL_COUNTERS[kind] = counter


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date  # the first day (a Monday, or the season's first day)
    end: dt.date  # the day after the last

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        zone = timezone.get_current_timezone()
        return (
            dt.datetime.combine(self.start, dt.time(), tzinfo=zone),
            dt.datetime.combine(self.end, dt.time(), tzinfo=zone),
        )


@dataclass(frozen=True, slots=True)
class Progress:
    mission: Mission
    period: Period
    count: int
    completion: MissionCompletion | None

    @property
    def done(self) -> bool:
        return self.count >= self.mission.target


def missions_in_force(*, today: dt.date) -> QuerySet[Mission]:
    """Missions not retired whose dates include `today`."""
    return Mission.objects.filter(retired_at__isnull=True, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def period_of(mission: Mission, *, today: dt.date) -> Period | None:
    """The period `today` falls in for this mission (None: no active season)."""
    if mission.period == Mission.Period.WEEKLY:
        monday = today - dt.timedelta(days=today.weekday())
        return Period(monday, monday + dt.timedelta(days=7))
    season = (
        Season.objects.filter(status=Season.Status.ACTIVE, starts_on__lte=today, ends_on__gte=today)
        .order_by("-starts_on", "-id")
        .first()
    )
    if season is None:
        return None
    return Period(season.starts_on, season.ends_on + dt.timedelta(days=1))


def _answers(player_id: int, start: dt.datetime, end: dt.datetime) -> int:
    return (
        Post.objects.public()
        .filter(
            author_id=player_id,
            kind=Post.Kind.REPLY,
            created_at__gte=start,
            created_at__lt=end,
            topic__kind=Topic.Kind.QUESTION,
        )
        .exclude(topic__author_id=player_id)
        .values("topic_id")
        .distinct()
        .count()
    )


def _accepted(player_id: int, start: dt.datetime, end: dt.datetime) -> int:
    return ReputationEvent.objects.filter(
        player_id=player_id,
        kind=ReputationEvent.Kind.ACCEPTED_ANSWER,
        reversal_of__isnull=True,
        reversed_by__isnull=True,
        created_at__gte=start,
        created_at__lt=end,
    ).count()


def _streak(player_id: int, start: dt.datetime, end: dt.datetime) -> int:
    """The longest run of consecutive season rounds (by number) picked in."""
    rounds = list(
        Round.objects.filter(locks_at__gte=start, locks_at__lt=end)
        .exclude(status=Round.Status.DRAFT)
        .order_by("season_id", "number")
        .values_list("id", "season_id", "number")
    )
    picked = set(
        Pick.objects.filter(player_id=player_id, round_id__in=[r[0] for r in rounds]).values_list(
            "round_id", flat=True
        )
    )
    best = run = 0
    previous: tuple[int, int] | None = None
    for round_id, season_id, number in rounds:
        follows = previous == (season_id, number - 1)
        run = (run + 1 if follows else 1) if round_id in picked else 0
        best = max(best, run)
        previous = (season_id, number)
    return best


_COUNTERS: dict[str, Counter] = {
    Mission.Kind.ANSWER_QUESTIONS: _answers,
    Mission.Kind.ANSWER_ACCEPTED: _accepted,
    Mission.Kind.PICK_STREAK: _streak,
}


def mission_count(mission: Mission, *, player_id: int, period: Period) -> int:
    counter = _COUNTERS.get(mission.kind) or _EXTERNAL_COUNTERS.get(mission.kind)
    if counter is None:
        return 0
    return counter(player_id, *period.bounds())


def missions_progress(*, player_id: int, today: dt.date | None = None) -> list[Progress]:
    """Every mission in force, with the member's count for its current period."""
    today = today or timezone.localdate()
    missions = list(missions_in_force(today=today))
    periods = {m.pk: period_of(m, today=today) for m in missions}
    completions = {
        (c.mission_id, c.period_start): c
        for c in MissionCompletion.objects.filter(
            player_id=player_id, mission_id__in=[m.pk for m in missions]
        )
    }
    rows = []
    for mission in missions:
        period = periods[mission.pk]
        if period is None:
            continue
        count = mission_count(mission, player_id=player_id, period=period)
        done = completions.get((mission.pk, period.start))
        rows.append(Progress(mission, period, count, done))
    return rows


def mission_badges(*, player_id: int) -> QuerySet[MissionCompletion]:
    """The member's completed missions, latest first (each is a badge)."""
    return MissionCompletion.objects.filter(player_id=player_id).select_related("mission")
