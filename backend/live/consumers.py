"""The one websocket of the web app: `/ws/live/`.

Authenticated by the session cookie (backend/config/asgi.py checks the origin first);
every frame in is charged to a token bucket (flooding gets `throttled` error frames, then
the close code 4008); a write is acknowledged only once it is committed, so an
acknowledged message is always in the history. Frames: docs/api.md#websocket.
"""

from __future__ import annotations

import json
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import translation
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import ApplicationError

from . import frames, selectors
from .conf import conf
from .services import rooms
from .services.broadcast import EVERYONE, room_group, user_group
from .services.help import help_send

CLOSE_NOT_AUTHENTICATED = 4003
CLOSE_FLOOD = 4008


class TokenBucket:
    """`capacity` frames at once, refilled at `rate` a second."""

    def __init__(self, capacity: int, rate: float) -> None:
        self.capacity, self.rate = float(capacity), rate
        self.tokens, self.stamp = float(capacity), time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def _room_join(user: User, league: Any, round_id: Any) -> tuple[str, dict[str, Any]]:
    if not isinstance(league, str) or not isinstance(round_id, int):
        raise ApplicationError(_("room.join takes a league id and a round number."), code="invalid")
    found, game_round = selectors.room_get(league_public_id=league, round_id=round_id, user=user)
    snapshot = rooms.room_snapshot(league=found, game_round=game_round, user=user)
    return room_group(found.pk, game_round.pk), snapshot


def _room_send(user: User, frame: dict[str, Any]) -> int:
    league, round_id = frame.get("league"), frame.get("round")
    if not isinstance(league, str) or not isinstance(round_id, int):
        raise ApplicationError(_("room.send takes a league id and a round number."), code="invalid")
    row = rooms.room_post(
        user=user, league_public_id=league, round_id=round_id, text=frame.get("text")
    )
    return row.pk


def _help_send(user: User, frame: dict[str, Any]) -> int:
    request_id = frame.get("request")
    if not isinstance(request_id, int):
        raise ApplicationError(_("help.send takes a request number."), code="invalid")
    return help_send(user=user, request_id=request_id, text=frame.get("text")).pk


WRITES = {"room.send": _room_send, "help.send": _help_send}


class LiveConsumer(AsyncWebsocketConsumer):
    groups: list[str]

    async def connect(self) -> None:
        user = self.scope.get("user")
        await self.accept()
        if user is None or not user.is_authenticated:
            await self.send_frame(frames.error("not_authenticated", "Log in first."))
            await self.close(code=CLOSE_NOT_AUTHENTICATED)
            return
        self.user: User = user
        settings = conf()
        self.bucket = TokenBucket(settings.bucket_capacity, settings.bucket_refill_per_second)
        self.strikes = 0
        self.joined: set[str] = set()
        self.fixed = [user_group(user.pk), EVERYONE]
        for group in self.fixed:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.send_frame({"type": "hello", "user": user.pk})

    async def disconnect(self, code: int) -> None:
        for group in [*getattr(self, "fixed", []), *getattr(self, "joined", set())]:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def send_frame(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(frame, separators=(",", ":")))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not hasattr(self, "user"):
            return
        if not self.bucket.take():
            self.strikes += 1
            if self.strikes >= conf().throttle_strikes:
                await self.send_frame(frames.error("flood", "Too many frames: disconnected."))
                await self.close(code=CLOSE_FLOOD)
                return
            await self.send_frame(frames.error("throttled", "Too many frames: slow down."))
            return
        self.strikes = 0
        frame = self._parse(text_data)
        if isinstance(frame, str):
            await self.send_frame(frames.error("invalid", frame))
            return
        # A socket has no Accept-Language: refusals come in the member's profile language.
        with translation.override(self.user.language):
            await self.dispatch_frame(frame)

    def _parse(self, text_data: str | None) -> dict[str, Any] | str:
        if text_data is None:
            return "Frames are JSON text."
        if len(text_data) > conf().message_max_chars * 8 + 1024:
            return "This frame is too large."
        try:
            frame = json.loads(text_data)
        except ValueError:
            return "Frames are JSON text."
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            return 'A frame is a JSON object with a "type".'
        return frame

    async def dispatch_frame(self, frame: dict[str, Any]) -> None:
        kind, ref = frame["type"], frame.get("ref")
        try:
            if kind == "ping":
                await self.send_frame({"type": "pong", "ref": ref})
            elif kind == "room.join":
                group, snapshot = await database_sync_to_async(_room_join)(
                    self.user, frame.get("league"), frame.get("round")
                )
                await self.channel_layer.group_add(group, self.channel_name)
                self.joined.add(group)
                await self.send_frame(snapshot)
            elif kind == "room.leave":
                await self.leave_rooms()
            elif kind in WRITES:
                message_id = await database_sync_to_async(WRITES[kind])(self.user, frame)
                await self.send_frame({"type": "ack", "ref": ref, "id": message_id})
            else:
                await self.send_frame(frames.error("unknown_type", f"Unknown frame type {kind!r}."))
        except ApplicationError as exc:
            await self.send_frame(frames.error(exc.code, exc.message, ref=ref, **exc.extra))

    async def leave_rooms(self) -> None:
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.joined.clear()

    async def live_frame(self, event: dict[str, Any]) -> None:
        await self.send_frame(event["frame"])

    async def live_close(self, event: dict[str, Any]) -> None:
        await self.send_frame(frames.error("logged_out", "You logged out."))
        await self.close(code=int(event.get("code", 4001)))
