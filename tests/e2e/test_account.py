"""Accounts in the browser: language, keyboard, password reset, deletion, join after sign-up."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from backend.accounts.models import User
from backend.leagues.services import league_create
from tests.e2e import world
from tests.e2e.conftest import assert_fits_phone, assert_named_controls, link_in_last_email, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Any, email: str, password: str = world.PASSWORD) -> None:
    page.goto("/account/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This week")


def test_it_speaks_french_to_a_french_browser_and_works_from_the_keyboard(
    open_page: Any,
) -> None:
    page = open_page(locale="fr-FR")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cette semaine")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    nav = page.get_by_role("navigation", name="Principale")
    expect(nav.get_by_role("link", name="Classements")).to_be_visible()
    assert_fits_phone(page)
    assert_named_controls(page)

    # The first Tab reaches the skip link, which moves the focus to the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # The player's choice of language wins over the browser's.
    page.get_by_label("Langue").select_option("en")
    expect(page.get_by_role("heading", level=1)).to_have_text("This week")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("This week")


def test_it_resets_a_forgotten_password(open_page: Any) -> None:
    world.player("forgetful@paddock.test", "Forgetful")
    page = open_page()
    page.goto("/account/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email address").fill("forgetful@paddock.test")
    page.get_by_role("button", name="Send the link").click()
    expect(
        page.get_by_text(re.compile("a link to reset its password is on its way"))
    ).to_be_visible()

    page.goto(link_in_last_email("/account/password/reset/"))
    page.get_by_label("New password").fill("another-long-passphrase-7")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()
    assert User.objects.get(email="forgetful@paddock.test").check_password(
        "another-long-passphrase-7"
    )


def test_it_logs_out_and_deletes_an_account(open_page: Any) -> None:
    world.player("leaving@paddock.test", "Leaving")
    page = open_page()
    log_in(page, "leaving@paddock.test")
    page.get_by_role("link", name=re.compile("My profile")).click()
    page.get_by_role("link", name="Account settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    assert_named_controls(page)
    shoot(page, "account")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()

    log_in(page, "leaving@paddock.test")
    page.goto("/account")
    page.get_by_label("Your password, to confirm").fill("not-my-password")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("The password is wrong.")).to_be_visible()
    page.get_by_label("Your password, to confirm").fill(world.PASSWORD)
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("Your account is deleted. Goodbye!")).to_be_visible()
    assert not User.objects.filter(email="leaving@paddock.test").exists()


def test_a_visitor_signs_up_from_an_invitation_and_comes_back_to_join(open_page: Any) -> None:
    owner = world.player("owner@paddock.test", "Owner")
    league = league_create(owner=owner, name="Turf club")
    code = league.invite_codes.get().code

    page = open_page()
    page.goto(f"/leagues/join/{code}")
    expect(page.get_by_role("heading", name="Turf club")).to_be_visible()
    expect(page.get_by_text("Owner: Owner · 1 member")).to_be_visible()
    page.get_by_role("link", name="Sign up to join").click()
    page.get_by_label("Email address").fill("invited@paddock.test")
    page.get_by_label("Display name").fill("Invitée")
    page.get_by_label("Password").fill("a-long-passphrase-42")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    page.goto(link_in_last_email("/account/verify-email/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Join a league")
    page.get_by_role("button", name="Join Turf club").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Turf club")
    expect(page.get_by_text("2 members")).to_be_visible()
    assert page.js_errors == []
