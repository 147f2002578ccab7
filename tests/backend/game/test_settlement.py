"""Settlement: a stored official result scores every pick, standings and tables follow."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from backend.common.errors import ApplicationError
from backend.game.models import Pick, Round, RoundScore, Standing, WeeklyStanding
from backend.game.services import round_settle, round_void
from backend.game.signals import round_settled
from backend.racing.models import Race
from tests.factories import PickFactory, RoundFactory, lock, race_with_runners, store_result

from .conftest import url

pytestmark = pytest.mark.django_db

# 10 runners; arrival 1-3-2; 1 pays 5.90 win, places 1.50 / 2.10 / 4.00.
FINISH = {1: 1, 3: 2, 2: 3}
WIN = {1: 590}
PLACE = {1: 150, 3: 210, 2: 400}
TABLE_FIELDS = ("player_id", "season_id", "points", "wins", "best", "rounds_played", "rank")
WEEKLY_FIELDS = ("player_id", "round_id", "points", "rank", "season_points", "season_rank")


@pytest.fixture
def settled_signals() -> Iterator[list[dict[str, Any]]]:
    sent: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        sent.append(kwargs)

    round_settled.connect(receiver, dispatch_uid="test-round-settled")
    yield sent
    round_settled.disconnect(dispatch_uid="test-round-settled")


def scores(rnd: Round) -> dict[int, RoundScore]:
    return {s.player_id: s for s in RoundScore.objects.filter(round=rnd)}


def standings(rnd: Round) -> dict[int, Standing]:
    return {s.player_id: s for s in Standing.objects.filter(season=rnd.season)}


def result(rnd: Round, capture: Any, **kwargs: Any) -> None:
    """Store an official result and run what racing's commit triggers (the settlement)."""
    with capture(execute=True):
        store_result(rnd.race, **{"finish": FINISH, "win": WIN, "place": PLACE, **kwargs})


@pytest.mark.postgres
def test_it_plays_a_whole_week(
    *,
    operator: Any,
    owner: Any,
    member: Any,
    outsider: Any,
    api_as: Any,
    django_capture_on_commit_callbacks: Any,
    settled_signals: list[dict[str, Any]],
) -> None:
    race = race_with_runners(10)
    staff = api_as(operator)
    season = staff.post(
        url("operator/seasons/"),
        {
            "name_en": "Spring",
            "starts_on": "2026-03-01",
            "ends_on": "2026-06-30",
            "status": "active",
        },
        format="json",
    ).json()
    featured = staff.post(
        url("operator/rounds/"), {"season": season["id"], "race": race.pk}, format="json"
    )
    assert featured.status_code == 201
    assert featured.json()["warnings"] == []
    round_id = featured.json()["round"]["id"]
    assert staff.post(url(f"operator/rounds/{round_id}/open/")).json()["status"] == "open"
    race.refresh_from_db()
    assert race.featured

    picks = {owner: (1, 2, None), member: (3, 3, None), outsider: (5, 1, 2)}
    for player, (win, place, alternate) in picks.items():
        response = api_as(player).put(
            url(f"rounds/{round_id}/pick/"),
            {"win": win, "place": place, "alternate": alternate},
            format="json",
        )
        assert response.status_code == 201
    rnd = lock(Round.objects.get(pk=round_id))
    result(rnd, django_capture_on_commit_callbacks)

    rnd.refresh_from_db()
    assert rnd.status == Round.Status.SETTLED
    assert rnd.settlement_version == 1
    by_player = scores(rnd)
    assert by_player[owner.pk].points == 1180 + 800
    assert by_player[member.pk].points == 420
    assert by_player[outsider.pk].points == 300
    table = api_as(member).get(url(f"seasons/{season['id']}/rankings/")).json()
    assert [(r["display_name"], r["rank"], r["points"]) for r in table["results"]] == [
        ("Alice", 1, 1980),
        ("Bob", 2, 420),
        ("Charlie", 3, 300),
    ]
    assert table["me"]["rank"] == 2
    weekly = api_as(owner).get(url(f"rounds/{round_id}/rankings/")).json()
    assert [r["rank"] for r in weekly["results"]] == [1, 2, 3]
    mine = api_as(owner).get(url(f"rounds/{round_id}/result/")).json()
    assert [r["number"] for r in mine["finish"]] == [1, 3, 2]
    assert mine["my_score"]["points"] == 1980
    assert {(d["kind"], d["number"], d["cents"]) for d in mine["dividends"]} >= {("win", 1, 590)}
    history = api_as(owner).get(url("me/picks/")).json()["results"]
    assert history[0]["score"]["points"] == 1980
    status = staff.get(url(f"operator/rounds/{round_id}/")).json()
    assert (status["picks"], status["scores"], status["needs_settlement"]) == (3, 3, False)
    assert [(s["version"], s["corrected"]) for s in settled_signals] == [(1, False)]


def test_it_settles_the_same_result_twice_to_the_same_rows(
    rnd: Round, owner: Any, member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    PickFactory(round=rnd, player=owner, win=1, place=3)
    PickFactory(round=rnd, player=member, win=2, place=2)
    lock(rnd)
    result(rnd, django_capture_on_commit_callbacks)

    # Nothing differs, so nothing is written: on PostgreSQL the scores keep their ids (a
    # forced settlement on SQLite writes the slice again, the same rows under new ids).
    columns = [
        f.attname
        for f in RoundScore._meta.concrete_fields
        if f.attname != "id" or connection.vendor == "postgresql"
    ]

    def snapshot() -> tuple[list[Any], ...]:
        return (
            list(RoundScore.objects.filter(round=rnd).order_by("player_id").values(*columns)),
            list(Standing.objects.order_by("player_id").values(*TABLE_FIELDS)),
            list(WeeklyStanding.objects.order_by("player_id").values(*WEEKLY_FIELDS)),
        )

    before = snapshot()
    again = round_settle(round_id=rnd.pk)
    assert snapshot() == before
    forced = round_settle(round_id=rnd.pk, force=True)
    assert snapshot() == before
    assert (again.changed, forced.changed, forced.version) == (False, False, 1)


def test_it_resettles_a_corrected_result(
    rnd: Round,
    owner: Any,
    member: Any,
    django_capture_on_commit_callbacks: Any,
    settled_signals: list[dict[str, Any]],
) -> None:
    PickFactory(round=rnd, player=owner, win=1, place=1)
    PickFactory(round=rnd, player=member, win=3, place=3)
    lock(rnd)
    result(rnd, django_capture_on_commit_callbacks)
    assert standings(rnd)[owner.pk].rank == 1

    # The stewards disqualify 1: 3 wins.
    result(
        rnd,
        django_capture_on_commit_callbacks,
        finish={3: 1, 2: 2, 4: 3},
        win={3: 1250},
        place={3: 300, 2: 450, 4: 200},
    )
    rnd.refresh_from_db()
    assert rnd.settlement_version == 2
    by_player = scores(rnd)
    assert by_player[owner.pk].points == 0
    assert by_player[member.pk].points == 2500 + 600
    assert by_player[member.pk].settlement_version == 2
    table = standings(rnd)
    assert (table[member.pk].rank, table[owner.pk].rank) == (1, 2)
    assert [(s["version"], s["corrected"]) for s in settled_signals] == [(1, False), (2, True)]


def test_it_voids_the_round_of_a_refunded_race(
    rnd: Round, owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    PickFactory(round=rnd, player=owner, win=1, place=1)
    lock(rnd)
    result(rnd, django_capture_on_commit_callbacks, finish={}, win={}, place={}, refunded=True)
    rnd.refresh_from_db()
    assert rnd.status == Round.Status.VOID
    assert rnd.race.status == Race.Status.REFUNDED
    assert scores(rnd)[owner.pk].points == 0
    assert standings(rnd)[owner.pk].points == 0


def test_it_voids_a_settled_round_on_the_operators_word(
    rnd: Round, owner: Any, member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    PickFactory(round=rnd, player=owner, win=1, place=1)
    PickFactory(round=rnd, player=member, win=3, place=3)
    lock(rnd)
    result(rnd, django_capture_on_commit_callbacks)
    assert standings(rnd)[owner.pk].points > 0

    report = round_void(round=rnd, reason="Wrong race featured.")

    rnd.refresh_from_db()
    assert (rnd.status, report.version, rnd.void_reason) == ("void", 2, "Wrong race featured.")
    assert {s.points for s in scores(rnd).values()} == {0}
    assert {(s.points, s.rank) for s in standings(rnd).values()} == {(0, 1)}
    # A later result does not bring the round back.
    assert round_settle(round_id=rnd.pk).status == Round.Status.VOID


def test_it_moves_non_runner_selections_to_the_alternate_or_the_favourite(
    rnd: Round, owner: Any, member: Any, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    api_as(owner).put(
        url(f"rounds/{rnd.pk}/pick/"), {"win": 4, "place": 4, "alternate": 6}, format="json"
    )
    api_as(member).put(url(f"rounds/{rnd.pk}/pick/"), {"win": 4, "place": 5}, format="json")
    lock(rnd)
    # 4 is withdrawn; 1 (odds 3.0) is the favourite.
    result(
        rnd,
        django_capture_on_commit_callbacks,
        finish={6: 1, 1: 2, 2: 3},
        win={6: 800},
        place={6: 250, 1: 130, 2: 180},
        non_runners=frozenset({4}),
    )
    owner_score = scores(rnd)[owner.pk]
    assert (owner_score.win_runner, owner_score.place_runner) == (6, 6)
    assert owner_score.win_substituted
    assert owner_score.place_substituted
    assert owner_score.points == 1600 + 500
    member_score = scores(rnd)[member.pk]
    assert (member_score.win_runner, member_score.place_runner) == (1, 5)
    assert member_score.win_substituted
    assert not member_score.place_substituted
    assert member_score.points == 0
    body = api_as(owner).get(url(f"rounds/{rnd.pk}/result/")).json()
    assert body["non_runners"] == [4]
    assert body["my_score"]["win_runner"] == 6
    assert body["my_pick"]["win"] == 4


def _two_rounds_swapping_the_lead(owner: Any, member: Any, capture: Any) -> tuple[Round, Round]:
    """Two settled rounds of one season: the owner leads after the first, the member
    after the second."""
    first = RoundFactory()
    second = RoundFactory(season=first.season)
    PickFactory(round=first, player=owner, win=1, place=1)
    PickFactory(round=first, player=member, win=9, place=9)
    lock(first)
    result(first, capture)
    PickFactory(round=second, player=owner, win=9, place=9)
    PickFactory(round=second, player=member, win=1, place=1)
    lock(second)
    result(second, capture, win={1: 2000})
    return first, second


def test_it_keeps_the_rank_before_the_round_for_the_arrow(
    owner: Any, member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first, second = _two_rounds_swapping_the_lead(owner, member, django_capture_on_commit_callbacks)
    table = standings(second)
    assert (table[member.pk].rank, table[member.pk].previous_rank) == (1, 2)
    assert (table[owner.pk].rank, table[owner.pk].previous_rank) == (2, 1)
    round_settle(round_id=second.pk, force=True)
    assert standings(second)[member.pk].previous_rank == 2
    history = [
        (w.round_id, w.season_rank)
        for w in WeeklyStanding.objects.filter(player=member).order_by("round__number")
    ]
    assert history == [(first.pk, 2), (second.pk, 1)]


def test_a_void_round_leaves_the_arrows_of_the_last_round_scored(
    owner: Any, member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first, second = _two_rounds_swapping_the_lead(owner, member, django_capture_on_commit_callbacks)
    moved = {(s.player_id, s.rank, s.previous_rank) for s in standings(second).values()}
    assert moved == {(member.pk, 1, 2), (owner.pk, 2, 1)}

    # A draft nobody picked, voided: it scores nobody, so nobody moved.
    third = RoundFactory(season=first.season, status=Round.Status.DRAFT)
    round_void(round=third, reason="The race was moved to another week.")

    assert {(s.player_id, s.rank, s.previous_rank) for s in standings(third).values()} == moved


def test_voiding_the_last_round_scored_brings_back_the_movement_of_the_one_before(
    owner: Any, member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first, second = _two_rounds_swapping_the_lead(owner, member, django_capture_on_commit_callbacks)
    moved = {(s.player_id, s.rank, s.previous_rank) for s in standings(second).values()}
    third = RoundFactory(season=first.season)
    PickFactory(round=third, player=owner, win=1, place=1)
    PickFactory(round=third, player=member, win=9, place=9)
    lock(third)
    result(third, django_capture_on_commit_callbacks, win={1: 5000})
    swapped = {(s.player_id, s.rank, s.previous_rank) for s in standings(third).values()}
    assert swapped == {(owner.pk, 1, 2), (member.pk, 2, 1)}

    # The third race is annulled after its settlement: the table is back to the second
    # round's, and so are its arrows (not everyone unmoved at the rank before the third).
    round_void(round=third, reason="The result was annulled.")

    assert {(s.player_id, s.rank, s.previous_rank) for s in standings(third).values()} == moved


def test_it_waits_for_the_lock_and_an_official_result(rnd: Round, owner: Any) -> None:
    PickFactory(round=rnd, player=owner)
    with pytest.raises(ApplicationError) as early:
        round_settle(round_id=rnd.pk)
    assert early.value.code == "no_official_result"
    Race.objects.filter(pk=rnd.race_id).update(status=Race.Status.OFFICIAL)
    with pytest.raises(ApplicationError) as unlocked:
        round_settle(round_id=rnd.pk)
    assert unlocked.value.code == "not_locked"
    assert not RoundScore.objects.exists()


def test_it_settles_a_round_without_picks(
    rnd: Round, django_capture_on_commit_callbacks: Any
) -> None:
    lock(rnd)
    result(rnd, django_capture_on_commit_callbacks)
    rnd.refresh_from_db()
    assert (rnd.status, rnd.settlement_version) == (Round.Status.SETTLED, 1)
    assert not Pick.objects.exists()


def test_it_settles_through_the_task_on_commit_of_the_result(
    rnd: Round, owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    PickFactory(round=rnd, player=owner, win=1, place=1)
    lock(rnd)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        store_result(rnd.race, finish=FINISH, win=WIN, place=PLACE)
    assert not RoundScore.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    assert scores(rnd)[owner.pk].points == 1180 + 300


def test_the_result_names_each_dividends_pool_and_labels_the_disqualified(
    rnd: Round, owner: Any, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    api_as(owner).put(url(f"rounds/{rnd.pk}/pick/"), {"win": 4, "place": 4}, format="json")
    lock(rnd)
    result(
        rnd,
        django_capture_on_commit_callbacks,
        disqualified=frozenset({4}),
        place_pool="SIMPLE_PLACE",
    )

    body = api_as(owner).get(url(f"rounds/{rnd.pk}/result/")).json()
    assert {(d["kind"], d["number"], d["pool"]) for d in body["dividends"]} == {
        ("win", 1, "internet"),
        ("place", 1, "shop"),
        ("place", 3, "shop"),
        ("place", 2, "shop"),
    }
    # A disqualified horse started: not a non-runner, not in the finish, and it scores 0.
    assert (body["disqualified"], body["non_runners"]) == ([4], [])
    assert 4 not in [r["number"] for r in body["finish"]]
    assert body["my_score"]["points"] == 0
    assert body["my_score"]["win_runner"] == 4


def test_an_official_result_without_dividends_is_scored_in_fixed_mode(
    *,
    rnd: Round,
    owner: Any,
    member: Any,
    outsider: Any,
    api_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """docs/rules.md, Points: fixed mode for sources without dividends, whatever the
    season's mode: 10 for the winner, 5 for a placed horse (3 places with 10 starters)."""
    assert rnd.season.get_rules().mode == "parimutuel"
    PickFactory(round=rnd, player=owner, win=1, place=3)  # the winner, and 2nd: 10 + 5
    PickFactory(round=rnd, player=member, win=3, place=2)  # 2nd to win, 3rd: 0 + 5
    PickFactory(round=rnd, player=outsider, win=5, place=6)  # unplaced: 0
    lock(rnd)
    result(rnd, django_capture_on_commit_callbacks, win={}, place={})
    by_player = {player: score.points for player, score in scores(rnd).items()}
    assert by_player == {owner.pk: 15, member.pk: 5, outsider.pk: 0}
    explained = api_as(owner).get(url(f"rounds/{rnd.pk}/result/")).json()["explanation"]
    assert explained["mode"] == "fixed"
    assert explained["points"] == 15
