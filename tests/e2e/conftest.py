"""End-to-end tests: Debian's chromium, driven by Playwright, against a live Django server.

The browser is the system's (`/usr/bin/chromium`, no `playwright install`). Without it, or
without a built web app, the tests skip with the reason, except in CI where that is a
failure. Every test writes screenshots at 360 and 1280 px into tmp/artifacts/screenshots/
(PADDOCK_ARTIFACTS moves it); the path is printed at the end of the run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail

# Playwright's sync API runs an event loop in this thread; Django would then refuse the
# test's own ORM calls as "async unsafe". The tests are synchronous: allow them.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("PADDOCK_CHROMIUM", "/usr/bin/chromium"))
MANIFEST = REPO / "frontend" / "dist" / ".vite" / "manifest.json"
ARTIFACTS = Path(os.environ.get("PADDOCK_ARTIFACTS", REPO / "tmp" / "artifacts"))
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the end-to-end tests", pytrace=False)
    pytest.skip(f"{reason}; CI runs these tests")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    if not MANIFEST.exists():
        _unavailable("the web app is not built (run make frontend)")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only where a browser runs

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _served_over_http(settings: Any, live_server: Any) -> None:
    """The live server speaks plain HTTP on loopback: cookies cannot be Secure-only, and
    the links in emails and invitations must point at it."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SITE_URL = live_server.url


@pytest.fixture
def open_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """open_page(locale="en-GB") -> a new phone-sized page in its own browser context."""
    contexts: list[Any] = []

    def make(locale: str = "en-GB", time_zone: str = "Europe/Paris") -> Any:
        context = browser.new_context(
            viewport=PHONE, locale=locale, timezone_id=time_zone, base_url=live_server.url
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        # A script or style the Content-Security-Policy blocks only shows on the console.
        page.on(
            "console",
            lambda msg: (
                errors.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        page.js_errors = errors
        return page

    yield make
    for context in contexts:
        context.close()


def shoot(page: Any, name: str) -> None:
    """Full-page screenshots at phone and desktop widths, for review."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.wait_for_timeout(100)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size['width']}.png"), full_page=True)
    page.set_viewport_size(PHONE)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SCREENSHOTS.is_dir():
        terminalreporter.write_line(f"e2e screenshots (360 and 1280 px): {SCREENSHOTS}")


def assert_sticky_bar_fits(page: Any) -> None:
    """On a 390x844 phone the pick page's fixed bar takes a fifth of the height at most."""
    page.set_viewport_size({"width": 390, "height": 844})
    height = page.evaluate("document.querySelector('.sticky-bar').getBoundingClientRect().height")
    page.set_viewport_size(PHONE)
    assert height <= 844 * 0.2, f"the pick bar is {height}px high on a 844px screen"


def assert_fits_phone(page: Any) -> None:
    """Nothing sticks out sideways at 360 px."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at 360px"


ACCESSIBLE_NAMES = """
() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]')]
  .filter((el) => !el.closest('.visually-hidden'))
  .filter((el) => {
    const labels = el.labels ? [...el.labels].map((l) => l.textContent).join('') : '';
    const name = (el.getAttribute('aria-label') || labels || el.textContent || el.title || '')
      .trim();
    return !name;
  })
  .map((el) => el.outerHTML.slice(0, 120))
"""


def assert_named_controls(page: Any) -> None:
    """Every control has a name a screen reader can read (label, aria-label or text)."""
    unnamed = page.evaluate(ACCESSIBLE_NAMES)
    assert unnamed == [], f"controls without an accessible name on {page.url}: {unnamed}"


def link_in_last_email(path_prefix: str) -> str:
    """The path (and its still URL-encoded key) of the link in the last email sent."""
    assert mail.outbox, "no email was sent"
    body = mail.outbox[-1].body
    match = re.search(r"https?://\S+" + re.escape(path_prefix) + r"\S+", body)
    assert match, body
    return urlsplit(match.group(0)).path


def log_in(page: Any, email: str, password: str) -> None:
    """Log in through the form; the app lands on the home page."""
    page.goto("/account/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", level=1, name="This week").wait_for()
