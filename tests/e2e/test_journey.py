"""A newcomer's first week, in a real browser against the real server."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backend.accounts.models import User
from backend.game import services as game
from backend.game.models import Pick, RoundScore
from backend.leagues.models import League
from tests.e2e import world
from tests.e2e.conftest import (
    assert_fits_phone,
    assert_named_controls,
    assert_sticky_bar_fits,
    link_in_last_email,
    shoot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEWCOMER = "newcomer@paddock.test"
PASSWORD = "a-long-passphrase-42"


def points(cents: int) -> str:
    return f"{cents / 100:.2f}"


def test_a_newcomer_signs_up_picks_scores_and_plays_in_a_league(open_page: Any) -> None:
    season = world.season()
    race = world.race(number=1, post_time=timezone.now() + dt.timedelta(days=2), non_runners=(4,))
    rnd = world.open_round(season, race)
    rival = world.player("rival@paddock.test", "Rival")
    game.pick_submit(player=rival, round_id=rnd.pk, win=1, place=1)

    page = open_page()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This week")
    shoot(page, "home-visitor")

    # Sign up; the account waits for the email link.
    page.get_by_role("main").get_by_role("link", name="Sign up", exact=True).click()
    page.get_by_label("Email address").fill(NEWCOMER)
    page.get_by_label("Display name").fill("newcomer")
    page.get_by_label("Password").fill(PASSWORD)
    assert_named_controls(page)
    shoot(page, "signup")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert not User.objects.get(email=NEWCOMER).emailaddress_set.get().verified

    # The link of the email actually sent confirms the address and signs in.
    page.goto(link_in_last_email("/account/verify-email/"))
    expect(page.get_by_text("Your email address is confirmed.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("This week")
    expect(page.get_by_text("Prix d'Amérique")).to_be_visible()
    expect(page.get_by_role("timer")).to_be_visible()
    shoot(page, "home")

    # Pick: win 3, place 5; the non-runner cannot be chosen.
    page.get_by_role("link", name="Make my pick").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My pick")
    non_runner = page.get_by_role("group", name=re.compile(r"No\. 4 .*Non-runner"))
    expect(non_runner).to_be_visible()
    expect(non_runner.get_by_role("radio")).to_have_count(0)
    page.get_by_label("Win: No. 3 Go On Boy").check()
    page.get_by_label("Place: No. 5 Hokkaido Jiel").check()
    assert_named_controls(page)
    assert_fits_phone(page)
    assert_sticky_bar_fits(page)
    page.get_by_role("button", name="Confirm my pick").click()
    expect(page.get_by_text("Your pick is saved.")).to_be_visible()
    # Saved and unchanged: no button that looks disabled.
    expect(page.get_by_role("button", name="Update my pick")).to_have_count(0)
    newcomer = User.objects.get(email=NEWCOMER)
    pick = Pick.objects.get(player=newcomer, round=rnd)
    assert (pick.win, pick.place, pick.alternate) == (3, 5, None)

    # Change it before the lock: place 2 and an alternate.
    page.get_by_label("Place: No. 2 Hooker Berry").check()
    page.get_by_label("Alternate: No. 6 Inmarosa").check()
    page.get_by_role("button", name="Update my pick").click()
    expect(page.get_by_text("Your pick is saved.")).to_be_visible()
    pick.refresh_from_db()
    assert (pick.win, pick.place, pick.alternate) == (3, 2, 6)
    shoot(page, "pick")

    # Post time: the pick is locked, and the page says so.
    world.lock(rnd)
    page.reload()
    expect(page.get_by_role("heading", name="Awaiting the result")).to_be_visible()
    expect(page.get_by_text(re.compile("The official result is expected around"))).to_be_visible()
    expect(page.get_by_role("button", name="Update my pick")).to_have_count(0)
    shoot(page, "pick-locked")

    # The race is run: the operator imports the official result, the round is settled.
    world.settle(
        rnd,
        world.outcome(
            finish={3: 1, 2: 2, 1: 3, 5: 4},
            win={3: 590},
            place={3: 210, 2: 180, 1: 150},
            non_runners=frozenset({4}),
        ),
        replay_url="https://replay.example/prix-d-amerique",
    )
    mine = RoundScore.objects.get(player=newcomer, round=rnd)
    assert mine.points == 2 * 590 + 2 * 180

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    expect(page.get_by_text(f"{points(mine.points)} pts", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Watch the replay"))).to_have_attribute(
        "href", "https://replay.example/prix-d-amerique"
    )
    expect(page.get_by_role("table", name="Finishing order")).to_contain_text("Go On Boy")
    expect(page.get_by_role("table", name="Official dividends (for 1 €)")).to_contain_text("€5.90")
    expect(page.get_by_role("img", name=re.compile("What the players picked"))).to_be_visible()
    page.get_by_text("Explain my score").click()
    expect(
        page.get_by_text("Official dividend: €5.90 for 1 € (PMU internet pool).")
    ).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "results")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Rankings").click()
    expect(page.get_by_text("My rank: 1 of 2")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("newcomer"))).to_contain_text(
        points(mine.points)
    )
    shoot(page, "rankings")

    page.goto("/profile")
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")
    expect(page.get_by_role("img", name=re.compile("My rank over the season"))).to_be_visible()
    shoot(page, "profile")

    # A league, and a friend who joins through the invitation link.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Leagues").click()
    page.get_by_label("League name").fill("Les amis du turf")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les amis du turf")
    link = page.get_by_label("Invitation link").input_value()
    league = League.objects.get(name="Les amis du turf")
    assert link.endswith(f"/leagues/join/{league.invite_codes.get().code}")
    shoot(page, "league")

    world.player("friend@paddock.test", "Friend")
    friend = open_page()
    friend.goto(link)
    expect(friend.get_by_role("heading", name="Les amis du turf")).to_be_visible()
    expect(friend.get_by_text("1 member")).to_be_visible()
    shoot(friend, "join")
    friend.get_by_role("link", name="I have an account: log in").click()
    friend.get_by_label("Email address").fill("friend@paddock.test")
    friend.get_by_label("Password").fill(world.PASSWORD)
    friend.get_by_role("button", name="Log in").click()
    friend.get_by_role("button", name="Join Les amis du turf").click()
    expect(friend.get_by_text("You joined Les amis du turf.")).to_be_visible()
    expect(friend.get_by_role("heading", level=1)).to_have_text("Les amis du turf")
    table = friend.get_by_role("table", name=re.compile("League table"))
    expect(table).to_contain_text("newcomer")
    expect(table).to_contain_text("Friend")

    page.reload()
    table = page.get_by_role("table", name=re.compile("League table"))
    expect(table).to_contain_text("Friend")
    expect(page.get_by_text("2 members")).to_be_visible()
    assert page.js_errors == []
    assert friend.js_errors == []
