"""The "Ask a helper" toggle on a phone lives in the header, so it never covers a control of
the page as the player scrolls; on a desktop it floats at the bottom right with its label."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e import world
from tests.e2e.conftest import DESKTOP, PHONE, assert_fits_phone, log_in, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COVERED = """
(toggle) => {
  const box = toggle.getBoundingClientRect();
  const hit = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left < box.right && r.right > box.left
      && r.top < box.bottom && r.bottom > box.top;
  };
  return [...document.querySelectorAll('main button, main a[href], main input, main select')]
    .filter(hit).map((el) => el.outerHTML.slice(0, 100));
}
"""


def test_the_help_toggle_covers_no_control_of_the_pick_page_on_a_phone(open_page: Any) -> None:
    race = world.race(number=1, post_time=timezone.now() + dt.timedelta(days=2))
    world.open_round(world.season(), race)
    world.player("toggle@paddock.test", "Toggle")
    page = open_page()
    log_in(page, "toggle@paddock.test", world.PASSWORD)
    page.goto("/pick")
    page.locator("li.runner").first.wait_for()

    toggle = page.get_by_role("button", name="Ask a helper")
    expect(toggle).to_be_visible()
    assert toggle.evaluate("el => !!el.closest('.site-header')")
    box = toggle.bounding_box()
    assert box["width"] >= 44, box
    assert box["height"] >= 44, box
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height, PHONE["height"] // 3):
        page.evaluate(f"window.scrollTo(0, {y})")
        assert toggle.evaluate(COVERED) == [], f"the toggle covers a control at scroll {y}"
    page.evaluate("window.scrollTo(0, 0)")

    toggle.click()
    panel = page.get_by_role("region", name="Live help")
    expect(panel).to_be_visible()
    inside = panel.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " const nav = document.querySelector('.main-nav').getBoundingClientRect();"
        " return r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= nav.top; }"
    )
    assert inside, "the help panel leaves the screen or slides under the thumb bar"
    expect(panel.get_by_label("Your question")).to_be_visible()
    shoot(page, "live-help-open")
    panel.get_by_label("Your question").focus()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(toggle).to_be_focused()

    page.set_viewport_size(DESKTOP)
    expect(toggle).to_have_text("Ask a helper")
    floating = toggle.evaluate("el => getComputedStyle(el).position")
    assert floating == "fixed"


def test_a_long_display_name_keeps_the_phone_header_on_screen(open_page: Any) -> None:
    world.player("longname@paddock.test", "Paddock operator of the week")
    page = open_page()
    log_in(page, "longname@paddock.test", world.PASSWORD)
    page.goto("/")
    expect(page.get_by_role("button", name="Ask a helper")).to_be_visible()
    assert_fits_phone(page)
    name = page.locator(".account-name")
    assert name.evaluate("el => el.scrollWidth > el.clientWidth"), "the name is not shortened"
