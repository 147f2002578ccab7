"""A league's race-day room for one round: from the lock to the debrief, its members
talk; at the lock their picks are revealed; the round's status is pushed as it happens."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from backend.accounts.models import User
from backend.game.models import Round
from backend.leagues.models import League
from backend.leagues.tables import league_round_table, league_table
from backend.live import frames, selectors
from backend.live.conf import conf
from backend.live.models import RoomMessage
from backend.live.text import clean_text

from .broadcast import EVERYONE, push, room_group
from .moderation import check_can_post


@transaction.atomic
def room_post(*, user: User, league_public_id: str, round_id: int, text: Any) -> RoomMessage:
    """Store a member's message and push it to the room once it commits: when this returns,
    the message is in the history."""
    league, game_round = selectors.room_get(
        league_public_id=league_public_id, round_id=round_id, user=user
    )
    check_can_post(user)
    body = clean_text(text, max_chars=conf().message_max_chars)
    row = RoomMessage.objects.create(league=league, round=game_round, author=user, text=body)
    push(room_group(league.pk, game_round.pk), frames.room_message(row, league.public_id))
    return row


def room_snapshot(*, league: League, game_round: Round, user: User) -> dict[str, Any]:
    """What a member sees on entering: the history, the picks (the room opens at the lock,
    so they are revealed), the points once settled. `locks_at` goes with the stored status:
    until the periodic task moves it, a round past its lock still says open."""
    table = league_round_table(league=league, game_round=game_round, viewer=user)
    return {
        "type": "room.joined",
        "league": league.public_id,
        "round": game_round.pk,
        "status": game_round.status,
        "locks_at": game_round.locks_at.isoformat(),
        "history": [
            frames.message(row)
            for row in selectors.room_history(league_id=league.pk, round_id=game_round.pk)
        ],
        "picks": frames.picks(table),
        "points": frames.points(table) if table.settled else [],
    }


def _league_frame(league: League, game_round: Round, status: str) -> dict[str, Any]:
    table = league_round_table(league=league, game_round=game_round, viewer=league.owner)
    frame: dict[str, Any] = {
        "type": "room.status",
        "league": league.public_id,
        "round": game_round.pk,
        "status": status,
    }
    if status == Round.Status.LOCKED:
        frame["picks"] = frames.picks(table)
    if status in (Round.Status.SETTLED, Round.Status.VOID):
        frame["points"] = frames.points(table)
        frame["table"] = frames.league_table(league_table(league=league, season=game_round.season))
    return frame


def round_status_push(*, round_id: int, status: str) -> int:
    """Tell every open web app that the round changed, and every league room of the round
    what it means for them (picks at the lock, points and the new table once settled).
    Returns how many rooms were told."""
    game_round = Round.objects.select_related("season").filter(pk=round_id).first()
    if game_round is None:
        return 0
    push(EVERYONE, frames.round_status(game_round, status))
    if status == Round.Status.OPEN:
        return 0
    leagues = League.objects.filter(pk__in=selectors.room_league_ids(round_id=round_id))
    told = 0
    for league in leagues.select_related("owner"):
        push(room_group(league.pk, game_round.pk), _league_frame(league, game_round, status))
        told += 1
    return told
