"""The live layer's fixtures: a socket signed in as a player through the real ASGI
application (origin check, session cookie), and a league's race-day room."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from channels.testing import WebsocketCommunicator
from django.test import Client

from backend.accounts.models import User
from backend.config.asgi import application
from backend.game.models import Round
from backend.leagues.models import League
from backend.live.models import RoomMessage
from backend.live.services.rooms import room_post
from tests.factories import PickFactory, RoundFactory, league_with

ORIGIN = b"http://testserver"


def session_cookie(user: User) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    return client, client.cookies["sessionid"].value


def cookie_of(user: User) -> str:
    """A session cookie of `user` (call it before the test's async body runs)."""
    return session_cookie(user)[1]


def communicator(cookie: str | None = None, origin: bytes = ORIGIN) -> WebsocketCommunicator:
    headers = [(b"origin", origin), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return WebsocketCommunicator(application, "/ws/live/", headers=headers)


async def receive(socket: WebsocketCommunicator, timeout: float = 3) -> dict[str, Any]:
    return json.loads(await socket.receive_from(timeout=timeout))


async def receive_type(
    socket: WebsocketCommunicator, kind: str, timeout: float = 3
) -> dict[str, Any]:
    """The next frame of this type (frames of other types before it are skipped)."""
    while True:
        frame = await receive(socket, timeout)
        if frame["type"] == kind:
            return frame


async def signed_in(cookie: str) -> WebsocketCommunicator:
    """A connected socket of the session `cookie` (see `session_cookie`), past its hello."""
    socket = communicator(cookie)
    connected, _ = await socket.connect()
    assert connected
    assert (await receive(socket))["type"] == "hello"
    return socket


Send = Callable[[WebsocketCommunicator, dict[str, Any]], Awaitable[None]]


async def send(socket: WebsocketCommunicator, frame: dict[str, Any]) -> None:
    await socket.send_to(text_data=json.dumps(frame))


@pytest.fixture
def room(transactional_db: None, owner: User, member: User) -> tuple[League, Round]:
    """Alice's league with Bob, on a locked round both picked in."""
    league = league_with(owner, member)
    game_round = RoundFactory.create(locked=True)
    PickFactory.create(round=game_round, player=owner, win=1, place=2)
    PickFactory.create(round=game_round, player=member, win=3, place=4)
    return league, game_round


@pytest.fixture
def said(owner: User, member: User) -> RoomMessage:
    """Alice's rude message in the race-day room of her league with Bob."""
    league = league_with(owner, member)
    game_round = RoundFactory.create(locked=True)
    return room_post(
        user=owner, league_public_id=league.public_id, round_id=game_round.pk, text="you lot!"
    )
