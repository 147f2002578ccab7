"""The operators' community dashboard: questions per category and week, the unanswered
ones, first-answer times, the most frequent subjects in titles, and the helpers' solved
shares (answers the asker accepted, over the questions they answered)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from django.db.models import Count, F, Q

from backend.accounts.models import User
from backend.community.models import Category, Post, Topic

from .unanswered import answer_times_weekly, first_answer_at

# Words too common to be a subject, in English and French (titles are in either).
_STOP_TEXT = """
    a about after all am an and any are as at be been before being but by can could did do
    does doing for from had has have how i if in into is it its just me more most my no not
    of on or our out should so some than that the their them then there these they this
    those to too up us was we were what when where which who why will with would you your
    au aux avec ce ces cette comment dans de des du elle en est et il ils je la le les leur
    mais me mes mon ne nos notre nous on ou où par pas pour qu que quel quelle quels qui sa
    se ses si son sur ta te tes ton tu un une vos votre vous y à été être faut peut-on
    faire est peut sont cela ça avoir
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
WORD = re.compile(r"\w+")
MIN_WORD = 3


def _weeks_since(now: dt.datetime, weeks: int) -> dt.datetime:
    today = now.astimezone(dt.UTC).date()
    monday = dt.datetime.combine(
        today - dt.timedelta(days=today.weekday()), dt.time(), tzinfo=dt.UTC
    )
    return monday - dt.timedelta(weeks=weeks - 1)


def questions_per_category_week(*, now: dt.datetime, weeks: int) -> list[dict[str, Any]]:
    """Per week (Monday, UTC) and category: questions asked and those still unanswered."""
    since = _weeks_since(now, weeks)
    asked = (
        Topic.objects.public()
        .filter(kind=Topic.Kind.QUESTION, created_at__gte=since, created_at__lt=now)
        .annotate(first=first_answer_at())
        .values_list("created_at", "category__slug", "first")
    )
    counts: dict[tuple[dt.date, str], list[int]] = {}
    for created, slug, first in asked:
        day = created.astimezone(dt.UTC).date()
        key = (day - dt.timedelta(days=day.weekday()), slug)
        tally = counts.setdefault(key, [0, 0])
        tally[0] += 1
        tally[1] += first is None
    rows = []
    for slug in Category.objects.order_by("position", "slug").values_list("slug", flat=True):
        for offset in range(weeks):
            week = (since + dt.timedelta(weeks=offset)).date()
            questions, unanswered = counts.get((week, slug), [0, 0])
            rows.append(
                {"week": week, "category": slug, "questions": questions, "unanswered": unanswered}
            )
    return rows


def frequent_subjects(*, now: dt.datetime, weeks: int, limit: int = 20) -> list[dict[str, Any]]:
    """The words most used in the period's question titles, stop words left out."""
    titles = (
        Topic.objects.public()
        .filter(kind=Topic.Kind.QUESTION, created_at__gte=_weeks_since(now, weeks))
        .values_list("title", flat=True)
    )
    counts: Counter[str] = Counter()
    for title in titles:
        words = set(WORD.findall(title.lower()))
        counts.update(w for w in words if len(w) >= MIN_WORD and w not in STOP_WORDS)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [{"word": word, "questions": n} for word, n in ranked]


def solved_share(solved: int, answered: int) -> float | None:
    """The one definition: accepted answers over answers to others' questions (0 to 1)."""
    return round(solved / answered, 4) if answered else None


def helpers_solved_shares(*, limit: int = 50) -> list[dict[str, Any]]:
    """Helpers by answers (public replies to others' questions): how many of those answers
    their asker accepted as the solution, and the share."""
    answers = (
        Post.objects.public()
        .filter(kind=Post.Kind.REPLY, topic__kind=Topic.Kind.QUESTION, author__isnull=False)
        .exclude(topic__author_id=F("author_id"))
    )
    rows = (
        answers.values("author_id")
        .annotate(
            answered=Count("id"),
            solved=Count("id", filter=Q(topic__accepted_answer_id=F("id"))),
        )
        .order_by("-answered", "author_id")[:limit]
    )
    names = dict(
        User.objects.filter(pk__in=[r["author_id"] for r in rows]).values_list("pk", "display_name")
    )
    return [
        {
            "player_id": r["author_id"],
            "display_name": names.get(r["author_id"], ""),
            "answered": r["answered"],
            "solved": r["solved"],
            "solved_share": solved_share(r["solved"], r["answered"]),
        }
        for r in rows
    ]


def community_dashboard(*, now: dt.datetime, weeks: int) -> dict[str, Any]:
    return {
        "weeks": weeks,
        "per_category": questions_per_category_week(now=now, weeks=weeks),
        "answer_times": answer_times_weekly(now=now, weeks=weeks),
        "subjects": frequent_subjects(now=now, weeks=weeks),
        "helpers": helpers_solved_shares(),
    }
