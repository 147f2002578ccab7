"""Candidate ambassadors: members who answer others steadily and whose answers solve the
askers' questions (thresholds in `conf`), not yet ambassadors, advisers or staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F

from backend.accounts.models import User
from backend.community.conf import conf
from backend.community.models import ADVISERS_GROUP, AMBASSADORS_GROUP, Post, Topic

from .dashboard import solved_share


def ambassadors() -> list[int]:
    return list(
        User.objects.filter(is_active=True, groups__name=AMBASSADORS_GROUP)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def ambassador_candidates(*, now: dt.datetime) -> list[dict[str, Any]]:
    """Steady, helpful answerers of the last weeks, best solved share first."""
    settings = conf()
    since = now - dt.timedelta(weeks=settings.ambassador_weeks)
    answers = (
        Post.objects.public()
        .filter(
            kind=Post.Kind.REPLY,
            topic__kind=Topic.Kind.QUESTION,
            author__isnull=False,
            author__is_active=True,
            author__is_staff=False,
            created_at__gte=since,
        )
        .exclude(topic__author_id=F("author_id"))
        .exclude(author__groups__name__in=(AMBASSADORS_GROUP, ADVISERS_GROUP))
    )
    per_author: dict[int, dict[str, Any]] = {}
    rows = answers.values_list("author_id", "created_at", "topic__accepted_answer_id", "id")
    for author_id, created, accepted_id, post_id in rows:
        row = per_author.setdefault(author_id, {"answered": 0, "solved": 0, "weeks": set()})
        row["answered"] += 1
        row["solved"] += accepted_id == post_id
        row["weeks"].add(created.isocalendar()[:2])
    names = dict(User.objects.filter(pk__in=per_author).values_list("pk", "display_name"))
    found = []
    for pid, row in per_author.items():
        share = solved_share(row["solved"], row["answered"]) or 0.0
        steady = len(row["weeks"]) >= settings.ambassador_min_active_weeks
        enough = row["answered"] >= settings.ambassador_min_answers
        if enough and steady and share >= settings.ambassador_min_solved_share:
            found.append(
                {
                    "player_id": pid,
                    "display_name": names.get(pid, ""),
                    "answered": row["answered"],
                    "solved": row["solved"],
                    "solved_share": share,
                    "active_weeks": len(row["weeks"]),
                }
            )
    return sorted(found, key=lambda r: (-r["solved_share"], -r["answered"], r["player_id"]))
