"""Reading the top contributors: reputation gained in a week, a season or all time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from django.db.models import Case, IntegerField, Sum, Value, When
from django.utils import timezone

import scoring
from backend.accounts.models import User
from backend.community.models import Level, ReputationEvent
from backend.game.models import Season

from .badges import BadgeSummary, badges_for_players
from .reputation import profiles_for_players
from .topics import public_name

Window = Literal["week", "season", "all"]
WINDOWS: tuple[Window, ...] = ("week", "season", "all")
RANK_COLUMNS = ("rank", "player_id", "points", "wins", "best")


def season_current(today: dt.date | None = None) -> Season | None:
    """The season running today, else the latest one that started (not a draft)."""
    today = today or timezone.localdate()
    seasons = Season.objects.exclude(status=Season.Status.DRAFT)
    running = seasons.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on")
    return running.first() or seasons.filter(starts_on__lte=today).order_by("-starts_on").first()


def window_bounds(
    window: Window, today: dt.date | None = None
) -> tuple[dt.date | None, dt.date | None] | None:
    """The days a window covers, inclusive (None: unbounded on that side): the week from
    Monday, the current season's dates, or all time. None when there is no season yet."""
    today = today or timezone.localdate()
    if window == "week":
        return today - dt.timedelta(days=today.weekday()), today
    if window == "season":
        season = season_current(today)
        return (season.starts_on, season.ends_on) if season else None
    return None, None


@dataclass(frozen=True)
class Contributor:
    rank: int
    player_id: int
    display_name: str
    reputation: int
    accepted_answers: int
    best_day: int
    level: str
    badges: BadgeSummary


@dataclass(frozen=True)
class ContributorTable:
    window: Window
    since: dt.date | None
    until: dt.date | None
    results: list[Contributor]


def _ranked_gains(since: dt.date | None, until: dt.date | None) -> pd.DataFrame:
    """One row per member who gained reputation in [since, until], ranked: points (net
    gain), wins (answers accepted, net), best (best single day's gain)."""
    events = ReputationEvent.objects.all()
    if since is not None:
        events = events.filter(day__gte=since)
    if until is not None:
        events = events.filter(day__lte=until)
    accepted = Case(
        When(kind=ReputationEvent.Kind.ACCEPTED_ANSWER, reversal_of__isnull=True, then=Value(1)),
        When(kind=ReputationEvent.Kind.ACCEPTED_ANSWER, then=Value(-1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    daily = list(
        events.values("player_id", "day")
        .annotate(gained=Sum("points"), accepted=Sum(accepted))
        .values_list("player_id", "gained", "accepted")
    )
    frame = pd.DataFrame(daily, columns=["player_id", "points", "accepted"]).astype("int64")
    table = frame.groupby("player_id").agg(
        points=("points", "sum"), wins=("accepted", "sum"), best=("points", "max")
    )
    table = table[table["points"] > 0]
    return table.assign(rank=scoring.rank(table)).reset_index()


def top_contributors(
    *, window: Window, limit: int = 20, today: dt.date | None = None
) -> ContributorTable:
    """Reputation gained in the window, ranked with the game's `scoring.rank`.

    The rank keys map as: points = reputation gained in the window (net of reversals),
    wins = answers accepted in the window (net), best = the best single day's gain. Only
    members who gained something appear; equal on all three share a rank (1, 2, 2, 4).
    Days are the events' `day` (a reversal counts on its original's day).
    """
    bounds = window_bounds(window, today)
    if bounds is None:
        return ContributorTable(window, None, None, [])
    since, until = bounds
    table = _ranked_gains(since, until).sort_values(["rank", "player_id"]).head(limit)
    ids = [int(pid) for pid in table["player_id"]]
    users = User.objects.only("id", "display_name").in_bulk(ids)
    levels = profiles_for_players(ids)
    badges = badges_for_players(ids)
    results = [
        Contributor(
            rank=rank,
            player_id=pid,
            display_name=public_name(users.get(pid)),
            reputation=points,
            accepted_answers=wins,
            best_day=best,
            level=levels.get(pid, (0, Level.NOVICE.value))[1],
            badges=badges[pid],
        )
        for rank, pid, points, wins, best in zip(
            *(table[name].astype(int).tolist() for name in RANK_COLUMNS), strict=True
        )
    ]
    return ContributorTable(window, since, until, results)
