"""Missions as data: validated when saved, progress per member, points and a badge awarded
exactly once (sequentially, through the hooks, and under concurrency)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.community.models import (
    CommunityProfile,
    Mission,
    MissionCompletion,
    Post,
    ReputationEvent,
)
from backend.community.selectors.missions import missions_progress
from backend.community.services import (
    answer_accept,
    mission_award,
    mission_create,
    mission_retire,
    missions_award,
    post_create,
)
from backend.game.services import pick_submit
from backend.leagues.models import EmailInvitation
from tests.factories import (
    LeagueFactory,
    PickFactory,
    PostFactory,
    RoundFactory,
    SeasonFactory,
    TopicFactory,
    UserFactory,
)

from .conftest import url

pytestmark = pytest.mark.django_db


def mission(**fields: Any) -> Mission:
    defaults: dict[str, Any] = {
        "slug": "answer-3",
        "kind": Mission.Kind.ANSWER_QUESTIONS,
        "period": Mission.Period.WEEKLY,
        "target": 3,
        "points": 30,
        "name_en": "Helper of the week",
        "name_fr": "Aide de la semaine",
    }
    return mission_create(**(defaults | fields))


def progress(player: User, slug: str) -> Any:
    return next(p for p in missions_progress(player_id=player.pk) if p.mission.slug == slug)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"target": 0}, "target"),
        ({"target": -2}, "target"),
        (
            {"kind": Mission.Kind.PICK_STREAK, "period": Mission.Period.WEEKLY, "target": 4},
            "target",
        ),
        ({"starts_on": dt.date(2026, 5, 1), "ends_on": dt.date(2026, 4, 1)}, "ends_on"),
        ({"kind": "write_poems"}, "kind"),
        ({"period": "daily"}, "period"),
        ({"points": 100000}, "points"),
    ],
)
def test_a_mission_that_could_never_complete_is_refused(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ApplicationError) as refused:
        mission(**fields)
    assert refused.value.code == "invalid_mission"
    assert field in refused.value.extra["fields"]
    assert not Mission.objects.exists()


def test_the_database_refuses_what_the_service_would(db: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Mission.objects.create(
            slug="streak-4-weekly",
            kind="pick_streak",
            period="weekly",
            target=4,
            name_en="x",
            name_fr="x",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Mission.objects.create(
            slug="zero",
            kind="answer_questions",
            period="weekly",
            target=0,
            name_en="x",
            name_fr="x",
        )


def test_the_admin_form_reports_why(db: None) -> None:
    bad = Mission(
        slug="bad", kind="pick_streak", period="weekly", target=2, name_en="x", name_fr="x"
    )
    with pytest.raises(ValidationError) as refused:
        bad.full_clean()
    assert "target" in refused.value.message_dict


def test_answering_three_questions_completes_once_with_points(member: User) -> None:
    mission()
    for _ in range(3):
        PostFactory(author=member)
    PostFactory(
        author=member, topic=Post.objects.filter(author=member).first().topic
    )  # same question
    assert progress(member, "answer-3").count == 3
    assert missions_award(player_id=member.pk) == ["answer-3"]
    assert missions_award(player_id=member.pk) == []  # again: nothing more
    assert MissionCompletion.objects.filter(player=member).count() == 1
    events = ReputationEvent.objects.filter(player=member, kind=ReputationEvent.Kind.MISSION)
    assert [e.points for e in events] == [30]
    assert CommunityProfile.objects.get(player=member).reputation == 30


def test_own_questions_and_hidden_replies_do_not_count(member: User) -> None:
    mission(target=1)
    PostFactory(author=member, topic=TopicFactory(author=member))
    PostFactory(author=member, is_hidden=True)
    assert progress(member, "answer-3").count == 0
    assert missions_award(player_id=member.pk) == []


def test_last_weeks_answers_do_not_count_this_week(member: User) -> None:
    mission(target=1)
    PostFactory(author=member, created_at=timezone.now() - dt.timedelta(days=8))
    assert progress(member, "answer-3").count == 0


def test_a_retired_mission_leaves_the_list_and_its_completions_stay(member: User) -> None:
    m = mission(target=1)
    PostFactory(author=member)
    missions_award(player_id=member.pk)
    mission_retire(mission=m)
    assert all(p.mission.slug != "answer-3" for p in missions_progress(player_id=member.pk))
    assert MissionCompletion.objects.filter(mission=m).count() == 1


def test_a_replying_member_is_awarded_through_the_hooks(
    member: User, owner: User, django_capture_on_commit_callbacks: Any
) -> None:
    mission(target=1)
    question = TopicFactory(author=owner)
    with django_capture_on_commit_callbacks(execute=True):
        post_create(topic=question, author=member, body="Look at the draw, the 1 is well placed.")
    assert MissionCompletion.objects.filter(player=member, mission__slug="answer-3").exists()


def test_an_accepted_answer_completes_its_mission(member: User, owner: User) -> None:
    mission(slug="accepted-1", kind=Mission.Kind.ANSWER_ACCEPTED, target=1)
    question = TopicFactory(author=owner)
    answer = PostFactory(topic=question, author=member)
    assert progress(member, "accepted-1").count == 0
    answer_accept(topic=question, post=answer, user=owner)
    assert progress(member, "accepted-1").count == 1
    assert missions_award(player_id=member.pk) == ["accepted-1"]


def test_a_season_streak_counts_consecutive_rounds(member: User) -> None:
    season = SeasonFactory()
    mission(slug="streak-3", kind=Mission.Kind.PICK_STREAK, period=Mission.Period.SEASON, target=3)
    rounds = [RoundFactory(season=season, number=n, settled=True) for n in (1, 2, 3, 4, 5)]
    for rnd in (rounds[0], rounds[1], rounds[3]):
        PickFactory(round=rnd, player=member)
    assert progress(member, "streak-3").count == 2
    PickFactory(round=rounds[2], player=member)
    assert progress(member, "streak-3").count == 4
    assert missions_award(player_id=member.pk) == ["streak-3"]


def test_a_friend_who_picks_completes_the_inviters_mission(
    member: User, owner: User, django_capture_on_commit_callbacks: Any
) -> None:
    mission(slug="invite-1", kind=Mission.Kind.INVITE_FRIEND, target=1)
    league = LeagueFactory(owner=member)
    EmailInvitation.objects.create(
        league=league,
        email=owner.email,
        invited_by=member,
        accepted_by=owner,
        accepted_at=timezone.now(),
    )
    rnd = RoundFactory()
    stranger = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        # not invited by the member: does not count
        pick_submit(player=stranger, round_id=rnd.pk, win=1, place=2)
    assert progress(member, "invite-1").count == 0
    with django_capture_on_commit_callbacks(execute=True):
        pick_submit(player=owner, round_id=rnd.pk, win=1, place=2)
    assert progress(member, "invite-1").count == 1
    assert MissionCompletion.objects.filter(player=member, mission__slug="invite-1").exists()


def test_the_api_shows_progress_and_badges(member: User, api_as: Any) -> None:
    mission(target=2)
    PostFactory(author=member)
    body = api_as(member).get(url("missions/")).json()
    row = body["missions"][0]
    assert (row["mission"]["slug"], row["count"], row["completed_at"]) == ("answer-3", 1, None)
    PostFactory(author=member)
    missions_award(player_id=member.pk)
    body = api_as(member).get(url("missions/")).json()
    assert body["missions"][0]["count"] == 2
    assert body["missions"][0]["completed_at"]
    assert [b["mission"] for b in body["badges"]] == ["answer-3"]


def test_operators_add_and_retire_missions(operator: User, member: User, api_as: Any) -> None:
    payload = {
        "slug": "streak-4",
        "kind": "pick_streak",
        "period": "weekly",
        "target": 4,
        "name_en": "Four in a row",
        "name_fr": "Quatre d'affilée",
    }
    refused = api_as(operator).post(url("ops/missions/"), payload, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid_mission"
    assert "target" in refused.json()["fields"]
    created = api_as(operator).post(
        url("ops/missions/"), payload | {"period": "season"}, format="json"
    )
    assert created.status_code == 201
    again = api_as(operator).post(
        url("ops/missions/"), payload | {"period": "season"}, format="json"
    )
    assert again.status_code == 409
    assert api_as(member).post(url("ops/missions/"), payload, format="json").status_code == 403
    mission_id = created.json()["id"]
    retired = api_as(operator).post(url(f"ops/missions/{mission_id}/retire/"))
    assert retired.status_code == 200
    assert retired.json()["retired_at"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_completions_award_once() -> None:
    player = UserFactory()
    m = mission(target=1, points=25)
    PostFactory(author=player)
    period = missions_progress(player_id=player.pk)[0].period
    barrier = threading.Barrier(4)
    results: list[Any] = []
    errors: list[BaseException] = []

    def award() -> None:
        try:
            barrier.wait()
            results.append(mission_award(mission=m, player_id=player.pk, period=period))
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=award) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r is not None for r in results) == 1
    assert MissionCompletion.objects.filter(player=player).count() == 1
    assert ReputationEvent.objects.filter(player=player, kind="mission").count() == 1
    assert CommunityProfile.objects.get(player=player).reputation == 25


def test_a_deleted_account_takes_its_completions_and_points_with_it(member: User) -> None:
    mission(target=1)
    PostFactory(author=member)
    missions_award(player_id=member.pk)
    member.delete()
    assert not MissionCompletion.objects.exists()
    assert not ReputationEvent.objects.filter(kind="mission").exists()


def test_a_pick_made_through_the_api_completes_a_streak(
    member: User, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Picks are written by one SQL statement: the mission hears of them all the same."""
    mission(slug="streak-1", kind=Mission.Kind.PICK_STREAK, period=Mission.Period.SEASON, target=1)
    rnd = RoundFactory(season=SeasonFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(member).put(
            f"/api/v1/game/rounds/{rnd.pk}/pick/", {"win": 1, "place": 2}, format="json"
        )
    assert response.status_code == 201, response.content
    assert MissionCompletion.objects.filter(player=member, mission__slug="streak-1").exists()
