"""Running the community in the browser: a visitor reads without an account and is led to
sign up; a member sees their missions' progress on the profile and follows an event."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from backend.community.models import (
    MODERATORS_GROUP,
    Category,
    CommunityEvent,
    EventFollow,
    Mission,
    Status,
    Topic,
)
from backend.community.services import event_schedule, flag_create, mission_create
from backend.live.models import HelpMessage, HelpRequest
from backend.live.services.moderation import report_create
from tests.e2e import world
from tests.e2e.conftest import assert_fits_phone, assert_named_controls, log_in, shoot
from tests.factories import PostFactory, TopicFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Does the draw matter at Chantilly?"


def test_a_visitor_reads_the_forum_and_is_led_to_sign_up(open_page: Any) -> None:
    world.community_categories()
    asker = world.player("asker@paddock.test", "Asker")
    topic = TopicFactory(
        title=TITLE, author=asker, category=Category.objects.get(slug="handicapping-help")
    )
    PostFactory(topic=topic, body_html="<p>Low numbers help on the round course.</p>")

    visitor = open_page()
    visitor.goto("/community")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Community")
    expect(visitor.get_by_role("heading", name="Join the conversation")).to_be_visible()
    visitor.get_by_role("link", name=re.compile("Handicapping help")).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Handicapping help")
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_text("Low numbers help on the round course.")).to_be_visible()
    # No reply form and no vote button for a visitor: an invitation instead.
    expect(visitor.get_by_label("Write your reply")).to_have_count(0)
    expect(visitor.get_by_role("button", name=re.compile("Helpful"))).to_have_count(0)
    assert_fits_phone(visitor)
    assert_named_controls(visitor)
    shoot(visitor, "community-visitor")
    visitor.get_by_role("link", name="Sign up").last.click()
    expect(visitor).to_have_url(re.compile(r"/account/signup\?next=%2Fcommunity%2Ftopics%2F\d+"))
    assert visitor.js_errors == []


def test_a_member_sees_mission_progress_and_follows_an_event(open_page: Any) -> None:
    world.community_categories()
    member = world.player("member@paddock.test", "Member")
    operator = UserFactory(email="op@paddock.test", is_staff=True)
    mission_create(
        slug="answer-2",
        kind=Mission.Kind.ANSWER_QUESTIONS,
        period=Mission.Period.WEEKLY,
        target=2,
        points=20,
        name_en="Helper of the week",
        name_fr="Aide de la semaine",
    )
    PostFactory(author=member)
    event = event_schedule(
        author=operator,
        kind=CommunityEvent.Kind.LIVE_QA,
        title="Live Q&A with a trainer",
        description="Ask about the Arc.",
        starts_at=timezone.now() + dt.timedelta(days=2),
        category=Category.objects.get(slug="handicapping-help"),
    )

    page = open_page()
    log_in(page, "member@paddock.test", world.PASSWORD)
    page.goto("/profile")
    missions = page.get_by_role("region", name="Missions")
    expect(missions.get_by_text("Answer 2 questions")).to_be_visible()
    expect(missions.get_by_text(re.compile("1 of 2"))).to_be_visible()
    bar = missions.get_by_role("progressbar", name="Answer 2 questions")
    expect(bar).to_have_attribute("aria-valuenow", "1")
    expect(bar).to_have_attribute("aria-valuemax", "2")
    assert_fits_phone(page)
    shoot(page, "profile-missions")

    page.goto("/community/events")
    expect(page.get_by_text("Live Q&A with a trainer")).to_be_visible()
    page.get_by_role("button", name="Follow: remind me").click()
    expect(page.get_by_role("button", name="Stop following")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_text("1 follower")).to_be_visible()
    assert EventFollow.objects.filter(event=event, player=member).exists()
    assert_named_controls(page)
    shoot(page, "community-events")
    assert page.js_errors == []


def test_an_operator_schedules_an_event_never_in_the_past(open_page: Any) -> None:
    world.community_categories()
    operator = world.player("op@paddock.test", "Operator")
    operator.is_staff = True
    operator.save(update_fields=["is_staff"])

    page = open_page()
    log_in(page, "op@paddock.test", world.PASSWORD)
    page.goto("/community/events")
    page.get_by_text("Schedule an event").click()
    page.get_by_label("Kind").select_option(label="Prediction challenge")
    page.get_by_label("Title").fill("Predict the Arc")
    page.get_by_label("Starts at (your time)").fill("2020-01-01T10:00")
    page.get_by_label("Category of its thread").select_option(label="Handicapping help")
    page.get_by_role("button", name="Schedule it").click()
    expect(page.get_by_text("Choose a time in the future.")).to_be_visible()
    assert not CommunityEvent.objects.exists()

    later = timezone.localtime(timezone.now() + dt.timedelta(days=3))
    page.get_by_label("Starts at (your time)").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule it").click()
    expect(page.get_by_text("The event is scheduled and its thread is open.")).to_be_visible()
    expect(page.get_by_test_id("event").get_by_text("Predict the Arc")).to_be_visible()
    event = CommunityEvent.objects.get()
    assert (event.kind, event.topic.is_pinned) == ("prediction_challenge", True)
    assert_named_controls(page)
    assert page.js_errors == []


def test_an_operator_reads_the_live_help_figures_and_searches_live_messages(
    open_page: Any,
) -> None:
    world.community_categories()
    operator = world.player("op@paddock.test", "Operator")
    operator.is_staff = True
    operator.save(update_fields=["is_staff"])
    asker = world.player("asker@paddock.test", "Asker")
    helper = world.player("helper@paddock.test", "Helpful Hannah")
    asked = timezone.now() - dt.timedelta(hours=1)
    answered = HelpRequest.objects.create(
        asker=asker,
        question="Which horse likes soft ground?",
        status=HelpRequest.Status.CLOSED,
        helper=helper,
        created_at=asked,
        expires_at=asked + dt.timedelta(minutes=5),
        taken_at=asked + dt.timedelta(seconds=30),
        first_response_at=asked + dt.timedelta(seconds=90),
        rating=5,
    )
    HelpMessage.objects.create(request=answered, author=helper, text="Look at the going column.")
    HelpRequest.objects.create(
        asker=asker,
        question="Anyone?",
        status=HelpRequest.Status.EXPIRED,
        created_at=asked,
        expires_at=asked + dt.timedelta(minutes=5),
    )

    page = open_page()
    log_in(page, "op@paddock.test", world.PASSWORD)
    page.goto("/community/dashboard")
    live = page.get_by_role("region", name="Live help")
    weeks = live.get_by_role("table", name="Live help, week by week")
    expect(weeks.get_by_role("row", name=re.compile("All weeks"))).to_have_text(
        re.compile(r"All weeks\s*2\s*50 %\s*90 s\s*90 s\s*5 \(1\)")
    )
    helpers = live.get_by_role("table", name="Live help per helper")
    expect(helpers.get_by_role("row", name=re.compile("Helpful Hannah"))).to_have_text(
        re.compile(r"Helpful Hannah\s*1\s*100 %")
    )
    search = live.get_by_role("search", name="Search live messages")
    search.get_by_label("Words").fill("going")
    search.get_by_label("Where").select_option("help")
    search.get_by_role("button", name="Search").click()
    expect(search.get_by_text("1 message")).to_be_visible()
    expect(search.get_by_text("Look at the going column.")).to_be_visible()
    assert_named_controls(page)
    shoot(page, "community-dashboard-live")
    assert page.js_errors == []


def test_a_moderator_works_through_the_queues_on_a_phone(open_page: Any) -> None:
    """From the community's page to the queues: a reported reply upheld, a held question
    approved, a reported live message hidden; each decision in the log with its moderator."""
    world.community_categories()
    moderator = world.player("mod@paddock.test", "Mod")
    moderator.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    asker = world.player("asker@paddock.test", "Asker")
    rude = world.player("rude@paddock.test", "Rude")
    topic = TopicFactory(
        title=TITLE, author=asker, category=Category.objects.get(slug="handicapping-help")
    )
    reply = PostFactory(topic=topic, author=rude, body_html="<p>You know nothing, Asker.</p>")
    flag_create(reporter=asker, post=reply, reason="abuse", detail="insults me")
    held = TopicFactory(title="Is the draw an advantage at Deauville?", author=asker)
    Topic.objects.filter(pk=held.pk).update(status=Status.PENDING)
    now = timezone.now()
    chat = HelpRequest.objects.create(
        asker=asker,
        question="Which horse likes soft ground?",
        status=HelpRequest.Status.CLOSED,
        helper=rude,
        created_at=now,
        expires_at=now + dt.timedelta(minutes=5),
    )
    said = HelpMessage.objects.create(request=chat, author=rude, text="Bet the house on 7.")
    report_create(reporter=asker, kind="help", message_id=said.pk, reason="reckless advice")

    page = open_page()
    log_in(page, "mod@paddock.test", world.PASSWORD)
    page.goto("/community")
    page.get_by_role("link", name="Moderation queues").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")

    flags = page.get_by_role("region", name="Reported questions and replies")
    expect(flags.get_by_text("You know nothing, Asker.")).to_be_visible()
    assert_fits_phone(page)
    assert_named_controls(page)
    shoot(page, "community-moderation")
    flags.get_by_role("button", name="Uphold: hide it").click()
    expect(flags.get_by_text("Nothing waiting.")).to_be_visible()

    pending = page.get_by_role("region", name="Waiting for approval")
    pending.get_by_role("button", name="Approve").click()
    expect(pending.get_by_text("Nothing waiting.")).to_be_visible()

    live = page.get_by_role("region", name="Reported live messages")
    expect(live.get_by_text("Bet the house on 7.")).to_be_visible()
    live.get_by_role("button", name="Hide the message").click()
    expect(live.get_by_text("Nothing waiting.")).to_be_visible()
    live.get_by_role("switch", name="Show the decided reports").check()
    expect(live.get_by_text("Message hidden by Mod")).to_be_visible()

    log = page.get_by_role("region", name="Moderation log")
    expect(log.get_by_role("row", name=re.compile("Report upheld"))).to_contain_text("Mod")
    expect(log.get_by_role("row", name=re.compile("Approve"))).to_contain_text("Mod")
    reply.refresh_from_db()
    held.refresh_from_db()
    said.refresh_from_db()
    assert (reply.is_hidden, held.status, said.is_hidden) == (True, Status.PUBLISHED, True)
    assert_fits_phone(page)
    assert page.js_errors == []
