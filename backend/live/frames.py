"""The JSON frames the live layer sends (docs/api.md#websocket), built in one place."""

from __future__ import annotations

from typing import Any

from backend.game.models import Round
from backend.leagues.tables import LeagueTable, RoundTable
from backend.live.models import HelpMessage, HelpRequest, RoomMessage


def error(code: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {"type": "error", "code": code, "detail": detail, **extra}


def message(row: RoomMessage | HelpMessage) -> dict[str, Any]:
    return {
        "id": row.pk,
        "author": row.author_id,
        "name": row.author.public_name,
        "text": row.text,
        "created_at": row.created_at.isoformat(),
    }


def room_message(row: RoomMessage, league_public_id: str) -> dict[str, Any]:
    return {
        "type": "room.message",
        "league": league_public_id,
        "round": row.round_id,
        "message": message(row),
    }


def help_message(row: HelpMessage) -> dict[str, Any]:
    return {"type": "help.message", "request": row.request_id, "message": message(row)}


def help_request(row: HelpRequest) -> dict[str, Any]:
    return {
        "id": row.pk,
        "question": row.question,
        "page": row.page,
        "status": row.status,
        "asker": row.asker.public_name,
        "helper": row.helper.public_name if row.helper else None,
        "created_at": row.created_at.isoformat(),
        "expires_at": row.expires_at.isoformat(),
    }


def picks(table: RoundTable) -> list[dict[str, Any]]:
    """The members' picks, as revealed at the lock."""
    return [
        {
            "player": row.player_id,
            "name": row.name,
            "win": row.pick.win,
            "win_name": row.pick.win_name,
            "place": row.pick.place,
            "place_name": row.pick.place_name,
            "alternate": row.pick.alternate,
        }
        for row in table.rows
        if row.pick is not None
    ]


def points(table: RoundTable) -> list[dict[str, Any]]:
    return [
        {"player": row.player_id, "name": row.name, "points": row.score.points, "rank": row.rank}
        for row in table.rows
        if row.score is not None
    ]


def league_table(table: LeagueTable) -> list[dict[str, Any]]:
    return [
        {
            "player": row.player_id,
            "name": row.name,
            "rank": row.rank,
            "movement": row.movement,
            "points": row.points,
        }
        for row in table.rows
    ]


def round_status(game_round: Round, status: str) -> dict[str, Any]:
    return {"type": "round", "round": game_round.pk, "status": status}
