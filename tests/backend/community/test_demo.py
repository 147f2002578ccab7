"""The demo community: realistic, bilingual, idempotent, and quiet without demo players."""

from __future__ import annotations

import random
from typing import Any

import pytest

from backend.community.demo import QUESTIONS, demo_load
from backend.community.models import CommunityProfile, Post, Topic, Vote
from backend.game.models import Round
from tests.factories import RoundFactory, RoundScoreFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_players(db: Any) -> list[Any]:
    return [
        UserFactory(email=f"player{n}@paddock.local", display_name=f"Turfiste {n}")
        for n in range(1, 9)
    ]


def test_it_loads_questions_answers_votes_and_round_threads(demo_players: list[Any]) -> None:
    settled = RoundFactory(number=1, settled=True)
    RoundScoreFactory(round=settled, player=demo_players[0], win_points=1180)
    current = RoundFactory(number=2, season=settled.season, status=Round.Status.OPEN)
    RoundFactory(number=3, season=settled.season, status=Round.Status.DRAFT)
    counts = demo_load(rng=random.Random(2026))
    assert counts["community_topics"] == len(QUESTIONS)
    assert counts["community_round_threads"] == 2
    assert counts["community_debriefs"] == 1
    assert counts["community_missions"] == 4
    assert counts["community_votes"] > 0
    questions = Topic.objects.filter(kind=Topic.Kind.QUESTION)
    assert {t.title for t in questions} == {q.title for q in QUESTIONS}
    assert questions.filter(accepted_answer__isnull=False).count() == 4
    assert Post.objects.filter(topic__round=current, kind=Post.Kind.REPLY).count() == 2
    assert Post.objects.filter(topic__round=settled, kind=Post.Kind.DEBRIEF).count() == 1
    assert CommunityProfile.objects.filter(reputation__gt=0).exists()
    assert not Topic.objects.exclude(status="published").exists()


def test_it_loads_only_once(demo_players: list[Any]) -> None:
    RoundFactory(status=Round.Status.OPEN)
    demo_load(rng=random.Random(2026))
    before = (Topic.objects.count(), Post.objects.count(), Vote.objects.count())
    counts = demo_load(rng=random.Random(7))
    assert set(counts.values()) == {0}
    assert (Topic.objects.count(), Post.objects.count(), Vote.objects.count()) == before


def test_it_adds_no_questions_without_the_demo_players(db: Any) -> None:
    UserFactory(email="someone@paddock.test")
    rnd = RoundFactory(status=Round.Status.OPEN)
    counts = demo_load(rng=random.Random(1))
    assert counts["community_topics"] == 0
    assert counts["community_missions"] == 0
    assert Topic.objects.get().round == rnd
