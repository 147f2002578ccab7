"""The community's refusals come in the reader's language (Accept-Language)."""

from __future__ import annotations

from typing import Any

import pytest

from backend.community.models import Post

from .conftest import url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Vous ne pouvez pas voter pour votre propre message."),
        ("en", "You cannot vote for your own post."),
    ],
)
def test_a_vote_for_oneself_is_refused_in_the_readers_language(
    api_as: Any, member: Any, answer: Post, language: str, expected: str
) -> None:
    response = api_as(member).post(url(f"posts/{answer.pk}/vote/"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert response.json() == {"detail": expected, "code": "own_post"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Aucun sujet de ce numéro."), ("en", "No such topic.")],
)
def test_a_missing_topic_is_answered_in_the_readers_language(
    api_as: Any, member: Any, language: str, expected: str
) -> None:
    response = api_as(member).get(url("topics/999999/"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response.json() == {"detail": expected, "code": "not_found"}
