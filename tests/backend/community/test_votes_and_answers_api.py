"""Helpful votes and accepted answers through the API: the rules and the refusals."""

from __future__ import annotations

from typing import Any

import pytest

from backend.community.models import CommunityProfile, Post, ReputationEvent, Topic, Vote
from tests.factories import PostFactory

from .conftest import url

pytestmark = pytest.mark.django_db


def reputation(user: Any) -> int:
    profile = CommunityProfile.objects.filter(player=user).first()
    return profile.reputation if profile else 0


# --- voting -----------------------------------------------------------------------------


def test_it_votes_a_reply_helpful(api_as: Any, outsider: Any, member: Any, answer: Post) -> None:
    response = api_as(outsider).post(url(f"posts/{answer.pk}/vote/"))
    assert response.status_code == 201
    assert response.json() == {"voted": True, "score": 1}
    assert reputation(member) == 10
    topic = api_as(outsider).get(url(f"topics/{answer.topic_id}/")).json()
    assert topic["replies"]["results"][0]["viewer"]["voted"] is True


def test_it_votes_a_question_helpful(api_as: Any, member: Any, owner: Any, question: Topic) -> None:
    response = api_as(member).post(url(f"topics/{question.pk}/vote/"))
    assert response.status_code == 201
    assert response.json()["score"] == 1
    assert reputation(owner) == 5


def test_it_refuses_a_vote_for_oneself(api_as: Any, member: Any, answer: Post) -> None:
    response = api_as(member).post(url(f"posts/{answer.pk}/vote/"))
    assert response.status_code == 403
    assert response.json()["code"] == "own_post"
    assert not Vote.objects.exists()
    assert not ReputationEvent.objects.exists()


def test_it_refuses_a_vote_for_ones_own_question(api_as: Any, owner: Any, question: Topic) -> None:
    assert api_as(owner).post(url(f"topics/{question.pk}/vote/")).status_code == 403
    assert not Vote.objects.exists()


def test_it_refuses_a_second_vote(api_as: Any, outsider: Any, member: Any, answer: Post) -> None:
    client = api_as(outsider)
    client.post(url(f"posts/{answer.pk}/vote/"))
    response = client.post(url(f"posts/{answer.pk}/vote/"))
    assert response.status_code == 409
    assert response.json()["code"] == "already_voted"
    assert Vote.objects.count() == 1
    assert reputation(member) == 10
    answer.refresh_from_db()
    assert answer.score == 1


def test_it_withdraws_a_vote_and_its_points(
    api_as: Any, outsider: Any, member: Any, answer: Post
) -> None:
    client = api_as(outsider)
    client.post(url(f"posts/{answer.pk}/vote/"))
    response = client.delete(url(f"posts/{answer.pk}/vote/"))
    assert response.status_code == 200
    assert response.json() == {"voted": False, "score": 0}
    assert reputation(member) == 0
    assert ReputationEvent.objects.filter(reversal_of__isnull=False, points=-10).count() == 1


def test_it_refuses_to_withdraw_a_vote_never_cast(
    api_as: Any, outsider: Any, answer: Post, question: Topic
) -> None:
    assert api_as(outsider).delete(url(f"posts/{answer.pk}/vote/")).status_code == 409
    assert api_as(outsider).delete(url(f"topics/{question.pk}/vote/")).status_code == 409
    assert not ReputationEvent.objects.exists()


def test_it_refuses_votes_in_a_locked_topic(
    api_as: Any, outsider: Any, question: Topic, answer: Post
) -> None:
    client = api_as(outsider)
    client.post(url(f"posts/{answer.pk}/vote/"))
    Topic.objects.filter(pk=question.pk).update(is_locked=True)
    for response in (
        client.post(url(f"topics/{question.pk}/vote/")),
        client.delete(url(f"posts/{answer.pk}/vote/")),
    ):
        assert response.status_code == 409
        assert response.json()["code"] == "topic_locked"
    assert Vote.objects.count() == 1
    assert ReputationEvent.objects.count() == 1


def test_it_refuses_votes_on_hidden_things(
    api_as: Any, outsider: Any, operator: Any, question: Topic, answer: Post
) -> None:
    Post.objects.filter(pk=answer.pk).update(is_hidden=True)
    assert api_as(outsider).post(url(f"posts/{answer.pk}/vote/")).status_code == 404
    response = api_as(operator).post(url(f"posts/{answer.pk}/vote/"))
    assert response.status_code == 409
    assert response.json()["code"] == "post_hidden"
    Topic.objects.filter(pk=question.pk).update(is_hidden=True)
    assert api_as(outsider).post(url(f"topics/{question.pk}/vote/")).status_code == 404
    assert api_as(operator).post(url(f"topics/{question.pk}/vote/")).status_code == 409
    assert not Vote.objects.exists()


def test_it_refuses_votes_from_anonymous_visitors(api: Any, answer: Post) -> None:
    assert api.post(url(f"posts/{answer.pk}/vote/")).status_code == 403
    assert api.post(url(f"topics/{answer.topic_id}/vote/")).status_code == 403


# --- accepting --------------------------------------------------------------------------


def test_it_lets_the_asker_accept_an_answer(
    api_as: Any, owner: Any, member: Any, question: Topic, answer: Post
) -> None:
    response = api_as(owner).post(
        url(f"topics/{question.pk}/accept/"), {"post_id": answer.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["accepted_answer_id"] == answer.pk
    assert reputation(member) == 15
    detail = api_as(owner).get(url(f"topics/{question.pk}/")).json()
    assert detail["replies"]["results"][0]["is_accepted"] is True


def test_it_refuses_accepting_on_someone_elses_question(
    api_as: Any, outsider: Any, member: Any, question: Topic, answer: Post
) -> None:
    response = api_as(outsider).post(
        url(f"topics/{question.pk}/accept/"), {"post_id": answer.pk}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_your_question"
    question.refresh_from_db()
    assert question.accepted_answer_id is None
    assert reputation(member) == 0
    # The answerer may not accept their own answer on someone else's question either.
    own = api_as(member).post(url(f"topics/{question.pk}/accept/"), {"post_id": answer.pk})
    assert own.status_code == 403
    assert Topic.objects.get(pk=question.pk).accepted_answer_id is None


def test_it_lets_a_moderator_accept_an_answer(
    api_as: Any, moderator: Any, member: Any, question: Topic, answer: Post
) -> None:
    response = api_as(moderator).post(
        url(f"topics/{question.pk}/accept/"), {"post_id": answer.pk}, format="json"
    )
    assert response.status_code == 200
    assert reputation(member) == 15


def test_it_refuses_accepting_a_reply_of_another_topic(
    api_as: Any, owner: Any, question: Topic
) -> None:
    elsewhere = PostFactory()
    response = api_as(owner).post(
        url(f"topics/{question.pk}/accept/"), {"post_id": elsewhere.pk}, format="json"
    )
    assert response.status_code == 400
    assert Topic.objects.get(pk=question.pk).accepted_answer_id is None


def test_it_refuses_accepting_twice(
    api_as: Any, owner: Any, member: Any, question: Topic, answer: Post
) -> None:
    client = api_as(owner)
    client.post(url(f"topics/{question.pk}/accept/"), {"post_id": answer.pk}, format="json")
    response = client.post(url(f"topics/{question.pk}/accept/"), {"post_id": answer.pk})
    assert response.status_code == 409
    assert reputation(member) == 15


def test_it_refuses_accepting_in_a_locked_or_hidden_topic(
    api_as: Any, owner: Any, operator: Any, member: Any, answer: Post
) -> None:
    question = answer.topic
    Topic.objects.filter(pk=question.pk).update(is_locked=True)
    body = {"post_id": answer.pk}
    response = api_as(owner).post(url(f"topics/{question.pk}/accept/"), body, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "topic_locked"
    Topic.objects.filter(pk=question.pk).update(is_locked=False, is_hidden=True)
    assert api_as(owner).post(url(f"topics/{question.pk}/accept/"), body).status_code == 404
    assert api_as(operator).post(url(f"topics/{question.pk}/accept/"), body).status_code == 409
    assert Topic.objects.get(pk=question.pk).accepted_answer_id is None
    assert reputation(member) == 0


def test_it_moves_the_points_when_another_answer_is_accepted(
    api_as: Any, owner: Any, member: Any, outsider: Any, answer: Post
) -> None:
    question = answer.topic
    other = PostFactory(topic=question, author=outsider)
    client = api_as(owner)
    client.post(url(f"topics/{question.pk}/accept/"), {"post_id": answer.pk}, format="json")
    client.post(url(f"topics/{question.pk}/accept/"), {"post_id": other.pk}, format="json")
    assert reputation(member) == 0
    assert reputation(outsider) == 15
    assert Topic.objects.get(pk=question.pk).accepted_answer_id == other.pk


def test_it_withdraws_an_acceptance_and_its_points(
    api_as: Any, owner: Any, member: Any, outsider: Any, answer: Post
) -> None:
    question = answer.topic
    client = api_as(owner)
    client.post(url(f"topics/{question.pk}/accept/"), {"post_id": answer.pk}, format="json")
    assert api_as(outsider).delete(url(f"topics/{question.pk}/accept/")).status_code == 403
    response = client.delete(url(f"topics/{question.pk}/accept/"))
    assert response.status_code == 200
    assert response.json()["accepted_answer_id"] is None
    assert reputation(member) == 0
    assert client.delete(url(f"topics/{question.pk}/accept/")).status_code == 409


def test_it_gives_nothing_for_accepting_ones_own_reply(
    api_as: Any, owner: Any, question: Topic
) -> None:
    own = PostFactory(topic=question, author=owner)
    response = api_as(owner).post(
        url(f"topics/{question.pk}/accept/"), {"post_id": own.pk}, format="json"
    )
    assert response.status_code == 200
    assert not ReputationEvent.objects.exists()


# --- flagging ---------------------------------------------------------------------------


def test_it_flags_a_reply_and_a_question(
    api_as: Any, outsider: Any, question: Topic, answer: Post
) -> None:
    client = api_as(outsider)
    response = client.post(
        url(f"posts/{answer.pk}/flag/"), {"reason": "spam", "detail": "ads"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["post_id"] == answer.pk
    assert client.post(url(f"topics/{question.pk}/flag/"), {"reason": "off_topic"}).status_code == (
        201
    )


def test_it_refuses_bad_or_repeated_flags(
    api_as: Any, outsider: Any, member: Any, answer: Post
) -> None:
    client = api_as(outsider)
    assert client.post(url(f"posts/{answer.pk}/flag/"), {"reason": "meh"}).status_code == 400
    assert client.post(url(f"posts/{answer.pk}/flag/"), {"reason": "spam"}).status_code == 201
    assert client.post(url(f"posts/{answer.pk}/flag/"), {"reason": "abuse"}).status_code == 409
    own = api_as(member).post(url(f"posts/{answer.pk}/flag/"), {"reason": "spam"})
    assert own.status_code == 403


def test_it_allows_flags_in_a_locked_topic(
    api_as: Any, outsider: Any, question: Topic, answer: Post
) -> None:
    Topic.objects.filter(pk=question.pk).update(is_locked=True)
    assert api_as(outsider).post(
        url(f"posts/{answer.pk}/flag/"), {"reason": "abuse"}
    ).status_code == (201)
