"""The funnel operators read: registered -> picked -> clicked -> account, league vs solo."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import User
from backend.handoff.models import HandoffClick, OfferImpression
from backend.handoff.selectors.funnel import funnel
from tests.factories import (
    ClickFactory,
    ConversionFactory,
    PickFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
    league_with,
    race_with_runners,
)


@dataclass
class Built:
    season: Any
    first: Any  # settled a week ago
    second: Any  # open, locks tomorrow


@pytest.fixture
def built(partner: Any, operator: Any) -> Built:
    """A season of two rounds and a population whose funnel is counted by hand below.

    League: L1..L4 (L1 owns). Solo: S1..S6. S6 joined after the first round locked, J after
    the second; the operator is staff. S5 plays only in another season.
    """
    now = timezone.now()
    month_ago = now - dt.timedelta(days=30)
    season = SeasonFactory()
    first = RoundFactory(
        season=season,
        race=race_with_runners(10, post_time=now - dt.timedelta(days=7)),
        settled=True,
    )
    second = RoundFactory(season=season)
    elsewhere = RoundFactory(season=SeasonFactory())

    p = {
        name: UserFactory(email=f"{name.lower()}@paddock.test", date_joined=month_ago)
        for name in ("L1", "L2", "L3", "L4", "S1", "S2", "S3", "S4", "S5")
    }
    p["S6"] = UserFactory(email="s6@paddock.test", date_joined=now - dt.timedelta(days=1))
    p["J"] = UserFactory(
        email="j@paddock.test", date_joined=second.locks_at + dt.timedelta(hours=1)
    )
    league_with(p["L1"], p["L2"], p["L3"], p["L4"])

    for name in ("L1", "L2", "L3", "S1", "S2", "S3"):
        PickFactory(player=p[name], round=first)
    for name in ("L1", "L4", "S1", "S4", "S6"):
        PickFactory(player=p[name], round=second)
    PickFactory(player=p["S5"], round=elsewhere)
    PickFactory(player=operator, round=second)

    l1_click = ClickFactory(player=p["L1"], round=first, partner=partner)
    ClickFactory(player=p["L1"], round=first, partner=partner, bet_kind="place", runner_number=3)
    ClickFactory(player=p["S1"], round=first, partner=partner)
    for name in ("L4", "S4", "S6"):
        ClickFactory(player=p[name], round=second, partner=partner)
    ClickFactory(player=operator, round=second, partner=partner)
    ConversionFactory(click=l1_click)
    ConversionFactory(click=p["S4"].handoff_clicks.get())
    ConversionFactory(click=ClickFactory(player=p["S5"], round=elsewhere, partner=partner))
    return Built(season=season, first=first, second=second)


def _table(data: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {
        s["key"]: (s["counts"]["all"], s["counts"]["league"], s["counts"]["solo"])
        for s in data["steps"]
    }


def test_it_counts_the_season_funnel(built: Built) -> None:
    data = funnel(season=built.season)
    assert data["rounds"] == 2
    assert _table(data) == {
        "registered": (10, 4, 6),
        "picked": (9, 4, 5),
        "clicked": (5, 2, 3),
        "converted": (2, 1, 1),
    }
    clicked = data["steps"][2]
    assert clicked["rate_from_previous"] == {"all": 0.5556, "league": 0.5, "solo": 0.6}
    assert clicked["rate_from_registered"] == {"all": 0.5, "league": 0.5, "solo": 0.5}
    assert data["steps"][0]["rate_from_previous"] == {"all": None, "league": None, "solo": None}


def test_it_counts_one_rounds_funnel_with_players_registered_before_its_lock(
    built: Built,
) -> None:
    data = funnel(round=built.first)
    assert data["rounds"] == 1
    assert data["season_id"] == built.season.pk
    assert _table(data) == {
        "registered": (9, 4, 5),
        "picked": (6, 3, 3),
        "clicked": (2, 1, 1),
        "converted": (1, 1, 0),
    }
    assert data["steps"][3]["rate_from_previous"] == {"all": 0.5, "league": 1.0, "solo": 0.0}


def test_it_counts_nothing_for_a_season_without_rounds(partner: Any, owner: Any) -> None:
    data = funnel(season=SeasonFactory())
    assert data["rounds"] == 0
    assert all(count == 0 for s in data["steps"] for count in s["counts"].values())
    assert data["steps"][1]["rate_from_registered"] == {"all": None, "league": None, "solo": None}


def test_it_computes_the_funnel_in_a_fixed_number_of_queries(
    built: Built, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(4):
        funnel(season=built.season)


def _staff_client(operator: Any) -> Client:
    client = Client()
    client.force_login(operator)
    return client


def test_it_shows_the_funnel_page_to_staff(built: Built, operator: Any) -> None:
    url = reverse("admin:handoff_funnel") + f"?season={built.season.pk}"
    response = _staff_client(operator).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<tr data-step="clicked">' in page
    assert '<td class="count" data-segment="league">2</td>' in page
    assert "<svg" in page
    assert "<script" not in page.split('<div id="content-main">', 1)[1]
    assert "55.6 %" in page  # 5 clicked of 9 picked


def test_it_exports_the_funnel_as_csv(built: Built, operator: Any) -> None:
    url = reverse("admin:handoff_funnel_csv") + f"?round={built.first.pk}"
    response = _staff_client(operator).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"handoff-funnel-round-{built.first.pk}.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 12
    by_key = {(r["step"], r["segment"]): r for r in rows}
    assert by_key["picked", "all"]["players"] == "6"
    assert by_key["converted", "league"]["players"] == "1"
    assert by_key["converted", "solo"]["rate_from_previous"] == "0.0000"
    assert by_key["registered", "solo"]["rate_from_previous"] == ""
    assert by_key["clicked", "all"]["rate_from_registered"] == "0.2222"


def test_it_shows_every_round_when_no_scope_is_chosen(built: Built, operator: Any) -> None:
    response = _staff_client(operator).get(reverse("admin:handoff_funnel"))
    assert response.status_code == 200
    assert "Every round" in response.content.decode()


@pytest.mark.parametrize("name", ["admin:handoff_funnel", "admin:handoff_funnel_csv"])
def test_it_sends_players_to_the_admin_login(built: Built, owner: Any, name: str) -> None:
    client = Client()
    client.force_login(owner)
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("name", ["admin:handoff_funnel", "admin:handoff_funnel_csv"])
def test_it_sends_anonymous_visitors_to_the_admin_login(db: Any, name: str) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_counts_offers_and_clicks_by_page_with_the_reality_check(
    built: Built, operator: Any
) -> None:
    """Shown: L4 and S4 on the pick page of the second round (S4 after the check), L1 once
    on the first round's results page (before offers left results pages). Clicks come from
    `built`: 3 on the first round, 4 on the second, all from the pick page, none after a
    check; plus one from L1 on the results page, after the check."""
    players = {u.email.split("@")[0].upper(): u for u in User.objects.all()}
    OfferImpression.objects.create(player=players["L4"], round=built.second, page="pick")
    OfferImpression.objects.create(
        player=players["S4"], round=built.second, page="pick", reality_check_seen=True
    )
    OfferImpression.objects.create(player=players["L1"], round=built.first, page="results")
    ClickFactory(
        player=players["L1"],
        round=built.first,
        partner=HandoffClick.objects.first().partner,
        page="results",
        reality_check_seen=True,
    )
    pages = {row["page"]: row for row in funnel(season=built.season)["pages"]}
    assert pages["pick"] == {
        "page": "pick",
        "label": "Pick page (before the race)",
        "shown": 2,
        "shown_after_check": 1,
        "clicks": 7,
        "clicks_after_check": 0,
        "clicks_without_check": 7,
    }
    assert (pages["results"]["shown"], pages["results"]["clicks"]) == (1, 1)
    assert pages["results"]["clicks_after_check"] == 1
    page = _staff_client(operator).get(reverse("admin:handoff_funnel"), {"season": built.season.pk})
    html = page.content.decode()
    assert '<tr data-page="pick">' in html
    assert '<td class="count" data-column="clicks_without_check">7</td>' in html
