"""The reality check: the season's picks as real 2 € bets at the official dividends."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from backend.game.models import Round, Season
from backend.handoff.models import HandoffClick, OfferImpression, RealityCheckSeen
from backend.handoff.selectors.funnel import funnel
from backend.handoff.selectors.offers import betting_offer_for
from backend.handoff.selectors.reality import reality_check
from backend.racing.models import Dividend, Runner
from tests.factories import (
    DividendFactory,
    PickFactory,
    PreferenceFactory,
    RoundFactory,
    SeasonFactory,
)

REALITY = "/api/v1/handoff/reality-check/"
SEEN = "/api/v1/handoff/reality-check/seen/"

# One arrival for every settled round: 1 wins, then 3 and 2 placed.
WIN = {1: 3450}  # 34.50 € for 1 €: above the game's 21.00 cap, which real money ignores
PLACE = {1: 150, 3: 210, 2: 400}


def _settled(season: Season, number: int) -> Round:
    game_round = RoundFactory(season=season, number=number, settled=True)
    for kind, table in ((Dividend.Kind.WIN, WIN), (Dividend.Kind.PLACE, PLACE)):
        for runner, cents in table.items():
            DividendFactory(race=game_round.race, kind=kind, number=runner, cents=cents)
    return game_round


@pytest.fixture
def season(owner: Any, outsider: Any) -> Season:
    """The owner's season, computed by hand (2 € a bet, 4 € a week):

    week 1: 1 to win (34.50) and 3 to place (2.10): 69.00 + 4.20 = 73.20, a gain;
    week 2: 5 and 5: nothing, 4.00 lost;
    week 3: 4 to win is a non-runner (refunded 2.00), 2 to place (4.00): 2.00 + 8.00 = 10.00;
    week 4: 9 and 9: nothing, 4.00 lost;
    week 5: a void round: both bets refunded, 4.00;
    week 6: still open: not counted.
    Staked 20.00, returned 73.20 + 10.00 + 4.00 = 87.20, net +67.20, 2 weeks lost.
    The outsider only played weeks 2 and 4: staked 8.00, returned 0, net -8.00.
    """
    season = SeasonFactory()
    picks = {1: (1, 3), 2: (5, 5), 3: (4, 2), 4: (9, 9)}
    rounds = {n: _settled(season, n) for n in picks}
    Runner.objects.filter(race=rounds[3].race, number=4).update(status=Runner.Status.NON_RUNNER)
    for n, (win, place) in picks.items():
        PickFactory(round=rounds[n], player=owner, win=win, place=place)
    void = RoundFactory(season=season, number=5, void=True)
    PickFactory(round=void, player=owner, win=1, place=1)
    PickFactory(round=RoundFactory(season=season, number=6), player=owner, win=1, place=1)
    for n in (2, 4):
        PickFactory(round=rounds[n], player=outsider, win=1 if n == 2 else 9, place=9)
    return season


def test_it_replays_the_season_as_real_bets_uncapped(owner: Any, season: Season) -> None:
    check = reality_check(player=owner, season=season)
    assert check.weeks == 5
    assert check.staked_cents == 2000
    assert check.returned_cents == 6900 + 420 + 200 + 800 + 400
    assert check.returned_cents == 8720
    assert check.net_cents == 6720
    assert check.outcome == "gain"
    assert check.weeks_lost == 2
    assert check.refunded_bets == 3  # the non-runner and the void round's two bets
    assert check.seen is False


def test_it_says_a_loss_is_a_loss(outsider: Any, season: Season) -> None:
    """Week 2: 1 to win pays 69.00, 9 to place nothing; week 4: nothing at all."""
    check = reality_check(player=outsider, season=season)
    assert (check.weeks, check.staked_cents, check.returned_cents) == (2, 800, 6900)
    assert (check.net_cents, check.outcome, check.weeks_lost) == (6100, "gain", 1)
    PickFactory._meta.model.objects.filter(player=outsider, win=1).update(win=8)
    loss = reality_check(player=outsider, season=season)
    assert (loss.returned_cents, loss.net_cents, loss.outcome, loss.weeks_lost) == (
        0,
        -800,
        "loss",
        2,
    )


def test_an_empty_season_is_even(owner: Any) -> None:
    check = reality_check(player=owner, season=SeasonFactory())
    assert (check.weeks, check.staked_cents, check.net_cents, check.outcome) == (0, 0, 0, "even")


def test_it_reads_the_season_in_three_queries(
    owner: Any, season: Season, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(4):  # picks, runners, dividends, seen
        reality_check(player=owner, season=season)


def test_the_settings_page_reads_the_current_seasons_check(
    api_as: Any, owner: Any, season: Season
) -> None:
    body = api_as(owner).get(REALITY, {"season": season.pk}).json()
    assert body["reason"] is None
    check = body["reality_check"]
    assert check["staked_cents"] == 2000
    assert check["returned_cents"] == 8720
    assert check["net_cents"] == 6720
    assert check["outcome"] == "gain"
    assert check["weeks"] == 5
    assert check["weeks_lost"] == 2
    assert check["stake_cents"] == 200


@pytest.mark.parametrize(
    ("field", "reason"), [("self_excluded_until", "self_excluded"), ("break_until", "on_break")]
)
def test_it_hides_the_check_while_excluded_or_on_a_break(
    api_as: Any, owner: Any, season: Season, field: str, reason: str
) -> None:
    PreferenceFactory(player=owner, **{field: timezone.now() + dt.timedelta(days=1)})
    client = api_as(owner)
    assert client.get(REALITY, {"season": season.pk}).json() == {
        "reality_check": None,
        "reason": reason,
    }
    refused = client.post(SEEN, {"season": season.pk})
    assert refused.status_code == 403
    assert refused.json()["code"] == reason
    assert not RealityCheckSeen.objects.exists()


def test_the_offer_comes_with_the_check_until_it_has_been_read(
    api_as: Any, partner: Any, owner: Any, season: Season
) -> None:
    open_round = Round.objects.get(season=season, number=6)
    client = api_as(owner)
    url = f"/api/v1/handoff/rounds/{open_round.pk}/offer/"
    body = client.get(url).json()
    assert body["offer"]["actions"]
    assert body["reality_check"]["net_cents"] == 6720
    assert body["reality_check"]["seen"] is False
    impression = OfferImpression.objects.get()
    assert (impression.page, impression.reality_check_seen) == ("pick", False)

    assert client.post(SEEN, {"season": season.pk}).status_code == 201
    assert client.post(SEEN, {"season": season.pk}).status_code == 201  # idempotent
    assert RealityCheckSeen.objects.count() == 1
    assert client.get(url).json()["reality_check"]["seen"] is True
    impression.refresh_from_db()
    assert impression.reality_check_seen is True
    assert OfferImpression.objects.count() == 1  # once per player, round and page


def test_a_click_records_whether_the_check_had_been_read(
    partner: Any, owner: Any, season: Season
) -> None:
    open_round = Round.objects.get(season=season, number=6)
    offer = betting_offer_for(player=owner, round=open_round)
    assert offer is not None
    client = Client()
    client.force_login(owner)
    assert client.get(offer.actions[0].path).status_code == 302
    RealityCheckSeen.objects.create(player=owner, season=season)
    assert client.get(offer.actions[1].path).status_code == 302
    seen = dict(HandoffClick.objects.values_list("bet_kind", "reality_check_seen"))
    assert seen == {"win": False, "place": True}

    pages = {row["page"]: row for row in funnel(season=season)["pages"]}
    assert pages["pick"]["clicks"] == 2
    assert pages["pick"]["clicks_after_check"] == 1
    assert pages["pick"]["clicks_without_check"] == 1
    assert pages["results"]["clicks"] == 0
