"""Reading badges: a summary per player for anything that lists players, and a player's
progress towards each badge."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict

from backend.community.badges import (
    ACCEPTED_ANSWER_BADGES,
    BADGES,
    BADGES_BY_SLUG,
    HELPFUL_VOTE_BADGES,
    STREAK_BADGES,
    TIER_ORDER,
)
from backend.community.models import Award
from backend.community.selectors.reputation import FINAL_ROUND_STATUSES
from backend.game.models import Round


class BadgeSummary(TypedDict):
    """A player's badges at a glance: counts per tier and the slugs, best tier first."""

    gold: int
    silver: int
    bronze: int
    slugs: list[str]


def badges_for_players(ids: Iterable[int]) -> dict[int, BadgeSummary]:
    """Every requested player's badge summary (zeros for those without), in one query.

    For anything that lists players: post authors, league tables, the top contributors.
    """
    summaries: dict[int, BadgeSummary] = {
        pid: {"gold": 0, "silver": 0, "bronze": 0, "slugs": []} for pid in set(ids)
    }
    if not summaries:
        return summaries
    rows = (
        Award.objects.filter(player_id__in=list(summaries))
        .values_list("player_id", "badge")
        .order_by("awarded_at", "id")
    )
    for pid, slug in rows:
        badge = BADGES_BY_SLUG.get(slug)
        if badge is None:
            continue
        summary = summaries[pid]
        summary[badge.tier.value] += 1
        if slug not in summary["slugs"]:
            summary["slugs"].append(slug)
    for summary in summaries.values():
        summary["slugs"].sort(key=lambda slug: TIER_ORDER[BADGES_BY_SLUG[slug].tier])
    return summaries


@dataclass(frozen=True)
class BadgeProgress:
    """How far a player is from a badge: `current` of `target` (None for a badge that is
    won in one go, like the longshot), and whether they hold it already."""

    slug: str
    held: bool
    current: int | None
    target: int | None


def _ladder_targets() -> dict[str, tuple[str, int]]:
    """For each counted badge, what it counts and how many it takes."""
    targets: dict[str, tuple[str, int]] = {"first-answer": ("answers", 1)}
    targets |= {slug: ("accepted", n) for n, slug in ACCEPTED_ANSWER_BADGES}
    targets |= {slug: ("helpful", n) for n, slug in HELPFUL_VOTE_BADGES}
    targets |= {slug: ("streak", n) for n, slug in STREAK_BADGES}
    return targets


def latest_final_round(*, season_id: int | None) -> Round | None:
    """The season's latest settled or void round: where a streak of play is read from."""
    if season_id is None:
        return None
    return (
        Round.objects.filter(season_id=season_id, status__in=FINAL_ROUND_STATUSES)
        .order_by("-number")
        .first()
    )


def badge_progress(*, player_id: int, counts: dict[str, int]) -> list[BadgeProgress]:
    """Every badge in catalogue order, held or not, with the player's count towards it.

    `counts` holds what the ladders count: `answers`, `accepted`, `helpful` (the
    community's counts) and `streak` (rounds played in a row this season).
    """
    held = set(Award.objects.filter(player_id=player_id).values_list("badge", flat=True))
    ladders = _ladder_targets()
    rows = []
    for badge in BADGES:
        counted, target = ladders.get(badge.slug, ("", 0))
        rows.append(
            BadgeProgress(
                slug=badge.slug,
                held=badge.slug in held,
                current=min(counts.get(counted, 0), target) if target else None,
                target=target or None,
            )
        )
    return rows
