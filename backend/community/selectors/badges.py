"""Reading badges: a summary per player for anything that lists players."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from backend.community.badges import BADGES_BY_SLUG, TIER_ORDER
from backend.community.models import Award


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
