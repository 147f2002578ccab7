"""The runners' silks on the pick card, in a real browser under the strict CSP: our copy shows,
and a runner whose silks cannot be had shows none (no broken image)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from backend.racing.models import Silks
from tests.e2e import world
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KEPT = "https://www.pmu.fr/back-assets/hippique/casaques/05112025/R1/C1/P1.png"


def test_the_pick_card_shows_our_copy_of_the_silks(open_page: Any) -> None:
    race = world.race(number=1, post_time=timezone.now() + dt.timedelta(days=2))
    world.open_round(world.season(), race)
    image = io.BytesIO()
    Image.new("RGB", (80, 64), "#1d4ed8").save(image, format="PNG")
    Silks.objects.create(url=KEPT, image=image.getvalue())
    race.runners.filter(number=1).update(silks_url=KEPT)
    race.runners.filter(number=2).update(silks_url="https://elsewhere.example/P2.png")
    world.player("silks@paddock.test", "Silks")

    page = open_page()
    log_in(page, "silks@paddock.test", world.PASSWORD)
    page.goto("/pick")

    first = page.locator("li.runner").nth(0)
    silks = first.locator("img.silks")
    expect(silks).to_be_visible()
    # Loaded from our origin under the CSP (decode() fails for an image that did not load).
    assert silks.evaluate("img => img.decode().then(() => img.naturalWidth)") == 80
    assert silks.get_attribute("src").startswith("/silks/")
    # Not allowed to be fetched: the image leaves, nothing broken in its place.
    expect(page.locator("li.runner").nth(1).locator("img")).to_have_count(0)
    expect(page.locator("li.runner").nth(2).locator("img")).to_have_count(0)
