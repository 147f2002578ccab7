"""A league's page on a 360 px phone, laid out by a real browser: the members' picks of the
settled round fit the screen (no sideways scrolling hiding the rank), and the share links are
tap targets of 44 by 44 px."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backend.game import services as game
from backend.leagues.services import league_create, membership_join_with_code
from tests.e2e import world
from tests.e2e.conftest import PHONE, assert_fits_phone, log_in, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MEMBERS = [("Bob Étienne", 7, 2), ("Marie-Charlotte", 3, 5), ("Alice", 4, 2)]
TAP = 44


def a_settled_league() -> Any:
    """Camille's league, its members ranked around 20th overall once the round settled: the
    outsiders all backed the winner."""
    season = world.season("Spring 2026")
    race = world.race(number=1, post_time=timezone.now() + dt.timedelta(hours=1))
    rnd = world.open_round(season, race)
    for i in range(18):
        outsider = world.player(f"rider{i}@paddock.test", f"Rider {i}")
        game.pick_submit(player=outsider, round_id=rnd.pk, win=1, place=2)
    owner = world.player("camille@paddock.test", "Camille")
    league = league_create(owner=owner, name="Les Amis")
    code = league.invite_codes.first()
    assert code is not None
    game.pick_submit(player=owner, round_id=rnd.pk, win=3, place=5)
    for i, (name, win, place) in enumerate(MEMBERS):
        member = world.player(f"member{i}@paddock.test", name)
        membership_join_with_code(code=code.code, player=member)
        game.pick_submit(player=member, round_id=rnd.pk, win=win, place=place)
    result = world.outcome(finish={1: 1, 2: 2, 3: 3}, win={1: 350}, place={1: 150, 2: 180, 3: 240})
    world.settle(rnd, result)
    return league


def sizes(links: Any) -> list[dict[str, Any]]:
    return links.evaluate_all(
        "els => els.map(el => { const r = el.getBoundingClientRect();"
        " return { text: el.textContent, width: r.width, height: r.height }; })"
    )


def test_the_members_picks_and_the_share_links_fit_a_phone(open_page: Any) -> None:
    league = a_settled_league()
    page = open_page()
    log_in(page, "camille@paddock.test", world.PASSWORD)
    page.goto(f"/leagues/{league.public_id}")
    picks = page.get_by_role("table", name="Members' picks · Round 1")
    expect(picks.get_by_role("row", name="Camille")).to_contain_text("Win: 3. Go On Boy")
    expect(picks.get_by_role("row", name="Camille")).to_contain_text("overall")

    # The table's scrolling box: the table is as wide as its content.
    scroll, box = picks.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert scroll <= box, f"the members' picks are {scroll}px wide in a {box}px box"
    rank = picks.get_by_role("row", name="Camille").get_by_role("cell").last.bounding_box()
    assert rank is not None
    assert rank["x"] + rank["width"] <= PHONE["width"], "the rank column is off the screen"

    share = sizes(page.get_by_role("list", name="Share…").get_by_role("link"))
    assert [link["text"] for link in share][:2] == ["WhatsApp", "Telegram"]
    small = [link for link in share if link["width"] < TAP or link["height"] < TAP]
    assert not small, f"share links smaller than {TAP}x{TAP}px: {small}"
    assert_fits_phone(page)
    shoot(page, "league-phone")
    assert not page.js_errors
