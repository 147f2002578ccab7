"""Shared links preview: Open Graph and Twitter tags on invites and rounds, and their PNG."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from PIL import Image

from backend.web import share
from tests.factories import (
    LeagueFactory,
    PickFactory,
    RoundFactory,
    UserFactory,
    race_with_runners,
)

pytestmark = pytest.mark.django_db


def tags(body: str) -> dict[str, str]:
    found = re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)">', body)
    return dict(found)


def image_of(client: Client, url: str) -> Image.Image:
    parts = urlsplit(url)
    assert parts.netloc == "paddock.example"
    response = client.get(parts.path, {"v": parts.query.removeprefix("v=")})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


def test_an_invite_link_previews_the_league_and_this_weeks_race(built: Path) -> None:
    owner = UserFactory.create(display_name="Secret Owner", email="owner@example.com")
    league = LeagueFactory.create(name="Les Turfistes", owner=owner)
    RoundFactory.create(race=race_with_runners(8, name="Prix de Diane"))
    code = league.invite_codes.get().code
    client = Client(headers={"accept-language": "en"})
    body = client.get(f"/leagues/join/{code}").content.decode()
    og = tags(body)
    assert og["og:title"] == "Join “Les Turfistes” on Paddock"
    assert "This week: Prix de Diane · " in og["og:description"]
    assert og["og:url"] == f"https://paddock.example/leagues/join/{code}"
    assert og["twitter:card"] == "summary_large_image"
    assert og["twitter:image"] == og["og:image"]
    assert "Secret Owner" not in body
    assert "owner@example.com" not in body
    image = image_of(client, og["og:image"])
    assert image.size == (share.WIDTH, share.HEIGHT) == (int(og["og:image:width"]), 630)


def test_a_dead_invite_code_previews_nothing(built: Path) -> None:
    body = Client().get("/leagues/join/no-such-code").content.decode()
    assert tags(body) == {}
    assert Client().get("/og/en/invite/no-such-code.png").status_code == 404


def test_a_round_previews_its_race_and_the_crowds_favourite_only_after_the_lock(
    built: Path,
) -> None:
    open_round = RoundFactory.create()
    PickFactory.create(round=open_round, win=4, place=5)
    body = Client().get(f"/rounds/{open_round.pk}").content.decode()
    og = tags(body)
    assert open_round.race.name in og["og:title"]
    favourite = open_round.race.runners.get(number=4).name
    assert favourite not in og["og:description"]  # picks are private until the lock

    locked = RoundFactory.create(locked=True)
    for _ in range(2):
        PickFactory.create(round=locked, win=7, place=2)
    PickFactory.create(round=locked, win=3, place=2)
    og = tags(
        Client(headers={"accept-language": "fr"}).get(f"/rounds/{locked.pk}").content.decode()
    )
    name = locked.race.runners.get(number=7).name
    assert f"Le favori des joueurs : 7. {name}." in og["og:description"]
    assert og["og:locale"] == "fr_FR"
    assert image_of(Client(), og["og:image"]).format == "PNG"


def test_the_card_is_drawn_once_per_content_version(built: Path) -> None:
    card = share.Card("t", "d", "Les Turfistes", "This week", "Prix de Diane")
    first = share.card_png(card)
    files = list((built / "media" / "og").iterdir())
    assert [f.name for f in files] == [f"{card.version}.png"]
    files[0].write_bytes(b"cached")
    assert share.card_png(card) == b"cached"  # read back, not drawn again
    renamed = share.Card("t", "d", "Les Cracks", "This week", "Prix de Diane")
    assert renamed.version != card.version
    assert share.card_png(renamed) != b"cached"
    assert first[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_unknown_round_or_a_draft_previews_nothing(built: Path) -> None:
    draft = RoundFactory.create(status="draft")
    for path in (f"/rounds/{draft.pk}", "/rounds/999999", "/rounds/abc"):
        assert tags(Client().get(path).content.decode()) == {}
    assert Client().get(f"/og/en/round/{draft.pk}.png").status_code == 404
