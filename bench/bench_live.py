"""The live layer under load: websockets held open, and a room's fan-out latency.

Serves the project with daphne (one process, the ASGI application of production) on
loopback, with the channel layer of the environment (Redis with REDIS_URL, the in-memory
layer otherwise), and drives it from this process with asyncio websocket clients, each
signed in with its own session cookie:

(a) connected clients: open N sockets (default 1,000), each past its `hello` frame, then
    every one answers a ping while all are open — floor: 1,000;
(b) fan-out: 50 of them are the members of one league, in its race-day room; members take
    turns posting, and every message's delivery to each of the 50 is timed — floor: p99
    under 200 ms. Baseline, same run: one socket's ping round trip (p99) while all are open.

    python -m bench.bench_live [--clients N] [--messages M] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from typing import Any

import numpy as np

from bench.common import bench_database, machine, make_players, table, verdict

CLIENTS_FLOOR = 1000
ROOM_SIZE = 50
FANOUT_P99_FLOOR = 0.200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _sessions(count: int) -> list[str]:
    """A signed-in session for players 1..count (their cookie values)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from backend.accounts.models import User

    keys = []
    for user in User.objects.filter(pk__lte=count).order_by("pk"):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(str(store.session_key))
    return keys


def _room() -> tuple[str, int]:
    """A league of players 1..50 on a locked round: its public id and the round."""
    from django.utils import timezone

    from backend.game.models import Round, Season
    from backend.leagues.models import League, Membership
    from backend.racing.models import Meeting, Race

    post = timezone.now() - dt.timedelta(minutes=5)
    season = Season.objects.create(
        name_en="Bench season",
        name_fr="Saison du banc",
        starts_on=post.date() - dt.timedelta(days=60),
        ends_on=post.date() + dt.timedelta(days=60),
        status=Season.Status.ACTIVE,
    )
    meeting = Meeting.objects.create(date=post.date(), number=1, racecourse="Longchamp")
    race = Race.objects.create(meeting=meeting, number=4, name="Prix Bench", post_time=post)
    game_round = Round.objects.create(
        season=season, race=race, number=1, locks_at=post, status=Round.Status.LOCKED
    )
    league = League.objects.create(name="Bench league", owner_id=1)
    Membership.objects.bulk_create(
        Membership(league=league, player_id=pk, role="owner" if pk == 1 else "member")
        for pk in range(1, ROOM_SIZE + 1)
    )
    return league.public_id, game_round.pk


class Client:
    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.waiters: dict[str, asyncio.Future[Any]] = {}
        self.arrivals: dict[int, float] = {}
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            frame = json.loads(raw)
            if frame["type"] == "room.message":
                self.arrivals[frame["message"]["id"]] = time.perf_counter()
            waiter = self.waiters.pop(frame["type"], None)
            if waiter is not None and not waiter.done():
                waiter.set_result(frame)

    async def ask(self, frame: dict[str, Any], answer: str) -> Any:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.waiters[answer] = future
        await self.ws.send(json.dumps(frame))
        return await asyncio.wait_for(future, 30)


async def _connect(url: str, cookie: str) -> Client | None:
    import websockets
    from websockets.typing import Origin

    try:
        ws = await websockets.connect(
            url,
            origin=Origin("http://127.0.0.1"),
            additional_headers={"Cookie": f"sessionid={cookie}"},
            open_timeout=30,
            max_queue=None,
        )
        first = json.loads(await asyncio.wait_for(ws.recv(), 30))
    except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as exc:
        print(f"connect failed: {exc!r}", file=sys.stderr)
        return None
    return Client(ws) if first.get("type") == "hello" else None


async def _drive(
    url: str, cookies: list[str], messages: int, room: tuple[str, int]
) -> dict[str, Any]:
    clients: list[Client | None] = []
    started = time.perf_counter()
    for start in range(0, len(cookies), 100):
        batch = cookies[start : start + 100]
        clients.extend(await asyncio.gather(*(_connect(url, c) for c in batch)))
    connect_seconds = time.perf_counter() - started
    alive = [c for c in clients if c is not None]
    pongs = await asyncio.gather(
        *(c.ask({"type": "ping"}, "pong") for c in alive), return_exceptions=True
    )
    answering = sum(1 for p in pongs if isinstance(p, dict))
    pings = []
    for _ in range(50):
        t0 = time.perf_counter()
        await alive[-1].ask({"type": "ping"}, "pong")
        pings.append(time.perf_counter() - t0)
    members = [c for c in clients[:ROOM_SIZE] if c is not None]
    where = {"league": room[0], "round": room[1]}
    for member in members:
        await member.ask({"type": "room.join", **where}, "room.joined")
    latencies: list[float] = []
    for n in range(messages):
        sender = members[n % len(members)]
        sent = time.perf_counter()
        ack = await sender.ask({"type": "room.send", "text": f"message {n}", **where}, "ack")
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and any(ack["id"] not in m.arrivals for m in members):
            await asyncio.sleep(0.001)
        latencies.extend(m.arrivals.get(ack["id"], float("inf")) - sent for m in members)
        await asyncio.sleep(0.02)
    for client in alive:
        await client.ws.close()
    return {
        "connected": len(alive),
        "answering": answering,
        "connect_seconds": connect_seconds,
        "ping_p99": float(np.percentile(pings, 99)),
        "fanout": np.array(latencies),
        "room": len(members),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=CLIENTS_FLOOR)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    with bench_database("live") as url:
        make_players(args.clients)
        cookies = _sessions(args.clients)
        room = _room()
        from django.conf import settings

        layer = str(settings.CHANNEL_LAYERS["default"]["BACKEND"]).rsplit(".", 1)[-1]
        port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "ALLOWED_HOSTS": "127.0.0.1",
            # Limits are not what is measured: the baseline pings one socket 50 times.
            "LIVE_POSTS_PER_MINUTE": "100000",
            "LIVE_BUCKET_CAPACITY": "1000",
            "LOG_LEVEL": "WARNING",
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "backend.config.asgi:application",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            _wait_for(port)
            figures = asyncio.run(
                _drive(f"ws://127.0.0.1:{port}/ws/live/", cookies, args.messages, room)
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    return _report(figures, layer, args.clients)


def _wait_for(port: int) -> None:
    for _ in range(300):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit("daphne did not start")


def _report(figures: dict[str, Any], layer: str, wanted: int) -> int:
    fanout = figures["fanout"]
    p50, p99 = (float(np.percentile(fanout, q)) for q in (50, 99))
    print(machine())
    print(f"server: daphne, 1 process; channel layer: {layer}")
    print(
        table(
            "live layer",
            ["measure", "figure", "baseline", "ratio", "floor"],
            [
                [
                    "connected clients (answering a ping)",
                    figures["answering"],
                    wanted,
                    figures["answering"] / wanted,
                    f">= {CLIENTS_FLOOR}",
                ],
                ["connect all (s)", round(figures["connect_seconds"], 2), "", "", ""],
                [
                    f"room fan-out p50 (ms, {figures['room']} members)",
                    round(p50 * 1000, 1),
                    round(figures["ping_p99"] * 1000, 1),
                    p50 / figures["ping_p99"],
                    "",
                ],
                [
                    f"room fan-out p99 (ms, {figures['room']} members)",
                    round(p99 * 1000, 1),
                    round(figures["ping_p99"] * 1000, 1),
                    p99 / figures["ping_p99"],
                    f"< {FANOUT_P99_FLOOR * 1000:.0f}",
                ],
            ],
        )
    )
    print("baseline: one socket's ping round trip, p99, with every client connected (same run)")
    return verdict(
        [
            (
                f"{figures['answering']} clients connected and answering (floor {CLIENTS_FLOOR})",
                figures["answering"] >= CLIENTS_FLOOR,
            ),
            (
                f"fan-out to {figures['room']} members p99 {p99 * 1000:.1f} ms (floor < 200 ms)",
                p99 < FANOUT_P99_FLOOR and figures["room"] == ROOM_SIZE,
            ),
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
