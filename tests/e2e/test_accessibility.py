"""Every page of the web app passes an automated accessibility scan (axe-core, WCAG 2 A/AA
rules) on a 390x844 phone, signed out and signed in: no serious or critical violation.

axe-core comes from the web app's development dependencies (frontend/node_modules); it is
injected through the browser's debugging protocol, which the page's Content-Security-Policy
does not govern, so the pages are scanned exactly as they are served.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from backend.accounts.models import User
from backend.community import services as community
from backend.community.models import MODERATORS_GROUP, Category
from backend.game import services as game
from backend.leagues.models import League
from backend.leagues.services import league_create
from tests.e2e import world
from tests.e2e.conftest import REPO, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = REPO / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
BLOCKING = ("serious", "critical")
SCAN = """
async () => {
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}
"""


def scan(page: Any, path: str) -> list[dict[str, Any]]:
    """Open `path`, wait until it has loaded its data, and return its blocking violations."""
    page.goto(path)
    page.get_by_role("heading", level=1).first.wait_for()
    page.wait_for_load_state("networkidle")
    page.locator(".spinner").first.wait_for(state="detached")
    violations = page.evaluate(SCAN)
    return [{"page": path, **v} for v in violations if v["impact"] in BLOCKING]


def a_season_with_everything() -> dict[str, Any]:
    season = world.season("Spring 2026")
    me = world.player("me@paddock.test", "Camille")
    rival = world.player("rival@paddock.test", "Rival")
    past = world.race(number=1, post_time=timezone.now() + dt.timedelta(hours=1))
    settled = world.open_round(season, past)
    game.pick_submit(player=me, round_id=settled.pk, win=1, place=2)
    game.pick_submit(player=rival, round_id=settled.pk, win=3, place=1)
    result = world.outcome(finish={1: 1, 2: 2, 3: 3}, win={1: 350}, place={1: 150, 2: 180, 3: 240})
    world.settle(settled, result)
    this_week = world.race(
        number=2, post_time=timezone.now() + dt.timedelta(days=3), racecourse="Longchamp"
    )
    open_round = world.open_round(season, this_week)
    game.pick_submit(player=me, round_id=open_round.pk, win=2, place=3)
    league = league_create(owner=me, name="Les Amis", visibility=League.Visibility.PUBLIC)
    league_create(owner=rival, name="Turf Club", visibility=League.Visibility.PUBLIC)
    world.community_categories()
    topic = community.topic_create(
        author=rival,
        category=Category.objects.get(slug="handicapping-help"),
        title="What does a dead heat pay?",
        body="Two horses share first place: what is paid?",
    )
    community.post_create(topic=topic, author=me, body="Each gets **half** the dividend.")
    return {"settled": settled, "open": open_round, "league": league}


def test_every_page_passes_axe_with_no_serious_violation(open_page: Any) -> None:
    assert AXE.exists(), "axe-core is a development dependency of the web app (npm install)"
    made = a_season_with_everything()
    page = open_page()
    page.add_init_script(path=str(Path(AXE)))
    page.set_viewport_size(PHONE)
    found = scan(page, "/")
    log_in(page, "me@paddock.test", world.PASSWORD)
    for path in (
        "/",
        "/pick",
        f"/rounds/{made['open'].pk}",
        f"/rounds/{made['settled'].pk}",
        f"/results/{made['settled'].pk}",
        "/rankings",
        "/leagues",
        f"/leagues/{made['league'].public_id}",
        "/leagues/directory",
        "/community",
        "/community/me",
        "/profile",
        "/account",
    ):
        found += scan(page, path)
    # A moderator's queues, with something in each of the community's.
    me = User.objects.get(email="me@paddock.test")
    me.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    reported = community.topic_create(
        author=User.objects.get(email="rival@paddock.test"),
        category=Category.objects.get(slug="handicapping-help"),
        title="Who fancies a sure thing?",
        body="Send me money for the winner.",
    )
    community.flag_create(reporter=me, topic=reported, reason="spam")
    found += scan(page, "/community/moderation")
    assert found == [], "\n".join(
        f"{v['page']}: {v['impact']} {v['id']} ({v['help']}): {v['nodes']}" for v in found
    )
    assert not page.js_errors
