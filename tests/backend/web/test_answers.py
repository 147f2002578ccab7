"""A signed-in page carries its first API answers, the same the API gives, so its content
does not wait for a round trip after the script; a visitor's page carries none."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.factories import RoundFactory, UserFactory

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
BLOCK = re.compile(r'<script type="application/json" id="paddock-answers">(.*?)</script>', re.S)


def answers(body: str) -> dict[str, Any] | None:
    found = BLOCK.search(body)
    return json.loads(found.group(1)) if found else None


def test_the_pick_page_carries_the_player_and_the_open_rounds_as_the_api_gives_them(
    built: Path,
) -> None:
    RoundFactory.create()
    client = Client()
    client.force_login(UserFactory.create(display_name="Camille <b>"))

    # As a browser asks for a page (HTML first): the answers are still the API's JSON.
    body = client.get("/pick", HTTP_ACCEPT=BROWSER).content.decode()

    sent = answers(body)
    assert sent is not None
    assert set(sent) == {"/api/v1/accounts/me/", "/api/v1/game/rounds/?when=current"}
    for url, answer in sent.items():
        assert answer == client.get(url).json()
    assert sent["/api/v1/game/rounds/?when=current"]["results"]
    # Inside a data block, never run, and no markup from the data can close it.
    assert "Camille <b>" not in body
    assert "Camille \\u003cb>" in body


def test_the_profile_carries_what_its_first_screen_shows(built: Path) -> None:
    client = Client()
    client.force_login(UserFactory.create())

    sent = answers(client.get("/profile", HTTP_ACCEPT=BROWSER).content.decode())

    assert sent is not None
    assert set(sent) == {
        "/api/v1/accounts/me/",
        "/api/v1/game/me/picks/",
        "/api/v1/community/missions/",
    }  # no current season here: the API's 404 is left for the page to ask
    for url, answer in sent.items():
        assert answer == client.get(url).json()


def test_a_page_without_answers_of_its_own_carries_the_player_only(built: Path) -> None:
    client = Client()
    client.force_login(UserFactory.create())

    sent = answers(client.get("/community", HTTP_ACCEPT=BROWSER).content.decode())

    assert sent is not None
    assert list(sent) == ["/api/v1/accounts/me/"]


def test_a_visitors_page_carries_no_answers(built: Path) -> None:
    assert answers(Client().get("/pick").content.decode()) is None
    assert answers(Client().get("/").content.decode()) is None
