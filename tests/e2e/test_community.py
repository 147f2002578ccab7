"""The peer-help community in the browser: ask, reply, accept, and the reputation it earns."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from backend.community.models import Topic
from tests.e2e import world
from tests.e2e.conftest import (
    assert_fits_phone,
    assert_named_controls,
    log_in,
    shoot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "How do you read the going at Vincennes?"


def test_an_answer_accepted_by_the_asker_earns_its_author_15_points(open_page: Any) -> None:
    world.community_categories()
    world.player("asker@paddock.test", "Asker")
    world.player("helper@paddock.test", "Helper")

    # The asker finds the community in the main navigation and asks a question.
    asker = open_page()
    log_in(asker, "asker@paddock.test", world.PASSWORD)
    asker.get_by_role("navigation", name="Main").get_by_role("link", name="Community").click()
    expect(asker.get_by_role("heading", level=1)).to_have_text("Community")
    expect(asker.get_by_role("link", name=re.compile("Handicapping help"))).to_be_visible()
    assert_fits_phone(asker)
    assert_named_controls(asker)
    shoot(asker, "community")

    asker.get_by_role("link", name="Ask a question").first.click()
    expect(asker.get_by_role("heading", level=1)).to_have_text("Ask the community")
    # Sent empty: every field says what it needs, in words, next to it.
    asker.get_by_label("Title").fill("Going?")
    asker.get_by_role("button", name="Post my question").click()
    expect(asker.get_by_text("Some fields need your attention.")).to_be_visible()
    expect(asker.get_by_text("Choose a category.", exact=True)).to_be_visible()
    expect(asker.get_by_text("The title needs at least 8 characters.")).to_be_visible()
    expect(asker.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    assert_named_controls(asker)
    assert_fits_phone(asker)
    shoot(asker, "community-ask")

    asker.get_by_label("Category").select_option(label="Handicapping help")
    asker.get_by_label("Title").fill(TITLE)
    asker.get_by_label("Your question").fill(
        "Soft or heavy going: how do you **adjust** your picks? Any rule of thumb?"
    )
    asker.get_by_role("button", name="Post my question").click()
    expect(asker.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(asker.get_by_text("Your question is posted.")).to_be_visible()
    expect(asker.locator(".post-body strong")).to_have_text("adjust")
    topic = Topic.objects.get(title=TITLE)

    # A second player finds it in its category, votes it helpful and replies.
    helper = open_page()
    log_in(helper, "helper@paddock.test", world.PASSWORD)
    helper.goto("/community")
    helper.get_by_role("link", name=re.compile("Handicapping help")).click()
    expect(helper.get_by_role("heading", level=1)).to_have_text("Handicapping help")
    shoot(helper, "community-category")
    helper.get_by_role("link", name=TITLE).click()
    vote = helper.get_by_role("button", name="Helpful (0)")
    vote.click()
    expect(helper.get_by_role("button", name="Helpful (1)")).to_have_attribute(
        "aria-pressed", "true"
    )
    helper.get_by_label("Write your reply").fill(
        "On heavy going, favour horses with proven form on soft ground, and **stamina**."
    )
    helper.get_by_role("button", name="Post my reply").click()
    expect(helper.get_by_text("Your reply is posted.")).to_be_visible()
    expect(helper.get_by_role("heading", name="1 reply")).to_be_visible()

    # The asker accepts the answer.
    asker.reload()
    reply = asker.get_by_role("article", name="Helper")
    expect(reply).to_contain_text("stamina")
    reply.get_by_role("button", name="Accept this answer").click()
    expect(asker.get_by_text("Answer accepted: +15 reputation to its author.")).to_be_visible()
    expect(asker.get_by_role("article", name="Helper")).to_contain_text("Accepted answer")
    assert_named_controls(asker)
    assert_fits_phone(asker)
    shoot(asker, "community-topic")
    topic.refresh_from_db()
    answer = topic.accepted_answer
    assert answer is not None
    assert answer.author is not None
    assert answer.author.email == "helper@paddock.test"

    # The helper's reputation page shows the 15 points, with the event that earned them.
    helper.goto("/community/me")
    expect(helper.get_by_role("heading", level=1)).to_have_text("My reputation")
    history = helper.get_by_role("table")
    expect(history.get_by_role("row", name=re.compile("Answer accepted"))).to_contain_text("+15")
    expect(helper.locator(".facts .stat").first).to_have_text("15")
    assert_fits_phone(helper)
    shoot(helper, "community-reputation")

    # And the week's top contributors list the helper first, whose public profile opens.
    helper.get_by_role("link", name="Top contributors").click()
    expect(helper.get_by_role("heading", level=1)).to_have_text("Top contributors")
    first = helper.get_by_role("row", name=re.compile("Helper"))
    expect(first).to_contain_text("+15")
    assert_fits_phone(helper)
    shoot(helper, "community-top")
    first.get_by_role("link", name="Helper").click()
    expect(helper.get_by_role("heading", level=1)).to_have_text("Helper")
    shoot(helper, "community-player")
    assert asker.js_errors == []
    assert helper.js_errors == []
