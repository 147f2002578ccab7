"""Thin, idempotent Celery tasks: they take ids and call one service each."""

from __future__ import annotations

from django.utils import timezone

from backend.common.tasks import task
from backend.game.models import Round, Season

from . import services


@task()
def round_thread_open(round_id: int) -> int | None:
    """Create the round's discussion thread (no-op when it exists). Returns the topic id."""
    round = Round.objects.filter(pk=round_id).first()
    if round is None or round.status == Round.Status.DRAFT:
        return None
    return services.round_thread_ensure(round=round).pk


@task()
def round_debrief(round_id: int) -> int | None:
    """Post or correct the round's debrief for its current settlement version."""
    round = Round.objects.filter(pk=round_id).first()
    if round is None:
        return None
    debrief = services.round_debrief_ensure(round=round)
    return debrief.pk if debrief else None


@task()
def award_game_badges(round_id: int) -> int:
    round = Round.objects.filter(pk=round_id).first()
    return services.game_badges_award(round=round) if round else 0


@task()
def award_season_badges(season_id: int) -> int:
    season = Season.objects.filter(pk=season_id).first()
    return services.season_badges_award(season=season) if season else 0


@task()
def award_community_badges(player_id: int) -> list[str]:
    return services.community_badges_award(player_id=player_id)


@task()
def round_threads_sync() -> int:
    """Safety net for the opening hook: every open round has its thread. Returns how many
    were created."""
    return services.round_threads_sync()


@task()
def unanswered_overdue_scan() -> list[int]:
    """Beat: flag (once) the questions past their first-answer target; advisers and
    moderators are emailed about those. Returns the ids flagged by this run."""
    return services.overdue_mark(now=timezone.now())


@task()
def award_missions(player_id: int) -> list[str]:
    """Complete (once) the missions in force the member has reached."""
    return services.missions_award(player_id=player_id)


@task()
def event_reminders_scan() -> dict[int, list[int]]:
    """Beat: claim the reminders of events about to start; the notifications app emails
    the claimed followers (once each, by its delivery log)."""
    return services.event_reminders_claim(now=timezone.now())
