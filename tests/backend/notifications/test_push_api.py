"""/api/v1/notifications/push/…: subscribe, unsubscribe (one or all), preferences."""

from __future__ import annotations

from typing import Any

import pytest

from backend.notifications.models import PushSubscription

from .pushsink import browser

pytestmark = pytest.mark.django_db

BASE = "/api/v1/notifications/push/"


def body(endpoint: str = "https://push.example/sub/1") -> dict[str, Any]:
    device = browser(endpoint)
    return {"endpoint": endpoint, "keys": {"p256dh": device.p256dh, "auth": device.auth}}


def test_push_is_off_without_keys_and_says_so(api_as: Any, member: Any, settings: Any) -> None:
    settings.PUSH_VAPID_PUBLIC_KEY = ""
    state = api_as(member).get(BASE).json()
    assert state["enabled"] is False
    assert state["public_key"] == ""
    assert state["preferences"] == {
        "round_open": True,
        "reminders": True,
        "results": True,
        "replies": True,
        "help_requests": True,
    }


def test_subscribe_then_one_click_off(api_as: Any, member: Any, settings: Any) -> None:
    settings.PUSH_VAPID_PUBLIC_KEY = "BPub"
    settings.PUSH_VAPID_PRIVATE_KEY = "priv"
    client = api_as(member)
    for n in (1, 2):
        response = client.post(
            f"{BASE}subscriptions/", body(f"https://push.example/{n}"), format="json"
        )
        assert response.status_code == 201
    state = client.get(BASE).json()
    assert (state["enabled"], state["public_key"], state["subscriptions"]) == (True, "BPub", 2)
    one = client.post(f"{BASE}unsubscribe/", {"endpoint": "https://push.example/1"}, format="json")
    assert one.json() == {"removed": 1}
    assert client.post(f"{BASE}unsubscribe/", {}, format="json").json() == {"removed": 1}
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"endpoint": "http://push.example/1"}, "endpoint"),
        ({"endpoint": "not a url"}, "endpoint"),
        ({"keys": {"p256dh": "short", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "keys"),
        ({"keys": {"p256dh": body()["keys"]["p256dh"], "auth": "!!"}}, "keys"),
    ],
)
def test_a_bad_subscription_is_refused_with_the_field(
    api_as: Any, member: Any, change: dict[str, Any], field: str
) -> None:
    response = api_as(member).post(f"{BASE}subscriptions/", {**body(), **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not PushSubscription.objects.exists()


def test_preferences_change_per_kind(api_as: Any, member: Any) -> None:
    client = api_as(member)
    response = client.patch(f"{BASE}preferences/", {"results": False}, format="json")
    assert response.status_code == 200
    assert response.json()["results"] is False
    assert client.get(BASE).json()["preferences"]["results"] is False
    assert client.patch(f"{BASE}preferences/", {"results": "no"}, format="json").status_code == 400


def test_anonymous_callers_are_refused(api_as: Any) -> None:
    assert api_as(None).get(BASE).status_code in (401, 403)
    assert api_as(None).post(f"{BASE}subscriptions/", body(), format="json").status_code in (
        401,
        403,
    )
