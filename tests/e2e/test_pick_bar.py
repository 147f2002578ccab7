"""The pick's bar on a phone: with a win, a place and an alternate chosen (three names to
say), the button that confirms the pick is whole on screen, and so is the word that the
pick is saved."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backend.game.models import Pick
from tests.e2e import world
from tests.e2e.conftest import SCREENSHOTS, assert_sticky_bar_fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WHOLE = """
(el) => {
  const r = el.getBoundingClientRect();
  const bar = el.closest('.sticky-bar').getBoundingClientRect();
  const nav = document.querySelector('.main-nav').getBoundingClientRect();
  return r.height > 0 && r.top >= bar.top - 0.5 && r.bottom <= bar.bottom + 0.5
    && r.bottom <= nav.top + 0.5 && r.left >= 0 && r.right <= innerWidth;
}
"""


@pytest.mark.parametrize("height", [780, 640])
def test_the_confirm_button_is_whole_with_three_runners_chosen(open_page: Any, height: int) -> None:
    race = world.race(number=1, post_time=timezone.now() + dt.timedelta(days=2))
    world.open_round(world.season(), race)
    player = world.player("bar@paddock.test", "Bar")
    page = open_page()
    page.set_viewport_size({"width": 360, "height": height})
    log_in(page, "bar@paddock.test", world.PASSWORD)
    page.goto("/pick")
    page.get_by_label(re.compile(r"^Win: No\. 10 ")).check()
    page.get_by_label(re.compile(r"^Place: No\. 9 ")).check()
    page.get_by_label(re.compile(r"^Alternate: No\. 4 ")).check()

    confirm = page.get_by_role("button", name="Confirm my pick")
    expect(confirm).to_be_visible()
    assert confirm.evaluate(WHOLE), "the confirm button is cut by the pick's bar"
    if height == 780:
        page.screenshot(path=str(SCREENSHOTS / "pick-bar-three-chosen-viewport-360.png"))
    confirm.click()

    saved = page.get_by_text("Your pick is saved.")
    expect(saved).to_be_visible()
    saved.scroll_into_view_if_needed()
    assert saved.evaluate(WHOLE), "the saved notice is cut by the pick's bar"
    assert Pick.objects.filter(player=player).values_list("win", "place", "alternate").get() == (
        10,
        9,
        4,
    )
    assert_sticky_bar_fits(page)
