"""GET/PATCH /api/v1/notifications/preferences/: the player's own email preferences."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backend.notifications.models import EmailPreference
from tests.factories import PreferenceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/preferences/"


def test_it_starts_with_everything_on_but_the_digest(api_as: Any, member: Any) -> None:
    response = api_as(member).get(URL)
    assert response.status_code == 200
    assert response.json() == {
        "round_open": True,
        "reminders": True,
        "results": True,
        "community_digest": False,
        "betting_offers": True,
    }
    assert not EmailPreference.objects.exists()  # reading saves nothing


def test_it_changes_only_what_is_sent(api_as: Any, member: Any) -> None:
    client = api_as(member)
    response = client.patch(URL, {"reminders": False, "community_digest": True}, format="json")
    assert response.status_code == 200
    assert response.json()["reminders"] is False
    assert response.json()["community_digest"] is True
    assert response.json()["results"] is True
    assert client.get(URL).json()["reminders"] is False


def test_it_refuses_a_non_boolean(api_as: Any, member: Any) -> None:
    response = api_as(member).patch(URL, {"results": "sometimes"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_it_shows_betting_offers_as_the_hand_off_decides(api_as: Any, member: Any) -> None:
    PreferenceFactory(
        player=member,
        offers_enabled=False,
        self_excluded_until=timezone.now() + dt.timedelta(days=30),
        self_excluded_at=timezone.now(),
    )
    client = api_as(member)
    assert client.get(URL).json()["betting_offers"] is False
    response = client.patch(URL, {"betting_offers": True}, format="json")
    assert response.json()["betting_offers"] is False  # read-only here


def test_it_keeps_each_players_preferences_apart(api_as: Any, member: Any, owner: Any) -> None:
    api_as(member).patch(URL, {"results": False}, format="json")
    assert api_as(owner).get(URL).json()["results"] is True


def test_it_refuses_anonymous_visitors(api: Any) -> None:
    assert api.get(URL).status_code in (401, 403)
    assert api.patch(URL, {"results": False}, format="json").status_code in (401, 403)
