"""Two players in two browsers talk in their league's race-day room through a real ASGI
server (daphne: HTTP and websockets), and each sees the other's message without reloading."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from backend.game.models import Pick
from backend.live.models import Report
from backend.live.services import rooms
from tests.e2e import world
from tests.e2e.conftest import CHROMIUM, PHONE, REPO, TIMEOUT_MS, log_in, shoot
from tests.factories import league_with

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[str]:
    """daphne serving the project on the test database, as production serves it."""
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM}")
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    if connection.vendor != "postgresql":
        pytest.skip("the ASGI server shares the test database: PostgreSQL only")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECURE_COOKIES": "0",
        # WhiteNoise serves the built web app from frontend/dist (no collectstatic).
        "DJANGO_DEBUG": "1",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
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
        cwd=REPO,
    )
    try:
        for _ in range(300):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_two_members_talk_in_the_race_day_room(
    browser: Any, asgi_server: str, settings: Any
) -> None:
    # The server process checks passwords with the project's hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    alice = world.player("alice@paddock.test", "Alice")
    bob = world.player("bob@paddock.test", "Bob")
    league = league_with(alice, bob, name="Turf Friends")
    the_round = world.open_round(
        world.season(), world.race(number=1, post_time=timezone.now() + dt.timedelta(hours=2))
    )
    Pick.objects.create(round=the_round, player=alice, win=3, place=5)
    Pick.objects.create(round=the_round, player=bob, win=7, place=1)
    world.lock(the_round)

    pages = []
    for email in ("alice@paddock.test", "bob@paddock.test"):
        context = browser.new_context(viewport=PHONE, locale="en-GB", base_url=asgi_server)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        log_in(page, email, world.PASSWORD)
        page.goto(f"/leagues/{league.public_id}")
        expect(page.get_by_role("heading", name="Race-day room")).to_be_visible()
        pages.append(page)
    alice_page, bob_page = pages

    # The picks are revealed in the room: the round is locked.
    expect(bob_page.get_by_text("win 3.", exact=False).first).to_be_visible()
    alice_page.get_by_placeholder("Message the league").fill("Come on number 3!")
    alice_page.get_by_role("button", name="Send", exact=True).click()
    expect(bob_page.get_by_text("Come on number 3!")).to_be_visible()
    bob_page.get_by_placeholder("Message the league").fill("<b>Seven</b> has it")
    bob_page.get_by_role("button", name="Send", exact=True).click()
    expect(alice_page.get_by_text("Seven has it")).to_be_visible()
    expect(alice_page.get_by_placeholder("Message the league")).to_have_value("")
    shoot(bob_page, "race-day-room")
    for page in pages:
        page.context.close()


def test_the_debrief_room_stays_beside_the_next_round_on_a_phone(
    browser: Any, asgi_server: str, settings: Any
) -> None:
    """Round 1 has just settled and round 2 is open: the league page keeps round 1's view and
    its race-day room for the debrief, above round 2's; another member's message is reported
    from the room."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    alice = world.player("alice@paddock.test", "Alice")
    bob = world.player("bob@paddock.test", "Bob")
    league = league_with(alice, bob, name="Turf Friends")
    the_season = world.season()
    settled = world.open_round(
        the_season, world.race(number=1, post_time=timezone.now() + dt.timedelta(hours=2))
    )
    Pick.objects.create(round=settled, player=alice, win=3, place=5)
    Pick.objects.create(round=settled, player=bob, win=7, place=1)
    world.settle(
        settled,
        world.outcome(finish={3: 1, 5: 2, 7: 3}, win={3: 590}, place={3: 210, 5: 180, 7: 300}),
    )
    world.open_round(
        the_season,
        world.race(number=2, post_time=timezone.now() + dt.timedelta(days=6), name="Prix de Diane"),
    )
    said = rooms.room_post(
        user=bob, league_public_id=league.public_id, round_id=settled.pk, text="Well picked, Alice"
    )

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", base_url=asgi_server
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    log_in(page, "alice@paddock.test", world.PASSWORD)
    page.goto(f"/leagues/{league.public_id}")
    room = page.get_by_role("region", name="Race-day room")
    expect(room.get_by_text("Round: settled")).to_be_visible()
    expect(page.get_by_role("table", name="Members' picks · Round 1")).to_contain_text("15.40")
    expect(page.get_by_role("table", name="Members' picks · Round 2")).to_be_attached()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the league page is {width}px wide on a 390px phone"

    room.get_by_role("button", name="Report the message from Bob").click()
    room.get_by_label("Why? A few words for the moderators").fill("Gloating")
    room.get_by_role("button", name="Send the report").click()
    expect(room.get_by_text("Thank you: the moderators will have a look.")).to_be_visible()
    assert room.get_by_role("button", name="Report the message from Alice").count() == 0
    report = Report.objects.get()
    assert (report.reporter, report.room_message_id, report.reason) == (alice, said.pk, "Gloating")
    shoot(page, "race-day-room-debrief")
    context.close()
