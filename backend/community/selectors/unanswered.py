"""No question left unanswered: the queue of questions still waiting for their first answer,
the ones past their category's target, and the weekly answer times operators watch.

A question's first answer is its first public reply by someone other than its asker
(`first_answer_at`): a reply later hidden or deleted no longer counts, so a question whose
only answer a moderator hid is back in the queue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet, Subquery

from backend.accounts.models import User
from backend.community.conf import conf
from backend.community.models import ADVISERS_GROUP, MODERATORS_GROUP, Category, Post, Topic


def _answers() -> QuerySet[Post]:
    return (
        Post.objects.public()
        .filter(topic=OuterRef("pk"), kind=Post.Kind.REPLY)
        .exclude(author_id=OuterRef("author_id"))
        .exclude(author__isnull=True)
    )


def first_answer_at() -> Subquery:
    """When each question of a queryset got its first answer (None: not yet)."""
    first = _answers().order_by().values("topic").annotate(first=Min("created_at"))
    return Subquery(first.values("first")[:1])


def target_hours(category: Category) -> int:
    """The category's first-answer target, else the setting."""
    return category.first_answer_target_hours or conf().first_answer_target_hours


def unanswered_questions() -> QuerySet[Topic]:
    """Public questions with no answer yet, oldest first (locked ones are not waiting)."""
    return (
        Topic.objects.public()
        .filter(kind=Topic.Kind.QUESTION, is_locked=False)
        .exclude(Exists(_answers()))
        .select_related("category", "author")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True, slots=True)
class Waiting:
    """A question in the queue: how long it has waited against its target."""

    topic: Topic
    waiting: dt.timedelta
    target_hours: int

    @property
    def waiting_hours(self) -> int:
        return int(self.waiting.total_seconds() // 3600)

    @property
    def overdue(self) -> bool:
        return self.waiting >= dt.timedelta(hours=self.target_hours)


def unanswered_queue(*, now: dt.datetime, category: str | None = None) -> list[Waiting]:
    """The queue advisers and moderators work through, oldest first."""
    topics = unanswered_questions()
    if category:
        topics = topics.filter(category__slug=category)
    return [
        Waiting(topic=t, waiting=now - t.created_at, target_hours=target_hours(t.category))
        for t in topics
    ]


def overdue_unnotified(*, now: dt.datetime) -> QuerySet[Topic]:
    """Unanswered questions past their category's target that nobody was told about yet."""
    ids: list[int] = []
    for category in Category.objects.all():
        cutoff = now - dt.timedelta(hours=target_hours(category))
        ids.extend(
            unanswered_questions()
            .filter(category=category, created_at__lte=cutoff, overdue_notified_at__isnull=True)
            .values_list("pk", flat=True)
        )
    return Topic.objects.filter(pk__in=ids).order_by("created_at", "id")


def helper_categories(*, player_ids: list[int], limit: int) -> dict[int, list[int]]:
    """Each helper's `limit` categories they answered most in (their public replies to
    others' questions), most answered first."""
    rows = (
        Post.objects.public()
        .filter(author_id__in=player_ids, kind=Post.Kind.REPLY, topic__kind=Topic.Kind.QUESTION)
        .exclude(topic__author_id=F("author_id"))
        .values_list("author_id", "topic__category_id")
    )
    counts: dict[int, dict[int, int]] = {}
    for author_id, category_id in rows:
        per = counts.setdefault(author_id, {})
        per[category_id] = per.get(category_id, 0) + 1
    return {
        pid: [c for c, _n in sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
        for pid, per in counts.items()
    }


# --- the weekly measure ---------------------------------------------------------------------

WEEK_COLUMNS = (
    "week",
    "questions",
    "answered",
    "median_first_answer_hours",
    "within_target_share",
    "within_24h_share",
    "never_answered_share",
)


def answer_times_frame(*, since: dt.datetime, until: dt.datetime) -> pd.DataFrame:
    """One row per question asked in [since, until): its week (Monday, UTC), its target and
    the hours to its first answer (NaN: none yet)."""
    rows = list(
        Topic.objects.public()
        .filter(kind=Topic.Kind.QUESTION, created_at__gte=since, created_at__lt=until)
        .annotate(first=first_answer_at())
        .values_list("created_at", "first", "category__first_answer_target_hours")
    )
    frame = pd.DataFrame(rows, columns=["created_at", "first", "target"])
    default = conf().first_answer_target_hours
    frame["target"] = frame["target"].fillna(default).astype(float)
    created = pd.to_datetime(frame["created_at"], utc=True)
    first = pd.to_datetime(frame["first"], utc=True)
    frame["hours"] = (first - created).dt.total_seconds() / 3600
    frame["week"] = (created.dt.tz_localize(None).dt.normalize()) - pd.to_timedelta(
        created.dt.day_of_week, unit="D"
    )
    return frame


def answer_times_weekly(*, now: dt.datetime, weeks: int) -> list[dict[str, object]]:
    """Per week of asking (oldest first): questions, answered, the median hours to a first
    answer, and the shares answered within the target, within 24 h, and never answered."""
    today = now.astimezone(dt.UTC).date()
    monday = dt.datetime.combine(
        today - dt.timedelta(days=today.weekday()), dt.time(), tzinfo=dt.UTC
    )
    since = monday - dt.timedelta(weeks=weeks - 1)
    frame = answer_times_frame(since=since, until=now)
    out: list[dict[str, object]] = []
    for offset in range(weeks):
        start = since + dt.timedelta(weeks=offset)
        week = frame[frame["week"] == pd.Timestamp(start.replace(tzinfo=None))]
        answered = week["hours"].dropna()
        n = len(week)
        median = answered.median() if len(answered) else None
        out.append(
            {
                "week": start.date(),
                "questions": n,
                "answered": len(answered),
                "median_first_answer_hours": None if median is None else round(float(median), 2),
                "within_target_share": _share((week["hours"] <= week["target"]).sum(), n),
                "within_24h_share": _share((week["hours"] <= 24).sum(), n),
                "never_answered_share": _share(week["hours"].isna().sum(), n),
            }
        )
    return out


def _share(count: object, total: int) -> float | None:
    return round(float(count) / total, 4) if total else None  # type: ignore[arg-type]


def queue_watchers() -> list[int]:
    """Who watches the queue: active staff, advisers and moderators (ids, in order)."""
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(is_staff=True) | Q(groups__name__in=(ADVISERS_GROUP, MODERATORS_GROUP)))
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def help_needed(*, player_ids: list[int], now: dt.datetime) -> dict[int, list[Waiting]]:
    """Per helper, the unanswered questions (oldest first, not their own) in the categories
    they answer most: what the community digest's "help needed" part lists. Two queries."""
    settings = conf()
    favourite = helper_categories(player_ids=player_ids, limit=settings.help_needed_categories)
    wanted = {c for cats in favourite.values() for c in cats}
    if not wanted:
        return {}
    queue = [
        Waiting(topic=t, waiting=now - t.created_at, target_hours=target_hours(t.category))
        for t in unanswered_questions().filter(category_id__in=wanted)
    ]
    found: dict[int, list[Waiting]] = {}
    for pid, cats in favourite.items():
        mine = [w for w in queue if w.topic.category_id in cats and w.topic.author_id != pid]
        if mine:
            found[pid] = mine[: settings.help_needed_questions]
    return found


def helpers_with_help_needed() -> QuerySet[Post]:
    """Public replies (to others' questions) in categories with an unanswered question:
    filter on `author=` to ask whether a member is a helper the digest has work for."""
    waiting = (
        unanswered_questions()
        .filter(category_id=OuterRef("topic__category_id"))
        .exclude(author_id=OuterRef("author_id"))
    )
    return (
        Post.objects.public()
        .filter(kind=Post.Kind.REPLY, topic__kind=Topic.Kind.QUESTION)
        .exclude(topic__author_id=F("author_id"))
        .filter(Exists(waiting))
    )
