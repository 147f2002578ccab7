"""Reputation: the points per event, the daily cap, reversals, recomputation, levels."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from django.db.models import Sum
from django.utils import timezone

from backend.community import services
from backend.community.models import (
    LEVEL_THRESHOLDS,
    CommunityProfile,
    Level,
    Post,
    ReputationEvent,
    Topic,
    level_for,
    level_positions,
)
from tests.factories import PostFactory, RoundScoreFactory, TopicFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_write_paths")]


def total(user: Any) -> int:
    return CommunityProfile.objects.get(player=user).reputation


def logged(user: Any) -> int:
    return ReputationEvent.objects.filter(player=user).aggregate(s=Sum("points"))["s"] or 0


def test_it_gives_15_for_an_accepted_answer_10_for_a_helpful_reply_5_for_a_question(
    owner: Any, member: Any, outsider: Any, question: Topic, answer: Post
) -> None:
    services.answer_accept(topic=question, post=answer, user=owner)
    services.vote_cast(voter=outsider, post=answer)
    services.vote_cast(voter=outsider, topic=question)
    assert total(member) == 25
    assert total(owner) == 5
    kinds = dict(ReputationEvent.objects.values_list("kind", "points"))
    assert kinds == {"accepted_answer": 15, "reply_helpful": 10, "question_helpful": 5}


def test_it_caps_vote_points_at_200_a_day(member: Any, question: Topic) -> None:
    posts = [PostFactory(topic=question, author=member) for _ in range(21)]
    voters = UserFactory.create_batch(21)
    for voter, post in zip(voters, posts, strict=True):
        services.vote_cast(voter=voter, post=post)
    assert total(member) == 200
    assert ReputationEvent.objects.filter(player=member, points=0).count() == 1


def test_it_caps_partially_when_the_last_vote_overflows(
    owner: Any, member: Any, question: Topic
) -> None:
    posts = [PostFactory(topic=question, author=member) for _ in range(19)]
    voters = UserFactory.create_batch(19)
    for voter, post in zip(voters, posts, strict=True):
        services.vote_cast(voter=voter, post=post)
    member_question = TopicFactory(author=member)
    for voter in voters[:3]:
        services.vote_cast(voter=voter, topic=member_question)
    # 190 from replies, then +5, +5 (cap reached), then 0.
    assert total(member) == 200
    assert list(
        ReputationEvent.objects.filter(player=member, kind="question_helpful")
        .order_by("id")
        .values_list("points", flat=True)
    ) == [5, 5, 0]


def test_it_does_not_cap_accepted_answers(owner: Any, member: Any) -> None:
    posts = []
    for _ in range(21):
        topic = TopicFactory(author=owner)
        posts.append(PostFactory(topic=topic, author=member))
        services.vote_cast(voter=owner, post=posts[-1])
    assert total(member) == 200
    services.answer_accept(topic=posts[0].topic, post=posts[0], user=owner)
    assert total(member) == 215


def test_it_starts_a_new_cap_the_next_day(member: Any, question: Topic) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    ReputationEvent.objects.create(player=member, kind="reply_helpful", points=200, day=yesterday)
    services.reputation_recompute(player=member)
    services.vote_cast(voter=UserFactory(), post=PostFactory(topic=question, author=member))
    assert total(member) == 210


def test_it_reverses_exactly_what_a_capped_vote_earned(member: Any, question: Topic) -> None:
    posts = [PostFactory(topic=question, author=member) for _ in range(21)]
    voters = UserFactory.create_batch(21)
    for voter, post in zip(voters, posts, strict=True):
        services.vote_cast(voter=voter, post=post)
    services.vote_withdraw(voter=voters[-1], post=posts[-1])  # it had earned 0
    assert total(member) == 200
    services.vote_withdraw(voter=voters[0], post=posts[0])  # it had earned 10
    assert total(member) == 190
    # Room under the cap again: a new vote counts.
    services.vote_cast(voter=voters[-1], post=posts[-1])
    assert total(member) == 200


def test_it_records_reversals_as_events(
    owner: Any, member: Any, outsider: Any, question: Topic, answer: Post
) -> None:
    services.vote_cast(voter=outsider, post=answer)
    services.vote_withdraw(voter=outsider, post=answer)
    services.vote_cast(voter=outsider, post=answer)
    services.answer_accept(topic=question, post=answer, user=owner)
    services.answer_unaccept(topic=question, user=owner)
    events = list(ReputationEvent.objects.order_by("id").values_list("points", "reversal_of"))
    assert [points for points, _ in events] == [10, -10, 10, 15, -15]
    first, reversal = ReputationEvent.objects.order_by("id")[:2]
    assert reversal.reversal_of_id == first.pk
    assert reversal.day == first.day
    assert total(member) == 10


def test_it_keeps_the_cached_totals_equal_to_the_event_log(
    owner: Any, member: Any, outsider: Any, question: Topic, answer: Post
) -> None:
    other = PostFactory(topic=question, author=outsider)
    services.vote_cast(voter=outsider, post=answer)
    services.vote_cast(voter=member, post=other)
    services.vote_cast(voter=member, topic=question)
    services.answer_accept(topic=question, post=answer, user=owner)
    services.answer_accept(topic=question, post=other, user=owner)
    services.vote_withdraw(voter=member, topic=question)
    for user in (owner, member, outsider):
        assert total(user) == logged(user)
    # Break the cache, then rebuild it from the log.
    CommunityProfile.objects.update(reputation=999, level=Level.ORACLE)
    assert services.reputation_recompute() == 3
    for user in (owner, member, outsider):
        assert total(user) == logged(user)
    assert services.reputation_recompute() == 0


def test_it_recomputes_one_player(member: Any, outsider: Any, answer: Post) -> None:
    services.vote_cast(voter=outsider, post=answer)
    CommunityProfile.objects.filter(player=member).update(reputation=0)
    assert services.reputation_recompute(player=member) == 1
    assert total(member) == 10


def test_it_creates_a_profile_for_a_player_without_one(member: Any) -> None:
    services.reputation_recompute(player=member)
    assert total(member) == 0


@pytest.mark.parametrize(
    ("reputation", "played", "winners", "level"),
    [
        (0, 0, 0, Level.NOVICE),
        (99, 0, 0, Level.NOVICE),
        (100, 0, 0, Level.REGULAR),
        (0, 10, 0, Level.REGULAR),
        (200, 20, 4, Level.HANDICAPPER),  # 200 + 200 + 100
        (1000, 30, 8, Level.EXPERT),  # 1000 + 300 + 200
        (4000, 60, 20, Level.ORACLE),  # 4000 + 600 + 500
        (-50, 0, 0, Level.NOVICE),
    ],
)
def test_it_derives_the_level_from_reputation_and_game_results(
    reputation: int, played: int, winners: int, level: Level
) -> None:
    assert level_for(reputation, played, winners) == level


def test_it_derives_many_players_levels_at_once() -> None:
    """The set-based refresh levels a settlement's players in one call, on arrays."""
    table = np.array([(0, 0, 0), (99, 0, 0), (0, 10, 0), (200, 20, 4), (4000, 60, 20)])
    positions = level_positions(table[:, 0], table[:, 1], table[:, 2])
    assert [LEVEL_THRESHOLDS[at][1] for at in positions] == [
        Level.NOVICE,
        Level.NOVICE,
        Level.REGULAR,
        Level.HANDICAPPER,
        Level.ORACLE,
    ]


def test_it_levels_new_and_stale_profiles_and_says_how_many_changed(db: Any) -> None:
    scored, climbing, stale, idle = UserFactory.create_batch(4)
    for _ in range(4):
        RoundScoreFactory(player=scored, win_points=1180)  # 40 + 100: regular
    RoundScoreFactory(player=climbing)
    CommunityProfile.objects.create(player=climbing, reputation=490, level=Level.NOVICE)
    CommunityProfile.objects.create(player=stale, reputation=0, level=Level.ORACLE)
    ids = [scored.pk, climbing.pk, stale.pk, idle.pk]
    assert services.levels_refresh(player_ids=ids) == 3
    levels = dict(CommunityProfile.objects.filter(player_id__in=ids).values_list("player", "level"))
    assert levels == {
        scored.pk: Level.REGULAR,
        climbing.pk: Level.HANDICAPPER,  # 490 + 10
        stale.pk: Level.NOVICE,
        idle.pk: Level.NOVICE,
    }
    assert services.levels_refresh(player_ids=ids) == 0


def test_it_counts_game_results_in_the_level(owner: Any, member: Any, question: Topic) -> None:
    for _ in range(4):
        RoundScoreFactory(player=member, win_points=1180)
    # 4 rounds, 4 winners: 40 + 100 = 140 expertise points before any reputation.
    services.levels_refresh(player_ids=[member.pk])
    assert CommunityProfile.objects.get(player=member).level == Level.REGULAR
