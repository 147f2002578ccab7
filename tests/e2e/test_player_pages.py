"""The visitors' home, running a league, the public directory and badges, in a real
browser against the real server, with screenshots at 360 and 1280 px."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backend.community import services as community
from backend.community.models import Award, Category
from backend.game import services as game
from backend.leagues.models import EmailInvitation, League, Membership
from backend.leagues.services import league_create, membership_join_with_code
from tests.e2e import world
from tests.e2e.conftest import assert_fits_phone, assert_named_controls, log_in, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def a_week(*, settled_players: int = 3) -> Any:
    """A season with one settled round (so there is a table) and this week's open round."""
    season = world.season("Spring 2026")
    past = world.race(
        number=1, post_time=timezone.now() + dt.timedelta(hours=1), name="Prix de Cornulier"
    )
    first = world.open_round(season, past)
    for i in range(settled_players):
        player = world.player(f"rider{i}@paddock.test", f"Rider {i}")
        game.pick_submit(player=player, round_id=first.pk, win=i + 1, place=1)
    result = world.outcome(finish={1: 1, 2: 2, 3: 3}, win={1: 350}, place={1: 150, 2: 180, 3: 240})
    world.settle(first, result)
    this_week = world.race(
        number=2,
        post_time=timezone.now() + dt.timedelta(days=3),
        racecourse="Longchamp",
        name="Prix de l'Arc de Triomphe",
    )
    return world.open_round(season, this_week)


def test_a_visitor_sees_the_race_the_table_and_answers_then_signs_up(open_page: Any) -> None:
    a_week()
    world.community_categories()
    asker = world.player("asker@paddock.test", "Asker")
    helper = world.player("helper@paddock.test", "Helper")
    topic = community.topic_create(
        author=asker,
        category=Category.objects.get(slug="handicapping-help"),
        title="What does a dead heat pay?",
        body="Two horses share first place: what is paid?",
    )
    community.post_create(topic=topic, author=helper, body="Each gets **half** the dividend.")

    page = open_page()
    page.goto("/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Prix de l'Arc de Triomphe")).to_be_visible()
    expect(main.get_by_role("timer")).to_be_visible()
    top = main.get_by_role("table")
    expect(top.get_by_role("rowheader", name="Rider 0")).to_be_visible()
    expect(main.get_by_role("link", name="What does a dead heat pay?")).to_be_visible()
    expect(main.get_by_text("answered by Helper")).to_be_visible()
    content = page.content()
    assert "@paddock.test" not in content
    assert_fits_phone(page)
    assert_named_controls(page)
    shoot(page, "home-visitor-week")

    main.get_by_role("link", name="Sign up to pick").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    assert "/account/signup" in page.url
    assert not page.js_errors


def test_an_owner_runs_the_league_and_a_player_joins_from_the_directory(open_page: Any) -> None:
    a_week(settled_players=0)
    owner = world.player("owner@paddock.test", "Owner")
    friend = world.player("friend@paddock.test", "Friend")
    league = league_create(owner=owner, name="Les Amis", visibility=League.Visibility.PUBLIC)
    league_create(owner=friend, name="Les Rapides", visibility=League.Visibility.PUBLIC)
    code = league.invite_codes.first()
    assert code is not None
    membership_join_with_code(code=code.code, player=friend)

    page = open_page()
    log_in(page, "owner@paddock.test", world.PASSWORD)
    page.goto(f"/leagues/{league.public_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les Amis")

    # A name that poses as another public league's is refused beside the field.
    settings = page.get_by_role("form", name="League settings")
    settings.get_by_label("League name").fill("L3s Rapides")
    settings.get_by_role("button", name="Save").click()
    error = settings.locator(".field-error")
    expect(error).to_be_visible()
    assert settings.get_by_label("League name").get_attribute("aria-invalid") == "true"
    settings.get_by_label("League name").fill("Les Amis du Turf")
    settings.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les Amis du Turf")

    # Promote the friend, invite by email, regenerate the codes.
    page.get_by_role("button", name="Make Friend a manager").click()
    expect(page.get_by_role("button", name="Make Friend a member")).to_be_visible()
    assert Membership.objects.get(league=league, player=friend).role == "manager"
    emails = page.get_by_role("region", name="Invite by email")
    emails.get_by_label("Email address").fill("newfriend@example.com")
    emails.get_by_role("button", name="Send the invitation").click()
    expect(emails.get_by_text("Invitation sent to newfriend@example.com.")).to_be_visible()
    assert EmailInvitation.objects.filter(league=league, email="newfriend@example.com").exists()
    codes = page.get_by_role("region", name="Invite codes")
    expect(codes.get_by_text(code.code, exact=True)).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke all and make a new one").click()
    expect(codes.get_by_text(code.code, exact=True)).to_have_count(0)
    expect(codes.locator(".invite-code")).to_have_count(1)
    assert_fits_phone(page)
    assert_named_controls(page)
    shoot(page, "league-owner")

    # Hand the league over: the owner stays as a manager.
    page.get_by_role("button", name="Give Friend the league").click()
    page.get_by_role("button", name="Give the league", exact=True).click()
    expect(page.get_by_text("Owner: Friend").first).to_be_visible()
    assert League.objects.get(pk=league.pk).owner_id == friend.pk

    # Another player finds it in the directory and joins.
    world.player("joiner@paddock.test", "Joiner")
    other = open_page()
    log_in(other, "joiner@paddock.test", world.PASSWORD)
    other.goto("/leagues/directory")
    other.get_by_label("Search by league name").fill("Amis")
    expect(other.get_by_role("link", name="Les Amis du Turf")).to_be_visible()
    expect(other.get_by_role("link", name="Les Rapides")).to_have_count(0)
    shoot(other, "league-directory")
    other.get_by_role("button", name="Join Les Amis du Turf").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Les Amis du Turf")
    assert Membership.objects.filter(league=league, player__email="joiner@paddock.test").exists()
    assert not page.js_errors
    assert not other.js_errors


def test_badges_are_drawn_with_what_the_next_one_takes(open_page: Any) -> None:
    world.community_categories()
    me = world.player("badges@paddock.test", "Medals")
    Award.objects.create(player=me, badge="first-answer")
    Award.objects.create(player=me, badge="longshot")
    page = open_page()
    log_in(page, "badges@paddock.test", world.PASSWORD)
    page.goto("/community/me")
    next_badges = page.get_by_role("region", name="Your next badges")
    expect(next_badges.get_by_text("Helping hand")).to_be_visible()
    expect(next_badges.get_by_role("progressbar", name="0 of 10").first).to_be_visible()
    held = page.locator("section[aria-labelledby=badges-title] > ul .badge-card svg.badge-icon")
    expect(held).to_have_count(2)
    assert held.nth(0).get_attribute("data-emblem") != held.nth(1).get_attribute("data-emblem")
    assert {held.nth(i).get_attribute("class") for i in range(2)} == {
        "badge-icon tier-bronze",
        "badge-icon tier-gold",
    }
    assert_fits_phone(page)
    shoot(page, "badges")
    assert not page.js_errors
