"""Self-exclusion periods follow the player's country; a short break hides betting too."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backend.handoff.models import BettingPreference
from backend.handoff.periods import BREAK, SELF_EXCLUSION_BY_COUNTRY, self_exclusion_scheme
from backend.handoff.selectors.offers import Reason, betting_offer_check, eligible_player_ids
from backend.handoff.services import betting_break_start
from tests.factories import PreferenceFactory

PREFERENCES = "/api/v1/handoff/preferences/"
SELF_EXCLUSION = "/api/v1/handoff/self-exclusion/"
BREAK_URL = "/api/v1/handoff/break/"


def test_each_countrys_periods_are_its_schemes_with_their_source() -> None:
    france, britain = SELF_EXCLUSION_BY_COUNTRY["FR"], SELF_EXCLUSION_BY_COUNTRY["GB"]
    assert france.codes == ["7d", "1m", "3m", "6m", "1y", "3y"]  # 7 days minimum; ANJ 3 years
    assert "ANJ" in france.source
    assert britain.codes == ["6m", "1y", "5y"]  # GAMSTOP
    assert "GAMSTOP" in britain.source
    assert self_exclusion_scheme("DE").codes == ["6m", "1y", "5y"]
    assert BREAK.codes == ["24h", "1w", "1m", "6w"]
    start = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
    assert france.periods[0].end(start) == dt.datetime(2026, 3, 8, 12, 0, tzinfo=dt.UTC)
    assert BREAK.periods[0].end(start) == dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
    assert BREAK.periods[-1].end(start) == dt.datetime(2026, 4, 12, 12, 0, tzinfo=dt.UTC)


def test_a_british_player_chooses_among_the_gamstop_periods(api_as: Any, owner: Any) -> None:
    owner.country = "GB"
    owner.save()
    client = api_as(owner)
    assert client.get(PREFERENCES).json()["self_exclusion_periods"] == ["6m", "1y", "5y"]
    refused = client.post(SELF_EXCLUSION, {"period": "7d"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid_period"
    assert client.post(SELF_EXCLUSION, {"period": "5y"}).status_code == 201


def test_a_french_player_may_exclude_themselves_for_seven_days(api_as: Any, owner: Any) -> None:
    before = timezone.now()
    assert api_as(owner).post(SELF_EXCLUSION, {"period": "7d"}).status_code == 201
    until = BettingPreference.objects.get(player=owner).self_excluded_until
    assert until is not None
    assert before + dt.timedelta(days=7) <= until <= timezone.now() + dt.timedelta(days=7)


def test_a_break_hides_offers_and_ends_by_itself(api_as: Any, owner: Any) -> None:
    response = api_as(owner).post(BREAK_URL, {"period": "24h"})
    assert response.status_code == 201
    body = response.json()
    assert body["on_break"] is True
    assert body["offers_enabled"] is True  # untouched: offers come back when it ends
    assert body["self_excluded"] is False


def test_a_break_cannot_be_cut_short_only_extended(db: Any, owner: Any) -> None:
    client_start = timezone.now()
    betting_break_start(player=owner, period="6w", now=client_start)
    with pytest.raises(Exception) as refused:
        betting_break_start(player=owner, period="1w", now=client_start)
    assert getattr(refused.value, "code", "") == "break_not_extended"


def test_it_refuses_an_unknown_break(api_as: Any, owner: Any) -> None:
    response = api_as(owner).post(BREAK_URL, {"period": "3m"})
    assert response.status_code == 400
    assert "period" in response.json()["fields"]  # not one of the schema's choices


def test_a_player_on_a_break_gets_no_offer_one_by_one_or_in_bulk(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    PreferenceFactory(player=owner, break_until=timezone.now() + dt.timedelta(hours=3))
    decision = betting_offer_check(player=owner, round=open_round)
    assert (decision.offer, decision.reason) == (None, Reason.ON_BREAK)
    assert (
        eligible_player_ids(partner=partner, player_ids=[owner.pk], today=timezone.localdate())
        == set()
    )


def test_offers_come_back_when_the_break_is_over(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    PreferenceFactory(player=owner, break_until=timezone.now() - dt.timedelta(minutes=1))
    assert betting_offer_check(player=owner, round=open_round).offer is not None
    assert eligible_player_ids(
        partner=partner, player_ids=[owner.pk], today=timezone.localdate()
    ) == {owner.pk}


def test_the_break_endpoint_needs_a_signed_in_player(api: Any) -> None:
    assert api.post(BREAK_URL, {"period": "24h"}).status_code in (401, 403)
