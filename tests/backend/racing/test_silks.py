"""The runners' silks: stored from the feed, shown by the API, served from our own origin."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from PIL import Image
from pytest_django import Settings

from backend.racing.feeds import PMU, card_parse
from backend.racing.models import Race, Runner, Silks
from backend.racing.services import card_apply
from importers import FeedError, pmu

from .conftest import REAL_DAY, PmuServer, csv_race, eight_runners, pmu_programme
from .test_card_import import apply_csv, real_card

pytestmark = pytest.mark.django_db

NANTES_P1 = "https://www.pmu.fr/back-assets/hippique/casaques/05112025/R1/C1/P1.png"


def png(size: tuple[int, int] = (200, 160), colour: str = "#c8102e") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def race() -> Race:
    apply_csv(csv_race(eight_runners()))
    return Race.objects.select_related("meeting").get()


@pytest.fixture
def feed(pmu_server: PmuServer, settings: Settings) -> PmuServer:
    """The local feed serves silks; its host is the one allowed."""
    settings.PADDOCK_RACING = {**settings.PADDOCK_RACING, "SILKS_HOSTS": "127.0.0.1"}
    cache.clear()
    return pmu_server


def with_silks(race: Race, number: int, url: str) -> Runner:
    runner = race.runners.get(number=number)
    runner.silks_url = url
    runner.save(update_fields=["silks_url"])
    return runner


# --- the feed -------------------------------------------------------------------------------


@pytest.mark.realdata
def test_it_stores_the_silks_address_of_a_real_card(real_files: dict[str, Path]) -> None:
    parsed = real_card(real_files)

    card_apply(cards=parsed.cards, runners=parsed.runners, day=REAL_DAY)

    race = Race.objects.get(meeting__date=REAL_DAY, meeting__number=1, number=1)
    runners = {r.number: r.silks_url for r in race.runners.all()}
    assert runners[1] == NANTES_P1
    assert runners[14].endswith("/05112025/R1/C1/P14.png")


def test_a_card_without_silks_keeps_the_stored_ones(race: Race) -> None:
    with_silks(race, 2, NANTES_P1)

    again = apply_csv(csv_race(eight_runners()))

    assert race.runners.get(number=2).silks_url == NANTES_P1
    assert not again.changed


@pytest.mark.parametrize("value", ["javascript:alert(1)", "/casaques/P1.png", 42])
def test_the_parser_refuses_a_silks_value_that_is_no_image_address(value: object) -> None:
    doc = f'{{"participants": [{{"numPmu": 1, "nom": "A", "urlCasaque": {value!r}}}]}}'

    with pytest.raises(FeedError, match="urlCasaque"):
        pmu.parse_participants(doc.replace("'", '"').encode())


def test_a_card_with_a_refused_silks_value_is_refused_whole() -> None:
    post = dt.datetime(2025, 11, 5, 13, 0, tzinfo=dt.UTC)
    bad = b'{"participants": [{"numPmu": 1, "nom": "A", "urlCasaque": "ftp://x/P1.png"}]}'

    with pytest.raises(FeedError, match=r"participants\[0\]\.urlCasaque"):
        card_parse(
            source=PMU,
            raw=pmu_programme([{"number": 1, "post": post}]),
            name="programme.json",
            participants={"participants_R1_C1.json": bad},
        )

    assert Race.objects.count() == Runner.objects.count() == 0


# --- the API --------------------------------------------------------------------------------


def test_the_race_card_names_our_copy_of_the_silks(api_as: Any, member: Any, race: Race) -> None:
    runner = with_silks(race, 2, NANTES_P1)

    body = api_as(member).get(f"/api/v1/racing/races/{race.pk}/").json()

    silks = {r["number"]: r["silks"] for r in body["runners"]}
    assert silks[2].startswith(f"/silks/{runner.pk}.png?v=")
    assert silks[1] is None
    # Another address from the feed is another version: caches do not keep the old image.
    with_silks(race, 2, NANTES_P1.replace("P1", "P9"))
    again = api_as(member).get(f"/api/v1/racing/races/{race.pk}/").json()
    assert {r["number"]: r["silks"] for r in again["runners"]}[2] != silks[2]


# --- our copy -------------------------------------------------------------------------------


def test_it_copies_the_feeds_image_once_and_serves_it(
    client: Any, feed: PmuServer, race: Race
) -> None:
    feed.serve("/casaques/P2.png", png())
    runner = with_silks(race, 2, feed.base_url.split("/rest")[0] + "/casaques/P2.png")

    first = client.get(f"/silks/{runner.pk}.png")
    second = client.get(f"/silks/{runner.pk}.png")

    assert first.status_code == 200
    assert first["Content-Type"] == "image/png"
    assert "public" in first["Cache-Control"]
    image = Image.open(io.BytesIO(first.content))
    assert image.format == "PNG"
    assert max(image.size) == 96  # scaled down, proportions kept
    assert image.size == (96, 77)
    assert image.convert("RGB").getpixel((10, 10)) == (200, 16, 46)
    assert second.content == first.content
    assert feed.requests == ["/casaques/P2.png"]  # fetched once, then our copy
    assert Silks.objects.count() == 1


def test_it_never_fetches_from_a_host_not_allowed(client: Any, feed: PmuServer, race: Race) -> None:
    runner = with_silks(race, 2, "https://tracker.example/casaques/P2.png")

    response = client.get(f"/silks/{runner.pk}.png")

    assert response.status_code == 404
    assert Silks.objects.count() == 0


def test_it_serves_nothing_for_a_runner_without_silks(client: Any, race: Race) -> None:
    runner = race.runners.get(number=1)

    assert client.get(f"/silks/{runner.pk}.png").status_code == 404
    assert client.get("/silks/999999.png").status_code == 404


@pytest.mark.parametrize(
    ("status", "body"),
    [(200, b"<html>not an image</html>"), (500, b""), (200, png((2000, 2000)))],
)
def test_a_bad_answer_is_kept_as_nothing_and_not_asked_again_at_once(
    client: Any, feed: PmuServer, race: Race, status: int, body: bytes
) -> None:
    feed.serve("/casaques/P3.png", body, status)
    runner = with_silks(race, 3, feed.base_url.split("/rest")[0] + "/casaques/P3.png")

    assert client.get(f"/silks/{runner.pk}.png").status_code == 404
    assert client.get(f"/silks/{runner.pk}.png").status_code == 404

    assert feed.requests == ["/casaques/P3.png"]
    assert Silks.objects.count() == 0
