"""A player turns betting offers off and on, and may exclude themselves for good reasons."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backend.common.errors import ApplicationError
from backend.handoff.models import BettingPreference
from backend.handoff.periods import add_months
from backend.handoff.services import (
    betting_preference_update,
    betting_self_exclusion_start,
)

PREFERENCES = "/api/v1/handoff/preferences/"
SELF_EXCLUSION = "/api/v1/handoff/self-exclusion/"


def test_it_shows_the_defaults_to_a_player_who_never_changed_anything(
    api_as: Any, owner: Any
) -> None:
    response = api_as(owner).get(PREFERENCES)
    assert response.status_code == 200
    body = response.json()
    assert body.pop("self_exclusion_source")["url"] == "https://anj.fr/"
    assert body == {
        "offers_enabled": True,
        "self_excluded": False,
        "self_excluded_until": None,
        "self_exclusion_periods": ["7d", "1m", "3m", "6m", "1y", "3y"],  # France
        "on_break": False,
        "break_until": None,
        "break_periods": ["24h", "1w", "1m", "6w"],
    }
    assert not BettingPreference.objects.exists()  # reading writes nothing


def test_it_turns_offers_off_and_on_again(api_as: Any, owner: Any) -> None:
    client = api_as(owner)
    assert (
        client.patch(PREFERENCES, {"offers_enabled": False}, format="json").json()["offers_enabled"]
        is False
    )
    assert BettingPreference.objects.get(player=owner).offers_enabled is False
    assert (
        client.patch(PREFERENCES, {"offers_enabled": True}, format="json").json()["offers_enabled"]
        is True
    )


def test_it_refuses_a_preference_without_a_value(api_as: Any, owner: Any) -> None:
    assert api_as(owner).patch(PREFERENCES, {}, format="json").status_code == 400


@pytest.mark.parametrize(("period", "months"), [("1m", 1), ("6m", 6), ("1y", 12), ("3y", 36)])
def test_it_self_excludes_for_the_chosen_period_and_turns_offers_off(
    api_as: Any, owner: Any, period: str, months: int
) -> None:
    before = timezone.now()
    response = api_as(owner).post(SELF_EXCLUSION, {"period": period})
    assert response.status_code == 201
    body = response.json()
    assert body["self_excluded"] is True
    assert body["offers_enabled"] is False
    pref = BettingPreference.objects.get(player=owner)
    assert pref.self_excluded_until is not None
    assert add_months(before, months) <= pref.self_excluded_until
    assert pref.self_excluded_until <= add_months(timezone.now(), months)


def test_it_refuses_an_unknown_period(api_as: Any, owner: Any) -> None:
    response = api_as(owner).post(SELF_EXCLUSION, {"period": "1d"})
    assert response.status_code == 400
    assert not BettingPreference.objects.exists()


def test_it_refuses_to_turn_offers_on_during_a_self_exclusion(api_as: Any, owner: Any) -> None:
    client = api_as(owner)
    client.post(SELF_EXCLUSION, {"period": "6m"})
    response = client.patch(PREFERENCES, {"offers_enabled": True}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "self_excluded"
    assert BettingPreference.objects.get(player=owner).offers_enabled is False


@pytest.mark.parametrize(("first", "then"), [("3y", "6m"), ("3y", "1y"), ("1y", "7d")])
def test_it_refuses_to_shorten_a_self_exclusion(
    api_as: Any, owner: Any, first: str, then: str
) -> None:
    client = api_as(owner)
    client.post(SELF_EXCLUSION, {"period": first})
    until = BettingPreference.objects.get(player=owner).self_excluded_until
    response = client.post(SELF_EXCLUSION, {"period": then})
    assert response.status_code == 409
    assert response.json()["code"] == "self_exclusion_not_extended"
    assert BettingPreference.objects.get(player=owner).self_excluded_until == until


def test_it_extends_a_self_exclusion(api_as: Any, owner: Any) -> None:
    client = api_as(owner)
    client.post(SELF_EXCLUSION, {"period": "6m"})
    first = BettingPreference.objects.get(player=owner).self_excluded_until
    assert client.post(SELF_EXCLUSION, {"period": "3y"}).status_code == 201
    later = BettingPreference.objects.get(player=owner).self_excluded_until
    assert first is not None
    assert later is not None
    assert later > first


def test_it_lets_offers_be_turned_on_only_after_the_exclusion_ends(db: Any, owner: Any) -> None:
    start = timezone.now()
    pref = betting_self_exclusion_start(player=owner, period="6m", now=start)
    assert pref.self_excluded_until is not None
    with pytest.raises(ApplicationError):
        betting_preference_update(
            player=owner,
            offers_enabled=True,
            now=pref.self_excluded_until - dt.timedelta(seconds=1),
        )
    after = betting_preference_update(
        player=owner, offers_enabled=True, now=pref.self_excluded_until
    )
    assert after.offers_enabled is True


def test_it_counts_calendar_months() -> None:
    moment = dt.datetime(2026, 8, 31, 12, 0, tzinfo=dt.UTC)
    assert add_months(moment, 6) == dt.datetime(2027, 2, 28, 12, 0, tzinfo=dt.UTC)
    assert add_months(moment, 60) == dt.datetime(2031, 8, 31, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", PREFERENCES, None),
        ("patch", PREFERENCES, {"offers_enabled": True}),
        ("post", SELF_EXCLUSION, {"period": "6m"}),
    ],
)
def test_it_refuses_anonymous_players(api: Any, db: Any, method: str, url: str, data: Any) -> None:
    assert getattr(api, method)(url, data).status_code in (401, 403)


def test_it_never_lets_an_operator_lift_an_exclusion_in_the_admin(
    client: Any, operator: Any, owner: Any
) -> None:
    pref = betting_self_exclusion_start(player=owner, period="1y")
    client.force_login(operator)
    url = f"/admin/handoff/bettingpreference/{pref.pk}/change/"
    client.post(
        url, {"offers_enabled": "on", "self_excluded_until_0": "", "self_excluded_until_1": ""}
    )
    pref.refresh_from_db()
    assert pref.self_excluded_until is not None
    assert pref.offers_enabled is False
    assert (
        client.post(
            f"/admin/handoff/bettingpreference/{pref.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert BettingPreference.objects.filter(pk=pref.pk).exists()
