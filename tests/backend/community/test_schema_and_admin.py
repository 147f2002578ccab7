"""The community in the OpenAPI schema and in the admin."""

from __future__ import annotations

import re
import sys
from typing import Any

import jsonschema_rs
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = [
    "categories/",
    "topics/",
    "topics/{topic_id}/",
    "topics/{topic_id}/replies/",
    "topics/{topic_id}/accept/",
    "topics/{topic_id}/vote/",
    "topics/{topic_id}/flag/",
    "posts/{post_id}/",
    "posts/{post_id}/vote/",
    "posts/{post_id}/flag/",
    "moderation/topics/{topic_id}/",
    "moderation/posts/{post_id}/",
    "moderation/flags/",
    "moderation/flags/{flag_id}/",
    "moderation/pending/",
    "moderation/log/",
    "me/",
    "me/reputation/",
    "players/{player_id}/",
    "badges/",
    "top-contributors/",
    "rounds/{round_id}/thread/",
]


def test_it_documents_every_endpoint_in_the_schema() -> None:
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    for path in PATHS:
        assert f"/api/v1/community/{path}" in schema["paths"], path
    detail = schema["components"]["schemas"]["TopicDetailOutput"]["properties"]
    assert {"body_html", "replies", "viewer", "author"} <= set(detail)


@pytest.mark.parametrize(
    "model",
    [
        "category",
        "topic",
        "post",
        "vote",
        "flag",
        "moderationaction",
        "reputationevent",
        "communityprofile",
        "award",
    ],
)
def test_it_shows_every_model_in_the_admin(operator: Any, question: Any, model: str) -> None:
    client = Client()
    client.force_login(operator)
    assert client.get(f"/admin/community/{model}/").status_code == 200


def test_it_shows_a_topic_in_the_admin(operator: Any, answer: Any) -> None:
    client = Client()
    client.force_login(operator)
    assert client.get(f"/admin/community/topic/{answer.topic_id}/change/").status_code == 200


def test_the_schema_says_a_text_of_spaces_alone_is_blank() -> None:
    """Text fields trim their value and refuse a blank one: the schema states it with a
    pattern, so "\\x1d" (a space to Python) or a title padded to its minimum length with
    spaces is schema-invalid input rather than valid input refused."""
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    components = response.json()["components"]["schemas"]
    body = components["BodyInputRequest"]["properties"]["body"]["pattern"]
    title = components["AskInputRequest"]["properties"]["title"]
    assert re.search(body, "\x1d \n") is None
    assert re.search(body, " x ")
    assert title["minLength"] == 8
    assert re.search(title["pattern"], "Why" + " " * 5) is None
    assert re.search(title["pattern"], " Why not? ")
    # As a JSON Schema validator reads it (ECMA-262 regular expressions): the characters
    # Python's trimming removes are spaces, U+FEFF (which it keeps) is not.
    ecma = jsonschema_rs.validator_for({"type": "string", "pattern": title["pattern"]})
    for space in (c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()):
        assert not ecma.is_valid("Why" + space * 5), hex(ord(space))
    assert ecma.is_valid("\ufeff" * 8)
    # Outputs are not judged: a blank string stays a valid answer.
    assert "pattern" not in components["TopicDetailOutput"]["properties"]["title"]
