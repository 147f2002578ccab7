"""A French reader reads Paddock's posts and a disqualification in French only, and an
English reader in English only: the debrief is written from facts in each language."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backend.community.models import Topic
from backend.community.services import round_debrief_ensure
from backend.game import services as game
from tests.e2e import world
from tests.e2e.conftest import assert_fits_phone, log_in, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in_fr(page: Any, email: str) -> None:
    page.goto("/account/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(world.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", level=1, name="Cette semaine").wait_for()


def test_each_reader_reads_the_debrief_and_the_disqualification_in_their_language(
    open_page: Any,
) -> None:
    world.community_categories()
    season = world.season()
    race = world.race(number=1, post_time=timezone.now() + dt.timedelta(hours=1))
    rnd = world.open_round(season, race)
    french = world.player("fr@paddock.test", "Aurélie", language="fr")
    english = world.player("en@paddock.test", "Oliver")
    game.pick_submit(player=french, round_id=rnd.pk, win=2, place=1)
    game.pick_submit(player=english, round_id=rnd.pk, win=1, place=2)
    result = world.outcome(finish={1: 1, 3: 2, 4: 3}, win={1: 350}, place={1: 150, 3: 180, 4: 240})
    world.settle(rnd, dataclasses.replace(result, disqualified=frozenset({2})))
    round_debrief_ensure(round=rnd)
    topic = Topic.objects.get(round=rnd, kind=Topic.Kind.ROUND_THREAD)

    page = open_page(locale="fr-FR")
    log_in_fr(page, "fr@paddock.test")
    page.goto(f"/results/{rnd.pk}")
    main = page.get_by_role("main")
    expect(main.get_by_text("distancé").first).to_be_visible()
    page.goto(f"/community/topics/{topic.pk}")
    expect(main.get_by_text("Arrivée officielle", exact=True)).to_be_visible()
    expect(main.get_by_text("Rapports pour 1 €", exact=True)).to_be_visible()
    assert "Official result" not in main.inner_text()
    assert "Dividends for 1 €" not in main.inner_text()
    assert_fits_phone(page)
    shoot(page, "debrief-fr")

    other = open_page()
    log_in(other, "en@paddock.test", world.PASSWORD)
    other.goto(f"/community/topics/{topic.pk}")
    other_main = other.get_by_role("main")
    expect(other_main.get_by_text("Official result", exact=True)).to_be_visible()
    assert "Arrivée officielle" not in other_main.inner_text()
    shoot(other, "debrief-en")
    assert not page.js_errors
    assert not other.js_errors
