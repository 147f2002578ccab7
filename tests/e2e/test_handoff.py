"""The betting hand-off in the browser: shown to an adult in France with a pick, next to the
responsible-gambling notice, and gone for good once the player self-excludes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backend.game import services as game
from backend.handoff.models import BettingPreference
from backend.notifications.models import EmailPreference
from tests.e2e import world
from tests.e2e.conftest import assert_fits_phone, assert_named_controls, log_in, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_adult_in_france_sees_the_offer_until_self_excluding(open_page: Any) -> None:
    world.community_categories()
    world.betting_partner("Turf Partner", countries=("FR",))
    season = world.season()
    rnd = world.open_round(
        season, world.race(number=1, post_time=timezone.now() + dt.timedelta(days=2))
    )
    player = world.player("punter@paddock.test", "Punter")
    game.pick_submit(player=player, round_id=rnd.pk, win=3, place=5)

    page = open_page()
    log_in(page, "punter@paddock.test", world.PASSWORD)

    # No date of birth yet: no offer. The race's thread is one tap away, and links back.
    page.goto("/pick")
    expect(page.get_by_role("heading", level=1)).to_have_text("My pick")
    ask = page.get_by_role("link", name=re.compile("Ask the community about this race"))
    expect(ask).to_be_visible()
    expect(page.get_by_role("heading", name="Bet it for real")).to_have_count(0)
    ask.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prix d'Amérique")
    expect(page.get_by_text("Race thread")).to_be_visible()
    shoot(page, "community-round-thread")
    page.get_by_role("link", name="Make or change my pick").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My pick")

    # The player gives a date of birth and a country in the settings.
    page.goto("/account")
    page.get_by_label("Date of birth").fill("1990-05-17")
    page.get_by_label("Country", exact=True).select_option("FR")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    player.refresh_from_db()
    assert (str(player.date_of_birth), player.country) == ("1990-05-17", "FR")

    # Email updates: one switch per kind, saved at once.
    reminders = page.get_by_role("switch", name="Reminder before the lock")
    expect(reminders).to_be_checked()
    reminders.uncheck()
    expect(page.get_by_text("Email preferences saved.")).to_be_visible()
    assert EmailPreference.objects.get(player=player).reminders is False

    # An adult in France with a pick: the actions, with the notice and the helpline beside.
    page.goto("/pick")
    offer = page.get_by_role("region", name="Bet it for real")
    expect(offer).to_be_visible()
    # First hand-off of the season: the reality check comes before the links.
    expect(offer.get_by_role("heading", name=re.compile("Before you bet"))).to_be_visible()
    expect(offer.get_by_role("link", name=re.compile("Bet it for real: Win"))).to_have_count(0)
    assert_fits_phone(page)
    offer.get_by_role("button", name="I have read this: show the offer").click()
    win = offer.get_by_role("link", name=re.compile(r"Bet it for real: Win on 3\. Go On Boy"))
    expect(win).to_have_attribute("href", re.compile(r"^/go/bet/[^/]+$"))
    expect(win).to_have_attribute("rel", "noopener")
    expect(
        offer.get_by_role("link", name=re.compile(r"Place on 5\. Hokkaido Jiel"))
    ).to_be_visible()
    expect(
        offer.get_by_text(re.compile("Les jeux d'argent et de hasard peuvent être dangereux"))
    ).to_be_visible()
    expect(
        offer.get_by_role("link", name=re.compile("Get help: Joueurs Info Service"))
    ).to_have_attribute("href", "https://www.joueurs-info-service.fr/")
    expect(offer.get_by_role("link", name="Call 09 74 75 13 13")).to_have_attribute(
        "href", "tel:0974751313"
    )
    assert_named_controls(page)
    assert_fits_phone(page)
    offer.scroll_into_view_if_needed()
    shoot(page, "pick-offer")

    # Self-exclusion for 6 months, after a confirmation that says it cannot be undone.
    offer.get_by_role("link", name="Turn these offers off or self-exclude").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    betting = page.get_by_role("region", name="Betting offers & self-exclusion")
    expect(betting.get_by_role("switch", name="Show me real-betting offers")).to_be_checked()
    betting.get_by_role("radio", name="6 months").check()
    betting.get_by_role("button", name="Self-exclude").click()
    confirm = page.get_by_role("alertdialog", name="Confirm your self-exclusion")
    expect(confirm).to_be_focused()
    expect(confirm).to_contain_text("cannot be shortened or lifted")
    assert not BettingPreference.objects.filter(player=player).exists()
    assert_named_controls(page)
    assert_fits_phone(page)
    shoot(page, "account-betting")
    confirm.get_by_role("button", name="Yes, exclude me for 6 months").click()
    expect(
        betting.get_by_text(re.compile("You are self-excluded from betting offers until"))
    ).to_be_visible()
    expect(betting.get_by_role("switch", name="Show me real-betting offers")).to_be_disabled()
    expect(betting.get_by_role("switch", name="Show me real-betting offers")).not_to_be_checked()
    until = BettingPreference.objects.get(player=player).self_excluded_until
    assert until is not None
    assert dt.timedelta(days=180) <= until - timezone.now() <= dt.timedelta(days=185)
    shoot(page, "account-excluded")

    # The action is gone from the pick page.
    page.goto("/pick")
    expect(page.get_by_role("heading", level=1)).to_have_text("My pick")
    expect(
        page.get_by_role("link", name=re.compile("Ask the community about this race"))
    ).to_be_visible()
    expect(page.get_by_role("region", name="Bet it for real")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Bet it for real"))).to_have_count(0)
    assert page.js_errors == []
