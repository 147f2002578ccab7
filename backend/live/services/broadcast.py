"""Pushing frames to websockets through the channel layer, after the commit.

Groups: `user.<id>` (every socket of a player: their own events, and the close on
logout), `everyone` (round changes for every open web app), `room.<league>.<round>` (a
race-day room). A live-help conversation goes to its two people's `user.<id>` groups.
A frame is a JSON object with a
`type`; docs/api.md#websocket lists them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)

EVERYONE = "everyone"
# The close code a socket gets when its session logs out.
CLOSE_LOGGED_OUT = 4001


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def room_group(league_id: int, round_id: int) -> str:
    return f"room.{league_id}.{round_id}"


def _send(groups: list[str], message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for group in groups:
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:  # a push is best effort: the data is committed, clients refetch
            log.exception("live push to %s failed", group)


def push(groups: str | Iterable[str], frame: dict[str, Any]) -> None:
    """Send `frame` to every socket of these groups once the transaction commits (at once
    outside one): a rolled-back write pushes nothing."""
    names = [groups] if isinstance(groups, str) else list(groups)
    transaction.on_commit(partial(_send, names, {"type": "live.frame", "frame": frame}))


def close_user_sockets(user_id: int, code: int = CLOSE_LOGGED_OUT) -> None:
    """Close every socket of this player (logout), after the commit."""
    transaction.on_commit(
        partial(_send, [user_group(user_id)], {"type": "live.close", "code": code})
    )
