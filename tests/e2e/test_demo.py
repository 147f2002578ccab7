"""The demo, as a new player meets it after `load_demo`: the visitors' home names a real
course and race, and a race's card names drivers for trotting and jockeys on the flat;
screenshots at 360 and 1280 px."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from backend.accounts.models import User
from backend.demo.cards import DRIVERS, FLAT_JOCKEYS, RACES, card
from backend.demo.services import demo_race
from backend.game.models import Round, Season
from backend.racing.models import Race
from tests.e2e import world
from tests.e2e.conftest import assert_fits_phone, log_in, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TROT = {"ATTELE", "MONTE"}
PASSWORD = "paddock-demo"  # every demo player's (docs/development.md)


def demo_round_of(disciplines: set[str]) -> Round:
    """This week's demo round when its race is of `disciplines`; else a second demo race of
    one of them (the demo's own card builder, a day whose calendar entry fits), opened."""
    season = Season.objects.get(status=Season.Status.ACTIVE)
    current = Round.objects.filter(season=season, status=Round.Status.OPEN).get()
    if current.race.discipline in disciplines:
        return current
    today = timezone.localdate()
    day = next(
        today + dt.timedelta(days=n)
        for n in range(1, len(RACES) + 1)
        if card(2 + (today + dt.timedelta(days=n)).toordinal()).discipline in disciplines
    )
    post = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 30)))
    race = demo_race(rng=random.Random(7), day=day, meeting_number=2, race_number=3, post_time=post)
    return world.open_round(season, race)


def people_on_the_card(page: Any) -> list[str]:
    return page.locator(".runner-people").all_inner_texts()


def test_the_demo_shows_real_courses_and_the_people_of_each_discipline(open_page: Any) -> None:
    call_command("load_demo")
    trot = demo_round_of(TROT)
    flat = demo_round_of({"PLAT"})
    assert trot.race.discipline in TROT
    assert flat.race.discipline == "PLAT"

    visitor = open_page()
    visitor.goto("/")
    main = visitor.get_by_role("main")
    for rnd in (trot, flat):
        race = Race.objects.select_related("meeting").get(pk=rnd.race_id)
        # A real course and a race it holds, as the demo's calendar names them.
        assert (race.meeting.racecourse, race.name) in {(r[0], r[2]) for r in RACES}
        expect(main).to_contain_text(race.meeting.racecourse)
        expect(main).to_contain_text(race.name)
    assert_fits_phone(visitor)
    shoot(visitor, "demo-visitor-home")

    # A demo player who reads English (the demo has French and English players).
    player = User.objects.filter(email__endswith="@paddock.local", language="en", is_staff=False)
    page = open_page()
    log_in(page, player.order_by("pk").first().email, PASSWORD)
    page.goto(f"/rounds/{trot.pk}")
    page.locator(".runner-people").first.wait_for()
    people = people_on_the_card(page)
    assert people
    assert all(line.startswith("Driver: ") for line in people if line)
    assert not any("Jockey" in line for line in people)
    drivers = {line.removeprefix("Driver: ").split(" · ")[0] for line in people if line}
    assert drivers <= set(DRIVERS)
    shoot(page, "demo-trot-card")

    page.goto(f"/rounds/{flat.pk}")
    page.locator(".runner-people").first.wait_for()
    people = people_on_the_card(page)
    assert people
    assert all(line.startswith("Jockey: ") for line in people if line)
    assert not any("Driver" in line for line in people)
    jockeys = {line.removeprefix("Jockey: ").split(" · ")[0] for line in people if line}
    assert not jockeys & set(DRIVERS)
    assert jockeys <= set(FLAT_JOCKEYS)
    shoot(page, "demo-flat-card")
    assert page.js_errors == []
