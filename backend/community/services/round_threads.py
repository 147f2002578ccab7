"""Round threads: a discussion thread per game round, opened with the round, and the
debrief Paddock posts in it after each settlement (a correction when the result changed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from django.db import IntegrityError, transaction
from django.utils import timezone

import scoring
from backend.accounts.models import User
from backend.common.formatting import proper_name
from backend.community import markup
from backend.community.models import ROUND_THREAD_CATEGORY, TITLE_MAX, Category, Post, Topic
from backend.community.paddock_posts import LANGUAGES, written
from backend.community.search import topic_reindex
from backend.community.selectors.topics import public_name
from backend.game.models import Round, RoundScore
from backend.racing.models import Race

from .frames import as_int, read_rows
from .rules import locked, refresh_reply_count

DEBRIEF_PLACES_SHOWN = 5  # the arrival PMU publishes: the first five
BEST_OF_WEEK_SHOWN = 10


def _local(moment: dt.datetime) -> str:
    """The post time as the race's country tells it, naming the zone (readers elsewhere
    know it is not their clock): "13/12/2026 15:15 CET"."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M %Z")


def category_for_rounds() -> Category:
    category, _ = Category.objects.get_or_create(
        slug=ROUND_THREAD_CATEGORY,
        defaults={"name_en": "Race of the week", "name_fr": "Course de la semaine"},
    )
    return category


def _round_title(round: Round) -> str:
    """Names, codes and a date only: a title is stored once and read in every language
    (the season and the round's number are in the opening post, in the reader's)."""
    race = round.race
    meeting = race.meeting
    title = f"{race.code} {race.name} ({meeting.racecourse}, {meeting.date:%d/%m/%Y})"
    return title[:TITLE_MAX]


def _thread_facts(round: Round) -> dict[str, Any]:
    """What a round's thread opens with, as facts its template words in each language."""
    race = round.race
    return {
        "race": markup.escape(f"{race.code} {race.name}"),
        "racecourse": markup.escape(race.meeting.racecourse),
        "post_time": _local(race.post_time),
        "discipline": race.discipline,
        "distance": race.distance,
        "runners": race.declared_runners,
        # A name in each language: the reader's is chosen when the thread is read.
        "season": {
            language: markup.escape(round.season.name_in(language)) for language in LANGUAGES
        },
        "number": round.number,
    }


@transaction.atomic
def round_thread_ensure(*, round: Round) -> Topic:
    """The round's discussion thread in "Race of the week", created once (idempotent)."""
    existing = Topic.objects.filter(kind=Topic.Kind.ROUND_THREAD, round=round).first()
    if existing is not None:
        return existing
    round = Round.objects.select_related("race__meeting", "season").get(pk=round.pk)
    topic = Topic(
        category=category_for_rounds(),
        kind=Topic.Kind.ROUND_THREAD,
        round=round,
        title=_round_title(round),
        created_at=round.opens_at or timezone.now(),
        **written("community/round_thread.md", _thread_facts(round)),
    )
    topic.last_activity_at = topic.created_at
    try:
        with transaction.atomic():
            topic.save()
    except IntegrityError:  # created concurrently: theirs is as good as ours
        return Topic.objects.get(kind=Topic.Kind.ROUND_THREAD, round=round)
    topic_reindex([topic.pk])
    return topic


@transaction.atomic
def round_threads_follow_card(*, race: Race) -> int:
    """Write again the opening post of the threads of the race's rounds when the card
    changed what it says (a post time moved, a runner withdrawn): the thread never keeps
    a stale time. Returns how many were written again."""
    refreshed = 0
    threads = Topic.objects.select_for_update().filter(
        kind=Topic.Kind.ROUND_THREAD, round__race=race
    )
    for topic in threads.select_related("round__race__meeting", "round__season"):
        assert topic.round is not None  # a round thread always has its round
        fields = written("community/round_thread.md", _thread_facts(topic.round))
        if fields["paddock_data"] == topic.paddock_data:
            continue
        for name, value in fields.items():
            setattr(topic, name, value)
        topic.save(update_fields=list(fields))
        refreshed += 1
    return refreshed


def _finish_and_dividends(race: Race) -> dict[str, list[dict[str, Any]]]:
    """The official arrival (the first DEBRIEF_PLACES_SHOWN) and the win and place
    dividends, in finishing order (the order PMU prints them), unplaced numbers last."""
    runners = dict(race.runners.values_list("number", "name"))
    arrival = list(
        race.runners.filter(position__isnull=False, disqualified=False)
        .order_by("position", "number")
        .values_list("position", "number")
    )
    finish = [
        {
            "position": position,
            "number": number,
            "name": markup.escape(proper_name(runners[number])),
        }
        for position, number in arrival
        if (position or 0) <= DEBRIEF_PLACES_SHOWN
    ]
    order = {number: index for index, (_, number) in enumerate(arrival)}
    dividends: dict[str, list[dict[str, Any]]] = {"win": [], "place": []}
    for kind, number, cents in sorted(
        race.dividends.values_list("kind", "number", "cents"),
        key=lambda row: (order.get(row[1], len(order)), row[1]),
    ):
        dividends[kind].append(
            {
                "number": number,
                "name": markup.escape(runners.get(number, "")),
                # Cents: written as euros in each reader's language (3.50 € / 3,50 €).
                "euros": cents,
            }
        )
    return {"finish": finish, **dividends}


def _best_of_week(scores: pd.DataFrame) -> list[dict[str, Any]]:
    """The week's podium (up to BEST_OF_WEEK_SHOWN players with points), ranked like the
    game's table: points, winners, best round (= points)."""
    table = scores.rename(columns={"win_hit": "wins"}).assign(best=scores["points"])
    ranked = scores.assign(rank=scoring.rank(table))
    top = ranked[(ranked["rank"] <= 3) & (ranked["points"] > 0)]
    top = top.sort_values(["rank", "player_id"]).head(BEST_OF_WEEK_SHOWN)
    ranks, ids, points = (
        top[name].astype(int).tolist() for name in ("rank", "player_id", "points")
    )
    users = User.objects.in_bulk(ids)
    return [
        {
            "rank": rank,
            "name": markup.escape(public_name(users.get(pid))),
            "points": total,
        }
        for rank, pid, total in zip(ranks, ids, points, strict=True)
    ]


def _percent(hits: pd.Series) -> float:
    """The share of hits, in percent to one decimal (a number: each language writes it)."""
    return round(float(hits.mean()) * 100, 1) if len(hits) else 0.0


def _debrief_context(round: Round) -> dict[str, Any]:
    """What the debrief shows, from the stored result and the round's scores."""
    race = round.race
    scores = read_rows(
        RoundScore.objects.filter(round=round).values_list(
            "player_id", "points", as_int("win_hit"), as_int("place_hit")
        ),
        {"player_id": "int64", "points": "int64", "win_hit": "int64", "place_hit": "int64"},
    )
    settled = not scores.empty and round.status == Round.Status.SETTLED
    players = len(scores)
    return {
        "race": markup.escape(f"{race.code} {race.name}"),
        "racecourse": markup.escape(race.meeting.racecourse),
        "void": round.status == Round.Status.VOID,
        "void_reason": markup.escape(round.void_reason),
        **_finish_and_dividends(race),
        "players": players,
        "win_share": _percent(scores["win_hit"]),
        "place_share": _percent(scores["place_hit"]),
        "best": _best_of_week(scores) if settled else [],
        "replay_url": race.replay_url,
        "version": round.settlement_version,
    }


def _debrief_write(topic: Topic, debrief: Post | None, round: Round, now: dt.datetime) -> Post:
    """Post the debrief, or rewrite it for a new settlement version with a correction."""
    context = _debrief_context(round)
    fields = written("community/round_debrief.md", context)
    version = round.settlement_version
    if debrief is None:
        return Post.objects.create(
            topic=topic, kind=Post.Kind.DEBRIEF, settlement_version=version, **fields
        )
    previous = debrief.settlement_version
    for name, value in fields.items():
        setattr(debrief, name, value)
    debrief.settlement_version, debrief.edited_at = version, now
    debrief.save(update_fields=[*fields, "settlement_version", "edited_at"])
    Post.objects.create(
        topic=topic,
        kind=Post.Kind.CORRECTION,
        settlement_version=version,
        **written("community/round_correction.md", {**context, "previous": previous}),
    )
    return debrief


@transaction.atomic
def round_debrief_ensure(*, round: Round) -> Post | None:
    """Post (once per settlement version) the official result and the week in numbers.

    The first settlement adds the debrief; a later settlement version (a corrected result)
    rewrites it and adds a short correction post saying so. Running it again for the same
    version changes nothing. Returns the debrief, or None while the round is not final.
    """
    round = Round.objects.select_related("race__meeting", "season").get(pk=round.pk)
    if not round.is_final:
        return None
    topic = locked(round_thread_ensure(round=round))
    debrief = Post.objects.filter(topic=topic, kind=Post.Kind.DEBRIEF).first()
    if debrief is not None and (debrief.settlement_version or 0) >= round.settlement_version:
        return debrief
    now = timezone.now()
    debrief = _debrief_write(topic, debrief, round, now)
    refresh_reply_count(topic.pk)
    Topic.objects.filter(pk=topic.pk).update(last_activity_at=now)
    return debrief


def round_threads_sync() -> int:
    """Ensure every open or locked round has its thread (the opening hook's safety net)."""
    rounds = Round.objects.filter(status__in=(Round.Status.OPEN, Round.Status.LOCKED)).exclude(
        community_topics__kind=Topic.Kind.ROUND_THREAD
    )
    created = 0
    for round in rounds:
        round_thread_ensure(round=round)
        created += 1
    return created
