"""Community reads: what a member may see, profiles, badges, top contributors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

import pandas as pd
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

import scoring
from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.game.models import Round, RoundScore, Season

from .badges import BADGES_BY_SLUG, TIER_ORDER
from .models import (
    Award,
    Category,
    CommunityProfile,
    Flag,
    Level,
    ModerationAction,
    Post,
    ReputationEvent,
    Status,
    Topic,
    Vote,
    level_for,
)
from .permissions import is_moderator
from .search import search_topics

Window = Literal["week", "season", "all"]
WINDOWS: tuple[Window, ...] = ("week", "season", "all")
FINAL_ROUND_STATUSES = (Round.Status.SETTLED, Round.Status.VOID)
RANK_COLUMNS = ("rank", "player_id", "points", "wins", "best")


def public_name(user: User | None) -> str:
    """The author's public name; posts without a user are Paddock's own."""
    return "Paddock" if user is None else user.public_name


def _not_found(what: str) -> ApplicationError:
    return ApplicationError(f"No such {what}.", code="not_found", status_code=404)


# --- Topics and posts -------------------------------------------------------------------


def categories_with_counts() -> QuerySet[Category]:
    """Categories in display order, each with its number of public topics."""
    public = Q(
        topics__status=Status.PUBLISHED,
        topics__is_hidden=False,
        topics__deleted_at__isnull=True,
    )
    return Category.objects.annotate(topic_count=Count("topics", filter=public)).order_by(
        "position", "id"
    )


def topic_queryset(*, user: Any) -> QuerySet[Topic]:
    """Topics `user` may see: public ones, their own pending ones; moderators see all but
    deleted ones."""
    topics = Topic.objects.filter(deleted_at__isnull=True).select_related("category", "author")
    if is_moderator(user):
        return topics
    visible = Q(status=Status.PUBLISHED, is_hidden=False)
    if getattr(user, "is_authenticated", False):
        visible |= Q(author=user, status=Status.PENDING, is_hidden=False)
    return topics.filter(visible)


def topic_list(
    *,
    user: Any,
    category: str | None = None,
    search: str | None = None,
    round_id: int | None = None,
    author_id: int | None = None,
    unanswered: bool = False,
) -> QuerySet[Topic]:
    """Pinned first, then the latest activity; by relevance when searching."""
    topics = topic_queryset(user=user)
    if category:
        topics = topics.filter(category__slug=category)
    if round_id is not None:
        topics = topics.filter(round_id=round_id)
    if author_id is not None:
        topics = topics.filter(author_id=author_id)
    if unanswered:
        topics = topics.filter(kind=Topic.Kind.QUESTION, accepted_answer__isnull=True)
    if search:
        return search_topics(topics, search)
    return topics


def topic_get(*, user: Any, topic_id: int) -> Topic:
    topic = topic_queryset(user=user).filter(pk=topic_id).first()
    if topic is None:
        raise _not_found("topic")
    return topic


def post_queryset(*, user: Any, topic: Topic) -> QuerySet[Post]:
    posts = Post.objects.filter(topic=topic, deleted_at__isnull=True).select_related("author")
    if is_moderator(user):
        return posts
    visible = Q(status=Status.PUBLISHED, is_hidden=False)
    if getattr(user, "is_authenticated", False):
        visible |= Q(author=user, status=Status.PENDING, is_hidden=False)
    return posts.filter(visible)


def post_get(*, user: Any, post_id: int) -> Post:
    """A post `user` may see, in a topic they may see."""
    post = Post.objects.filter(pk=post_id).only("topic_id").first()
    if post is None:
        raise _not_found("post")
    topic = topic_get(user=user, topic_id=post.topic_id)
    found = post_queryset(user=user, topic=topic).filter(pk=post_id).first()
    if found is None:
        raise _not_found("post")
    found.topic = topic
    return found


def votes_of(*, user: Any, topic_ids: Iterable[int] = (), post_ids: Iterable[int] = ()) -> set[str]:
    """Keys ("topic:1", "post:2") of what `user` voted helpful among the given ids."""
    if not getattr(user, "is_authenticated", False):
        return set()
    topic_ids, post_ids = list(topic_ids), list(post_ids)
    rows = Vote.objects.filter(voter=user).filter(
        Q(topic_id__in=topic_ids) | Q(post_id__in=post_ids)
    )
    return {
        f"post:{post_id}" if post_id else f"topic:{topic_id}"
        for topic_id, post_id in rows.values_list("topic_id", "post_id")
    }


def approved_post_count(*, player: User) -> int:
    """Questions and replies of `player` that are published (the new-member rule)."""
    questions = Topic.objects.filter(
        author=player, kind=Topic.Kind.QUESTION, status=Status.PUBLISHED
    ).count()
    replies = Post.objects.filter(author=player, kind=Post.Kind.REPLY, status=Status.PUBLISHED)
    return questions + replies.count()


# --- Moderation -------------------------------------------------------------------------


def flags_open() -> QuerySet[Flag]:
    return Flag.objects.filter(state=Flag.State.OPEN).select_related(
        "reporter", "topic", "post", "post__author", "topic__author"
    )


def pending_queue() -> dict[str, QuerySet[Any]]:
    return {
        "topics": Topic.objects.filter(status=Status.PENDING, deleted_at__isnull=True)
        .select_related("author", "category")
        .order_by("created_at", "id"),
        "posts": Post.objects.filter(status=Status.PENDING, deleted_at__isnull=True)
        .select_related("author", "topic")
        .order_by("created_at", "id"),
    }


def audit_log(
    *, action: str | None = None, actor_id: int | None = None
) -> QuerySet[ModerationAction]:
    entries = ModerationAction.objects.select_related("actor")
    if action:
        entries = entries.filter(action=action)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    return entries


# --- Profiles, levels, badges -----------------------------------------------------------


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


def player_game_stats(ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """player id -> (rounds played, winners picked) over settled and void rounds."""
    rows = (
        RoundScore.objects.filter(player_id__in=list(ids), round__status__in=FINAL_ROUND_STATUSES)
        .values("player_id")
        .annotate(played=Count("id"), winners=Count("id", filter=Q(win_hit=True)))
    )
    return {row["player_id"]: (row["played"], row["winners"]) for row in rows}


def profiles_for_players(ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """player id -> (reputation, level) for those with a profile row."""
    return {
        pid: (reputation, level)
        for pid, reputation, level in CommunityProfile.objects.filter(
            player_id__in=list(ids)
        ).values_list("player_id", "reputation", "level")
    }


@dataclass
class PlayerProfile:
    player: User
    reputation: int
    level: str
    rounds_played: int
    winners_picked: int
    questions: int
    answers: int
    accepted_answers: int
    helpful_votes_received: int
    awards: list[Award] = field(default_factory=list)


def player_profile(*, player: User) -> PlayerProfile:
    profile = CommunityProfile.objects.filter(player=player).first()
    played, winners = player_game_stats([player.pk]).get(player.pk, (0, 0))
    reputation = profile.reputation if profile else 0
    level = profile.level if profile else level_for(0, played, winners).value
    public_topics = Topic.objects.filter(
        author=player, status=Status.PUBLISHED, is_hidden=False, deleted_at__isnull=True
    )
    public_replies = Post.objects.filter(
        author=player,
        kind=Post.Kind.REPLY,
        status=Status.PUBLISHED,
        is_hidden=False,
        deleted_at__isnull=True,
    )
    helpful = Vote.objects.filter(Q(post__author=player) | Q(topic__author=player)).count()
    return PlayerProfile(
        player=player,
        reputation=reputation,
        level=level,
        rounds_played=played,
        winners_picked=winners,
        questions=public_topics.filter(kind=Topic.Kind.QUESTION).count(),
        answers=public_replies.count(),
        accepted_answers=Topic.objects.filter(
            accepted_answer__author=player, deleted_at__isnull=True
        ).count(),
        helpful_votes_received=helpful,
        awards=list(Award.objects.filter(player=player).select_related("season")),
    )


def reputation_events(*, player: User) -> QuerySet[ReputationEvent]:
    return ReputationEvent.objects.filter(player=player).select_related("topic", "post")


def community_counts(*, player_id: int) -> dict[str, int]:
    """What the community badges look at: replies to others, accepted answers, votes."""
    return {
        "answers": Post.objects.filter(
            author_id=player_id,
            kind=Post.Kind.REPLY,
            status=Status.PUBLISHED,
            deleted_at__isnull=True,
            topic__kind=Topic.Kind.QUESTION,
        )
        .exclude(topic__author_id=player_id)
        .count(),
        "accepted": Topic.objects.filter(
            accepted_answer__author_id=player_id, deleted_at__isnull=True
        )
        .exclude(author_id=player_id)
        .count(),
        "helpful": Vote.objects.filter(
            Q(post__author_id=player_id) | Q(topic__author_id=player_id)
        ).count(),
    }


# --- Top contributors -------------------------------------------------------------------


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
    table = table.assign(rank=scoring.rank(table)).reset_index()
    table = table.sort_values(["rank", "player_id"]).head(limit)
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


# --- Rounds -----------------------------------------------------------------------------


def round_thread_get(*, round_id: int) -> Topic | None:
    return (
        Topic.objects.filter(kind=Topic.Kind.ROUND_THREAD, round_id=round_id)
        .select_related("category")
        .first()
    )


def round_has_thread(*, round_id: int) -> bool:
    return Topic.objects.filter(kind=Topic.Kind.ROUND_THREAD, round_id=round_id).exists()
