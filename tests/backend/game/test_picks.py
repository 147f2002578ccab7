"""Picks: made and changed until the lock (database clock), private until then."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from backend.common.errors import ApplicationError
from backend.game.models import Pick, Round
from backend.game.services import pick_submit
from backend.racing.models import Runner
from tests.factories import PickFactory, RoundFactory, lock

from .conftest import url

pytestmark = pytest.mark.django_db


def put_pick(client: Any, rnd: Round, **pick: Any) -> Any:
    return client.put(url(f"rounds/{rnd.pk}/pick/"), pick, format="json")


def test_it_takes_a_pick_and_lets_the_player_change_it(rnd: Round, owner: Any, api_as: Any) -> None:
    client = api_as(owner)
    made = put_pick(client, rnd, win=3, place=5)
    assert made.status_code == 201
    assert made.json()["win"] == 3
    stored = Pick.objects.get()
    assert (stored.round_id, stored.player_id) == (rnd.pk, owner.pk)
    assert (stored.win, stored.place, stored.alternate) == (3, 5, None)
    changed = put_pick(client, rnd, win=4, place=4, alternate=7)
    assert changed.status_code == 200
    pick = Pick.objects.get(round=rnd, player=owner)
    assert (pick.win, pick.place, pick.alternate) == (4, 4, 7)
    assert (Pick.objects.count(), pick.pk) == (1, stored.pk)
    assert client.get(url(f"rounds/{rnd.pk}/pick/")).json()["alternate"] == 7


def test_it_takes_a_pick_one_second_before_the_lock(rnd: Round, owner: Any, api_as: Any) -> None:
    lock(rnd, seconds=1)
    assert put_pick(api_as(owner), rnd, win=1, place=2).status_code == 201
    pick = Pick.objects.get()
    assert (pick.round_id, pick.player_id, pick.win, pick.place) == (rnd.pk, owner.pk, 1, 2)


def test_it_refuses_a_pick_one_second_after_the_lock(rnd: Round, owner: Any, api_as: Any) -> None:
    PickFactory(round=rnd, player=owner, win=1, place=2)
    lock(rnd, seconds=-1)
    response = put_pick(api_as(owner), rnd, win=5, place=6)
    assert response.status_code == 409
    assert response.json()["code"] == "round_locked"
    pick = Pick.objects.get(round=rnd, player=owner)
    assert (pick.win, pick.place) == (1, 2)


def test_it_refuses_a_late_pick_even_when_the_round_still_says_open(rnd: Round, owner: Any) -> None:
    lock(rnd, seconds=-1)
    assert Round.objects.get(pk=rnd.pk).status == Round.Status.OPEN
    with pytest.raises(ApplicationError) as refused:
        pick_submit(player=owner, round_id=rnd.pk, win=1, place=2)
    assert refused.value.code == "round_locked"
    assert not Pick.objects.exists()


@pytest.mark.parametrize("status", [Round.Status.LOCKED, Round.Status.SETTLED, Round.Status.VOID])
def test_it_refuses_a_pick_for_a_round_that_is_not_open(
    status: str, owner: Any, api_as: Any
) -> None:
    rnd = RoundFactory(status=status)
    response = put_pick(api_as(owner), rnd, win=1, place=2)
    assert response.status_code == 409
    assert not Pick.objects.exists()


def test_it_hides_draft_rounds(owner: Any, api_as: Any) -> None:
    rnd = RoundFactory(status=Round.Status.DRAFT)
    assert put_pick(api_as(owner), rnd, win=1, place=2).status_code == 404
    assert api_as(owner).get(url(f"rounds/{rnd.pk}/")).status_code == 404


def test_it_refuses_a_saddle_number_not_in_the_race(rnd: Round, owner: Any, api_as: Any) -> None:
    response = put_pick(api_as(owner), rnd, win=11, place=2)
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_runner"
    assert not Pick.objects.exists()


def test_it_refuses_a_non_runner(rnd: Round, owner: Any, api_as: Any) -> None:
    Runner.objects.filter(race=rnd.race, number=4).update(status=Runner.Status.NON_RUNNER)
    for pick in (
        {"win": 4, "place": 1},
        {"win": 1, "place": 4},
        {"win": 1, "place": 2, "alternate": 4},
    ):
        response = put_pick(api_as(owner), rnd, **pick)
        assert response.status_code == 400
        assert response.json()["code"] == "non_runner"
    assert not Pick.objects.exists()


def test_it_refuses_the_win_runner_as_alternate(rnd: Round, owner: Any, api_as: Any) -> None:
    response = put_pick(api_as(owner), rnd, win=3, place=5, alternate=3)
    assert response.status_code == 400
    assert response.json()["code"] == "alternate_is_win"
    assert not Pick.objects.exists()


def test_it_refuses_a_malformed_pick(rnd: Round, owner: Any, api_as: Any) -> None:
    assert put_pick(api_as(owner), rnd, win=0, place=2).status_code == 400
    assert put_pick(api_as(owner), rnd, place=2).status_code == 400


def test_it_keeps_picks_private_until_the_lock(
    rnd: Round, owner: Any, member: Any, outsider: Any, api_as: Any
) -> None:
    PickFactory(round=rnd, player=owner, win=7, place=8)
    client = api_as(outsider)
    assert client.get(url(f"rounds/{rnd.pk}/pick/")).status_code == 404
    assert client.get(url(f"rounds/{rnd.pk}/")).json()["my_pick"] is None
    assert client.get(url("rounds/")).json()["results"][0]["my_pick"] is None
    assert client.get(url("me/picks/")).json()["results"] == []
    crowd = client.get(url(f"rounds/{rnd.pk}/crowd/"))
    assert crowd.status_code == 403
    assert "7" not in str(crowd.json())
    assert client.get(url(f"rounds/{rnd.pk}/result/")).status_code == 409
    assert client.get(url(f"rounds/{rnd.pk}/rankings/")).status_code == 409


def test_it_shows_the_crowd_after_the_lock(
    rnd: Round, owner: Any, member: Any, outsider: Any, api_as: Any
) -> None:
    PickFactory(round=rnd, player=owner, win=7, place=8)
    PickFactory(round=rnd, player=member, win=7, place=1)
    PickFactory(round=rnd, player=outsider, win=2, place=1)
    lock(rnd)
    crowd = api_as(outsider).get(url(f"rounds/{rnd.pk}/crowd/")).json()
    by_number = {r["number"]: r for r in crowd["runners"]}
    assert crowd["picks"] == 3
    assert by_number[7]["win_percent"] == 66.7
    assert by_number[2]["win_percent"] == 33.3
    assert by_number[1]["place_picks"] == 2
    assert by_number[5]["win_percent"] == 0.0


def test_it_lists_current_rounds_with_their_card(rnd: Round, owner: Any, api_as: Any) -> None:
    Runner.objects.filter(race=rnd.race, number=4).update(status=Runner.Status.NON_RUNNER)
    PickFactory(round=rnd, player=owner, win=1, place=2)
    body = api_as(owner).get(url("rounds/")).json()
    listed = body["results"][0]
    assert listed["id"] == rnd.pk
    assert listed["status"] == "open"
    assert listed["picks_open"] is True
    assert listed["my_pick"]["win"] == 1
    runners = {r["number"]: r for r in listed["runners"]}
    assert len(runners) == 10
    assert runners[4]["non_runner"] is True
    assert runners[1]["odds"] == "3.00"
    assert runners[1]["jockey"]
    assert listed["race"]["post_time"]


def test_it_shows_a_passed_open_round_as_locked(rnd: Round, owner: Any, api_as: Any) -> None:
    lock(rnd)
    body = api_as(owner).get(url(f"rounds/{rnd.pk}/")).json()
    assert body["status"] == "locked"
    assert body["picks_open"] is False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_pick_when_two_sessions_of_a_player_race(owner: Any) -> None:
    rnd = RoundFactory()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def session(win: int) -> None:
        try:
            barrier.wait()
            for _ in range(15):
                pick_submit(player=owner, round_id=rnd.pk, win=win, place=win)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=session, args=(n,)) for n in (3, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    picks = list(Pick.objects.filter(round=rnd, player=owner))
    assert len(picks) == 1
    assert picks[0].win in (3, 6)
    assert picks[0].place == picks[0].win


def test_it_refuses_anonymous_players(rnd: Round, api: Any) -> None:
    for path in (
        "rounds/",
        f"rounds/{rnd.pk}/",
        f"rounds/{rnd.pk}/pick/",
        f"rounds/{rnd.pk}/crowd/",
        f"rounds/{rnd.pk}/result/",
        f"rounds/{rnd.pk}/rankings/",
        "me/picks/",
    ):
        assert api.get(url(path)).status_code in (401, 403), path
    assert api.put(
        url(f"rounds/{rnd.pk}/pick/"), {"win": 1, "place": 2}, format="json"
    ).status_code in (
        401,
        403,
    )
    assert not Pick.objects.exists()
