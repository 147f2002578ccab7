"""Explain my score: each selection of a settled pick, from what settlement stored."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from backend.game.models import Round
from tests.factories import lock, store_result

from .conftest import url

pytestmark = pytest.mark.django_db


def settle(rnd: Round, capture: Any, **kwargs: Any) -> None:
    with capture(execute=True):
        store_result(rnd.race, **kwargs)


def legs(api: Any, rnd: Round) -> dict[str, dict[str, Any]]:
    body = api.get(url(f"rounds/{rnd.pk}/result/")).json()
    return {leg["kind"]: leg for leg in body["explanation"]["legs"]}


def test_it_explains_the_alternate_the_favourite_and_the_cap(
    rnd: Round, owner: Any, member: Any, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    api_as(owner).put(
        url(f"rounds/{rnd.pk}/pick/"), {"win": 4, "place": 2, "alternate": 6}, format="json"
    )
    api_as(member).put(url(f"rounds/{rnd.pk}/pick/"), {"win": 4, "place": 5}, format="json")
    lock(rnd)
    # 4 is withdrawn; 1 (odds 3.0) is the favourite; 6 wins at 45.00, above the 21.00 cap.
    settle(
        rnd,
        django_capture_on_commit_callbacks,
        finish={6: 1, 1: 2, 2: 3},
        win={6: 4500},
        place={6: 250, 1: 130, 2: 180},
        non_runners=frozenset({4}),
    )
    mine = legs(api_as(owner), rnd)
    assert mine["win"] | {} == {
        "kind": "win",
        "picked": 4,
        "picked_state": "non_runner",
        "settled_on": 6,
        "settled_state": "ran",
        "substitution": "alternate",
        "dead_heat": False,
        "dividend_cents": 4500,
        "pool": "internet",
        "paid_runner": 6,
        "cap_cents": 2100,
        "capped": True,
        "hit": True,
        "points": 4200,
    }
    assert (mine["place"]["substitution"], mine["place"]["points"]) == ("none", 360)
    assert not mine["place"]["capped"]
    theirs = legs(api_as(member), rnd)
    assert (theirs["win"]["substitution"], theirs["win"]["settled_on"]) == ("favourite", 1)
    assert (theirs["win"]["hit"], theirs["win"]["dividend_cents"]) == (False, None)
    assert (theirs["place"]["picked_state"], theirs["place"]["points"]) == ("ran", 0)


def test_it_explains_a_disqualified_pick_and_a_dead_heat(
    rnd: Round, owner: Any, member: Any, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    api_as(owner).put(url(f"rounds/{rnd.pk}/pick/"), {"win": 4, "place": 1}, format="json")
    api_as(member).put(url(f"rounds/{rnd.pk}/pick/"), {"win": 3, "place": 3}, format="json")
    lock(rnd)
    settle(
        rnd,
        django_capture_on_commit_callbacks,
        finish={1: 1, 3: 1, 2: 3},
        win={1: 300, 3: 500},
        place={1: 120, 3: 150, 2: 200},
        disqualified=frozenset({4}),
    )
    mine = legs(api_as(owner), rnd)
    assert (mine["win"]["picked_state"], mine["win"]["substitution"]) == ("disqualified", "none")
    assert (mine["win"]["points"], mine["win"]["hit"]) == (0, False)
    assert mine["place"]["dead_heat"]
    theirs = legs(api_as(member), rnd)
    assert theirs["win"]["dead_heat"]
    assert (theirs["win"]["dividend_cents"], theirs["win"]["points"]) == (500, 1000)


def test_a_locked_round_says_when_its_result_is_expected(
    rnd: Round, owner: Any, api_as: Any
) -> None:
    lock(rnd)
    body = api_as(owner).get(url(f"rounds/{rnd.pk}/")).json()
    assert body["status"] == "locked"
    assert body["race"]["status"] == "scheduled"
    assert body["race"]["result_updated_at"] is None
    expected = datetime.fromisoformat(body["result_expected_at"])
    assert expected - datetime.fromisoformat(body["race"]["post_time"]) == timedelta(minutes=20)
