"""My reputation, public profiles, top contributors: display names only, never emails."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backend.community import services
from backend.community.models import Award, Level, Post, ReputationEvent, Topic
from backend.community.selectors import top_contributors
from backend.game.models import Season
from tests.factories import RoundScoreFactory, SeasonFactory, UserFactory

from .conftest import url

pytestmark = pytest.mark.django_db


def test_it_shows_me_my_reputation_level_and_badges(
    api_as: Any, owner: Any, member: Any, outsider: Any, answer: Post
) -> None:
    services.answer_accept(topic=answer.topic, post=answer, user=owner)
    services.vote_cast(voter=outsider, post=answer)
    Award.objects.create(player=member, badge="first-answer")
    RoundScoreFactory(player=member, win_points=1180)
    response = api_as(member).get(url("me/"))
    assert response.status_code == 200
    data = response.json()
    assert data["reputation"] == 25
    assert data["level"] == Level.NOVICE  # 25 + 10 + 25 expertise points
    assert (data["answers"], data["accepted_answers"], data["helpful_votes_received"]) == (1, 1, 1)
    assert (data["rounds_played"], data["winners_picked"]) == (1, 1)
    assert data["badges"][0]["slug"] == "first-answer"
    assert data["badges"][0]["name_fr"] == "Première réponse"
    assert data["badge_summary"]["bronze"] == 1


def test_it_tells_me_which_running_of_the_community_i_see(
    api_as: Any, member: Any, moderator: Any, operator: Any
) -> None:
    """The web app offers the moderation queues and the unanswered queue by these."""
    seen = {
        who.display_name: (body["can_moderate"], body["can_watch_queue"])
        for who in (member, moderator, operator)
        for body in [api_as(who).get(url("me/")).json()]
    }
    assert seen == {
        member.display_name: (False, False),
        moderator.display_name: (True, True),
        operator.display_name: (True, True),
    }
    # A player's public profile says nothing of their roles.
    public = api_as(member).get(url(f"players/{moderator.pk}/")).json()
    assert "can_moderate" not in public


def test_it_lists_my_reputation_events(
    api_as: Any, owner: Any, member: Any, question: Topic, answer: Post
) -> None:
    services.answer_accept(topic=question, post=answer, user=owner)
    services.answer_unaccept(topic=question, user=owner)
    data = api_as(member).get(url("me/reputation/")).json()
    assert data["count"] == 2
    assert [(e["points"], e["is_reversal"]) for e in data["results"]] == [(-15, True), (15, False)]
    assert api_as(owner).get(url("me/reputation/")).json()["count"] == 0


def test_it_shows_a_players_public_profile_without_the_email(
    api_as: Any, outsider: Any, member: Any, answer: Post
) -> None:
    response = api_as(outsider).get(url(f"players/{member.pk}/"))
    assert response.status_code == 200
    data = response.json()
    assert data["display_name"] == "Bob"
    assert "bob@" not in str(data)
    assert "email" not in data
    assert data["answers"] == 1


def test_it_hides_inactive_or_unknown_players(api_as: Any, outsider: Any, member: Any) -> None:
    member.is_active = False
    member.save()
    assert api_as(outsider).get(url(f"players/{member.pk}/")).status_code == 404
    assert api_as(outsider).get(url("players/999999/")).status_code == 404


def test_it_refuses_profiles_to_anonymous_visitors(api: Any, member: Any) -> None:
    for path in ("me/", "me/reputation/", f"players/{member.pk}/", "badges/"):
        assert api.get(url(path)).status_code == 403


def event(player: Any, points: int, *, kind: str = "reply_helpful", days_ago: int = 0) -> None:
    ReputationEvent.objects.create(
        player=player,
        kind=kind,
        points=points,
        day=timezone.localdate() - dt.timedelta(days=days_ago),
    )


def test_it_ranks_top_contributors_like_the_game(
    api_as: Any, owner: Any, member: Any, outsider: Any
) -> None:
    nameless = UserFactory(display_name="", email="secret.name@paddock.test")
    event(owner, 30)
    event(member, 15, kind="accepted_answer")
    event(member, 15, kind="accepted_answer")  # same points as owner, more accepted answers
    event(outsider, 10)
    event(outsider, 20, days_ago=0)  # same points and wins as owner, same best day (30)
    event(nameless, 5)
    event(UserFactory(), -10)  # lost reputation: not listed
    data = api_as(outsider).get(url("top-contributors/"), {"window": "all"}).json()
    rows = [(r["rank"], r["display_name"], r["reputation"]) for r in data["results"]]
    assert rows == [
        (1, "Bob", 30),
        (2, "Alice", 30),
        (2, "Charlie", 30),
        (4, f"Player {nameless.pk}", 5),
    ]
    assert data["results"][0]["accepted_answers"] == 2
    assert data["results"][0]["best_day"] == 30
    assert "@" not in str(data)


def test_it_uses_the_best_day_to_break_ties(owner: Any, member: Any) -> None:
    event(owner, 20, days_ago=0)
    event(owner, 10, days_ago=1)
    event(member, 15, days_ago=0)
    event(member, 15, days_ago=1)
    rows = top_contributors(window="all").results
    assert [(r.display_name, r.rank, r.best_day) for r in rows] == [
        ("Alice", 1, 20),
        ("Bob", 2, 15),
    ]


def test_it_counts_reputation_gained_in_the_window(api_as: Any, owner: Any, member: Any) -> None:
    today = timezone.localdate()
    event(owner, 50, days_ago=today.weekday() + 1)  # last week
    event(member, 10)
    week = api_as(owner).get(url("top-contributors/"), {"window": "week"}).json()
    assert [r["display_name"] for r in week["results"]] == ["Bob"]
    assert week["since"] == (today - dt.timedelta(days=today.weekday())).isoformat()
    all_time = top_contributors(window="all")
    assert [r.display_name for r in all_time.results] == ["Alice", "Bob"]


def test_it_counts_reversals_on_their_original_day(
    owner: Any, member: Any, question: Topic
) -> None:
    event(member, 10, days_ago=10)
    original = ReputationEvent.objects.get()
    ReputationEvent.objects.create(
        player=member, kind=original.kind, points=-10, day=original.day, reversal_of=original
    )
    event(member, 10)
    assert [r.reputation for r in top_contributors(window="all").results] == [10]
    assert [r.reputation for r in top_contributors(window="week").results] == [10]


def test_it_limits_the_season_window_to_the_current_season(owner: Any, member: Any) -> None:
    SeasonFactory(
        starts_on=timezone.localdate() - dt.timedelta(days=5),
        ends_on=timezone.localdate() + dt.timedelta(days=30),
        status=Season.Status.ACTIVE,
    )
    event(owner, 40, days_ago=20)  # before the season
    event(member, 10, days_ago=2)
    table = top_contributors(window="season")
    assert [r.display_name for r in table.results] == ["Bob"]
    assert table.since == timezone.localdate() - dt.timedelta(days=5)


def test_it_has_an_empty_season_table_without_a_season(api_as: Any, owner: Any) -> None:
    event(owner, 40)
    data = api_as(owner).get(url("top-contributors/"), {"window": "season"}).json()
    assert data == {"window": "season", "since": None, "until": None, "results": []}


def test_it_refuses_an_unknown_window(api_as: Any, owner: Any) -> None:
    assert api_as(owner).get(url("top-contributors/"), {"window": "year"}).status_code == 400
    assert api_as(owner).get(url("top-contributors/"), {"limit": 500}).status_code == 400
