"""What the operator console reads: a day's calendar and a round's week board.

The board gathers what each app records about a round: the game (its status, settlement,
picks), racing (the result and the import runs of its race, polls included),
notifications (the emails sent, skipped and failed) and community (the debrief).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.community.models import Post, Topic
from backend.game.models import Round
from backend.game.selectors import feature_warnings, operator_round_get, settlement_due
from backend.notifications.models import EmailDelivery
from backend.notifications.selectors import season_players
from backend.racing.models import ImportRun, Meeting, Race, Runner
from backend.racing.selectors import POLL_WINDOW

RECENT_IMPORTS = 5
FINAL_RACE = {Race.Status.OFFICIAL, Race.Status.CANCELLED, Race.Status.REFUNDED}


def calendar_day(*, day: dt.date) -> list[Meeting]:
    """The day's meetings, each with its races (field size counted, rounds attached)."""
    races = (
        Race.objects.annotate(
            starters=Count("runners", filter=~Q(runners__status=Runner.Status.NON_RUNNER)),
            runners_total=Count("runners"),
        )
        .prefetch_related(Prefetch("game_rounds", queryset=Round.objects.order_by("season_id")))
        .order_by("post_time", "number")
    )
    return list(
        Meeting.objects.filter(date=day)
        .order_by("number")
        .prefetch_related(Prefetch("races", queryset=races))
    )


def calendar_days(*, around: dt.date, span: int = 7) -> list[dt.date]:
    """Days with meetings within `span` days of `around`, for moving along the calendar."""
    lo, hi = around - dt.timedelta(days=span), around + dt.timedelta(days=span)
    return sorted(set(Meeting.objects.filter(date__range=(lo, hi)).values_list("date", flat=True)))


@dataclass
class Step:
    key: str
    state: str  # done, current, pending, skipped
    at: dt.datetime | None = None
    detail: str = ""


@dataclass
class Board:
    round: Round
    steps: list[Step]
    players: int
    picked: int
    polling: dict[str, Any]
    emails: list[dict[str, Any]]
    imports: list[ImportRun]
    actions: list[str]
    debrief: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


def _state(done: bool, current: bool = False) -> str:
    return "done" if done else "current" if current else "pending"


def _poll_interval() -> float:
    entry = settings.CELERY_BEAT_SCHEDULE.get("racing-poll-results", {})
    return float(entry.get("schedule", 300.0))  # type: ignore[arg-type]


def polling_of(race: Race, *, now: dt.datetime) -> dict[str, Any]:
    """Whether the race's result is polled, the last poll and what the feed answered, and
    when the next poll is due (from the import log: polls that changed nothing leave none)."""
    last = ImportRun.objects.filter(race=race, trigger=ImportRun.Trigger.TASK).first()
    window = race.post_time <= now <= race.post_time + POLL_WINDOW
    polled = race.featured and race.status not in FINAL_RACE
    due = None
    if polled and race.post_time + POLL_WINDOW >= now:
        step = dt.timedelta(seconds=_poll_interval())
        start = max(race.post_time, last.started_at if last else race.post_time)
        due = start + step if last or now >= race.post_time else race.post_time
    return {
        "featured": race.featured,
        "active": polled and window,
        "last_poll": last.started_at if last else None,
        "last_status": last.status if last else "",
        "last_answer": (last.error or last.summary) if last else "",
        "next_poll": due,
    }


def emails_of(rnd: Round) -> list[dict[str, Any]]:
    """Per kind of email about the round: how many sent, skipped, failed, retrying, sending."""
    rows = (
        EmailDelivery.objects.filter(round=rnd)
        .values("kind", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_kind: dict[str, dict[str, Any]] = {}
    for row in rows:
        counts = by_kind.setdefault(
            row["kind"], {"kind": row["kind"], **dict.fromkeys(EmailDelivery.Status.values, 0)}
        )
        counts[row["status"]] += row["n"]
    return [by_kind[k] for k in sorted(by_kind)]


def debrief_of(rnd: Round) -> dict[str, Any] | None:
    post = (
        Post.objects.filter(
            topic__kind=Topic.Kind.ROUND_THREAD, topic__round=rnd, kind=Post.Kind.DEBRIEF
        )
        .order_by("-created_at")
        .first()
    )
    if post is None:
        return None
    return {
        "topic": post.topic_id,
        "at": post.edited_at or post.created_at,
        "version": post.settlement_version,
    }


def actions_of(rnd: Round, *, now: dt.datetime) -> list[str]:
    """What the operator may do to the round now: each action offered would do something
    (a draft past its post time cannot open; a round whose scores reflect its result
    has nothing to settle)."""
    race = rnd.race
    actions = []
    if rnd.status == Round.Status.DRAFT and rnd.locks_at > now:
        actions.append("open")
    if rnd.status != Round.Status.VOID:
        actions.append("void")
    if settlement_due(rnd, race, now=now):
        actions.append("settle")
    # A void round scores nothing whatever the race's result: nothing to import for it.
    if rnd.status != Round.Status.VOID and race.status not in {
        Race.Status.CANCELLED,
        Race.Status.REFUNDED,
    }:
        actions.append("import_result")
    return actions


def notes_of(rnd: Round, *, now: dt.datetime) -> list[str]:
    """What the operator should know about the round before acting, read again on every
    visit: the warnings of featuring it while it is a draft, and why it cannot open."""
    if rnd.status != Round.Status.DRAFT:
        return []
    notes = feature_warnings(race=rnd.race, now=now)
    if rnd.locks_at <= now:
        notes.append(
            _(
                "It cannot open: import the race's card again if its post time moved (a draft "
                "follows it), or void the round."
            )
        )
    return notes


def _race_steps(rnd: Round, polling: dict[str, Any], *, locked: bool) -> list[Step]:
    race = rnd.race
    provisional = race.status == Race.Status.PROVISIONAL or race.status in FINAL_RACE
    official = race.has_official_result
    poll_detail = "not featured: its result is not polled"
    if polling["featured"]:
        # An arrival imported from files, before any poll stored one, is said so.
        nothing_yet = (
            "an import stored the result" if provisional else "no poll has stored anything yet"
        )
        poll_detail = polling["last_answer"] or nothing_yet
    return [
        Step(
            "polling",
            "done" if provisional else _state(done=False, current=locked and polling["featured"]),
            polling["last_poll"],
            poll_detail,
        ),
        Step(
            "provisional",
            _state(provisional),
            None,
            "provisional arrival stored" if race.status == Race.Status.PROVISIONAL else "",
        ),
        Step(
            "official",
            _state(official),
            race.result_updated_at if official else None,
            f"{race.get_status_display()}, result version {race.result_version}"
            if official
            else "",
        ),
    ]


def _steps(
    rnd: Round, polling: dict[str, Any], emails: list[dict[str, Any]], debrief: Any, now: Any
) -> list[Step]:
    """The round's week, draft to debrief: what is done, what is under way, what is next."""
    status = rnd.status
    # Opening sets opens_at: a round voided while a draft never opened.
    opened = status != Round.Status.DRAFT and rnd.opens_at is not None and rnd.opens_at <= now
    locked = status != Round.Status.DRAFT and rnd.locks_at <= now
    final = rnd.is_final and rnd.settlement_version > 0
    sent = sum(e["sent"] for e in emails)
    detail_emails = ", ".join(
        f"{e['kind']}: {e['sent']} sent, {e['skipped']} skipped, {e['failed']} failed"
        for e in emails
    )
    settled = ""
    if final:
        settled = f"version {rnd.settlement_version}, {rnd.picks_count} picks"  # type: ignore[attr-defined]
        if status == Round.Status.VOID:
            settled = f"void ({rnd.void_reason or 'no reason given'}), " + settled
    return [
        Step("draft", "done", rnd.created_at, f"round {rnd.number} of {rnd.season}"),
        Step("open", _state(opened, status == Round.Status.DRAFT), rnd.opens_at),
        Step("locked", _state(locked, opened and not locked), rnd.locks_at),
        *_race_steps(rnd, polling, locked=locked),
        Step("settled", _state(final), rnd.settled_at, settled),
        Step("emails", _state(bool(emails) and sent > 0, bool(emails)), None, detail_emails),
        Step(
            "debrief",
            _state(debrief is not None),
            debrief["at"] if debrief else None,
            f"settlement version {debrief['version']}" if debrief else "",
        ),
    ]


def round_board(*, round_id: int) -> Board:
    """One round's week board (404 for an unknown round)."""
    rnd = operator_round_get(round_id=round_id)
    now = timezone.now()
    polling = polling_of(rnd.race, now=now)
    emails = emails_of(rnd)
    debrief = debrief_of(rnd)
    return Board(
        round=rnd,
        steps=_steps(rnd, polling, emails, debrief, now),
        players=season_players(rnd).count(),
        picked=rnd.picks_count,  # type: ignore[attr-defined]
        polling=polling,
        emails=emails,
        imports=list(
            ImportRun.objects.filter(race=rnd.race_id).select_related("operator")[:RECENT_IMPORTS]
        ),
        actions=actions_of(rnd, now=now),
        notes=notes_of(rnd, now=now),
        debrief=debrief,
    )
