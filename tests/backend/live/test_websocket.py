"""The websocket through the real ASGI application: session authentication, origin
check, flood control, bad messages, acknowledgement after the commit, the close on logout,
room membership, and the round's status pushed into rooms."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import override_settings
from django.utils import timezone

from backend.accounts.models import User
from backend.game.models import Round
from backend.game.services import rounds_advance
from backend.leagues.models import League
from backend.live.models import RoomMessage
from backend.live.services.rooms import round_status_push
from tests.factories import (
    PickFactory,
    RoundFactory,
    RoundScoreFactory,
    StandingFactory,
    league_with,
    lock,
)

from .conftest import (
    communicator,
    cookie_of,
    receive,
    receive_type,
    send,
    session_cookie,
    signed_in,
)

pytestmark = pytest.mark.django_db(transaction=True)


def run(body: Any) -> None:
    async_to_sync(body)()


def test_anonymous_socket_is_told_and_closed() -> None:
    async def body() -> None:
        socket = communicator()
        connected, _ = await socket.connect()
        assert connected
        frame = await receive(socket)
        assert frame == {"type": "error", "code": "not_authenticated", "detail": "Log in first."}
        assert (await socket.receive_output(timeout=3))["code"] == 4003

    run(body)


def test_foreign_origin_is_refused(owner: User) -> None:
    _, cookie = session_cookie(owner)

    async def body() -> None:
        socket = communicator(cookie, origin=b"https://evil.example")
        connected, _ = await socket.connect()
        assert not connected

    run(body)


@override_settings(
    PADDOCK_LIVE={"BUCKET_CAPACITY": 3, "BUCKET_REFILL_PER_SECOND": 0.001, "THROTTLE_STRIKES": 2}
)
def test_flood_is_throttled_then_disconnected(owner: User) -> None:
    owner_cookie = cookie_of(owner)

    async def body() -> None:
        socket = await signed_in(owner_cookie)
        for ref in range(3):
            await send(socket, {"type": "ping", "ref": ref})
            assert await receive(socket) == {"type": "pong", "ref": ref}
        await send(socket, {"type": "ping"})
        assert (await receive(socket))["code"] == "throttled"
        await send(socket, {"type": "ping"})
        assert (await receive(socket))["code"] == "flood"
        assert (await socket.receive_output(timeout=3))["code"] == 4008

    run(body)


def test_bad_messages_get_clear_error_frames(room: tuple[League, Round], owner: User) -> None:
    league, game_round = room
    where = {"league": league.public_id, "round": game_round.pk}

    owner_cookie = cookie_of(owner)

    async def body() -> None:
        socket = await signed_in(owner_cookie)
        cases = [
            ("   ", "empty"),
            ("x" * 1001, "too_long"),
            ("<script>x()</script>", "unsanitisable"),
        ]
        for text, code in cases:
            await send(socket, {"type": "room.send", "ref": code, "text": text, **where})
            frame = await receive(socket)
            assert (frame["type"], frame["code"], frame["ref"]) == ("error", code, code)
            assert frame["detail"]
        await send(socket, {"type": "room.send", "text": 42, **where})
        assert (await receive(socket))["code"] == "invalid_text"
        await socket.send_to(text_data="not json")
        assert (await receive(socket))["code"] == "invalid"
        await send(socket, {"type": "nope"})
        assert (await receive(socket))["code"] == "unknown_type"
        await socket.disconnect()

    run(body)
    assert not RoomMessage.objects.exists()


def test_ack_comes_after_the_commit_and_the_message_is_in_history(
    room: tuple[League, Round], owner: User, member: User
) -> None:
    league, game_round = room
    where = {"league": league.public_id, "round": game_round.pk}

    member_cookie = cookie_of(member)
    owner_cookie = cookie_of(owner)

    async def body() -> None:
        alice, bob = await signed_in(owner_cookie), await signed_in(member_cookie)
        for socket in (alice, bob):
            await send(socket, {"type": "room.join", **where})
            joined = await receive_type(socket, "room.joined")
            assert joined["history"] == []
        await send(alice, {"type": "room.send", "ref": "a1", "text": "Go <b>Rapide</b>!", **where})
        ack = await receive_type(alice, "ack")
        assert ack["ref"] == "a1"
        stored = await sync_to_async(RoomMessage.objects.get)(pk=ack["id"])
        assert stored.text == "Go Rapide!"
        pushed = await receive_type(bob, "room.message")
        assert pushed["message"]["id"] == ack["id"]
        assert pushed["message"]["name"] == "Alice"
        late = await signed_in(member_cookie)
        await send(late, {"type": "room.join", **where})
        history = (await receive_type(late, "room.joined"))["history"]
        assert [m["id"] for m in history] == [ack["id"]]
        for socket in (alice, bob, late):
            await socket.disconnect()

    run(body)


def test_the_room_reveals_picks_and_keeps_outsiders_out(
    room: tuple[League, Round], owner: User, outsider: User
) -> None:
    league, game_round = room
    open_round = RoundFactory.create()
    PickFactory.create(round=open_round, player=owner)

    outsider_cookie = cookie_of(outsider)
    owner_cookie = cookie_of(owner)

    async def body() -> None:
        alice, charlie = await signed_in(owner_cookie), await signed_in(outsider_cookie)
        await send(alice, {"type": "room.join", "league": league.public_id, "round": game_round.pk})
        picks = (await receive_type(alice, "room.joined"))["picks"]
        assert {(p["name"], p["win"], p["place"]) for p in picks} == {
            ("Alice", 1, 2),
            ("Bob", 3, 4),
        }
        await send(
            charlie, {"type": "room.join", "league": league.public_id, "round": game_round.pk}
        )
        assert (await receive(charlie))["code"] == "not_found"
        await send(alice, {"type": "room.join", "league": league.public_id, "round": open_round.pk})
        assert (await receive(alice))["code"] == "room_closed"
        await send(
            charlie,
            {"type": "room.send", "text": "hi", "league": league.public_id, "round": game_round.pk},
        )
        assert (await receive(charlie))["code"] == "not_found"
        for socket in (alice, charlie):
            await socket.disconnect()

    run(body)
    assert not RoomMessage.objects.exists()


def test_logout_closes_the_players_sockets(owner: User) -> None:
    client, cookie = session_cookie(owner)

    async def body() -> None:
        socket = communicator(cookie)
        assert (await socket.connect())[0]
        assert (await receive(socket))["type"] == "hello"
        await sync_to_async(client.logout)()
        assert (await receive(socket))["code"] == "logged_out"
        assert (await socket.receive_output(timeout=3))["code"] == 4001

    run(body)


def test_the_lock_is_pushed_into_the_room_with_the_picks(
    eager_celery: None, owner: User, member: User
) -> None:
    league = league_with(owner, member)
    game_round = RoundFactory.create()
    PickFactory.create(round=game_round, player=owner, win=5, place=6)
    PickFactory.create(round=game_round, player=member, win=7, place=8)
    lock(game_round)

    member_cookie = cookie_of(member)

    async def body() -> None:
        bob = await signed_in(member_cookie)
        await sync_to_async(rounds_advance)()
        everyone = await receive_type(bob, "round")
        assert everyone == {"type": "round", "round": game_round.pk, "status": "locked"}
        await send(bob, {"type": "room.join", "league": league.public_id, "round": game_round.pk})
        joined = await receive_type(bob, "room.joined")
        assert {(p["name"], p["win"]) for p in joined["picks"]} == {("Alice", 5), ("Bob", 7)}
        await bob.disconnect()

    run(body)
    assert Round.objects.get(pk=game_round.pk).status == Round.Status.LOCKED
    assert timezone.now() > Round.objects.get(pk=game_round.pk).locks_at


def test_the_settlement_is_pushed_with_points_and_the_new_table(owner: User, member: User) -> None:
    league = league_with(owner, member)
    game_round = RoundFactory.create(settled=True, settled_at=timezone.now())
    for player, points in ((owner, 420), (member, 0)):
        PickFactory.create(round=game_round, player=player)
        RoundScoreFactory.create(round=game_round, player=player, win_points=points)
        StandingFactory.create(
            season=game_round.season, player=player, points=points, rank=1 if points else 2
        )
    member_cookie = cookie_of(member)

    async def body() -> None:
        bob = await signed_in(member_cookie)
        await send(bob, {"type": "room.join", "league": league.public_id, "round": game_round.pk})
        await receive_type(bob, "room.joined")
        told = await sync_to_async(round_status_push)(round_id=game_round.pk, status="settled")
        assert told == 1
        frame = await receive_type(bob, "room.status")
        assert frame["status"] == "settled"
        assert [(p["name"], p["points"], p["rank"]) for p in frame["points"]] == [
            ("Alice", 420, 1),
            ("Bob", 0, 2),
        ]
        assert [(row["name"], row["rank"]) for row in frame["table"]] == [("Alice", 1), ("Bob", 2)]
        await bob.disconnect()

    run(body)
