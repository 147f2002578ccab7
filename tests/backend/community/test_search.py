"""Topic search: PostgreSQL full-text search, and the icontains fallback for SQLite."""

from __future__ import annotations

from typing import Any

import pytest

from backend.community import search, services
from backend.community.models import Category, Topic
from tests.factories import TopicFactory

from .conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(owner: Any, help_category: Category) -> dict[str, Topic]:
    """Asked through the service, which maintains the search vector on PostgreSQL."""
    return {
        "going": services.topic_create(
            author=owner,
            category=help_category,
            title="Heavy going and stayers",
            body="Which sires handle the mud at Longchamp?",
        ),
        "chevaux": services.topic_create(
            author=owner,
            category=help_category,
            title="Les chevaux déferrés vont-ils plus vite ?",
            body="Sur la piste de Vincennes, le déferrage des quatre pieds change tout.",
        ),
        "draw": services.topic_create(
            author=owner,
            category=help_category,
            title="Draw bias at Chantilly",
            body="Low numbers on the straight course in big fields.",
        ),
    }


@pytest.mark.postgres
def test_it_searches_with_full_text_search_on_postgresql(
    api_as: Any, member: Any, topics: dict[str, Topic]
) -> None:
    client = api_as(member)

    def found(q: str) -> list[int]:
        return [t["id"] for t in client.get(url("topics/"), {"q": q}).json()["results"]]

    assert found("stayer") == [topics["going"].pk]  # English stemming: stayers -> stayer
    assert found("cheval") == [topics["chevaux"].pk]  # French stemming: chevaux -> cheval
    assert found("mud longchamp") == [topics["going"].pk]
    assert found("chantilly -straight") == []  # websearch syntax
    assert found("nothing-like-this") == []


@pytest.mark.postgres
def test_it_ranks_title_matches_above_body_matches(owner: Any, help_category: Category) -> None:
    in_body = services.topic_create(
        author=owner, category=help_category, title="A question", body="About the handicap mark"
    )
    in_title = services.topic_create(
        author=owner, category=help_category, title="Handicap marks explained", body="Please."
    )
    found = search.search_topics(Topic.objects.all(), "handicap")
    assert list(found) == [in_title, in_body]


@pytest.mark.postgres
def test_it_reindexes_an_edited_topic(owner: Any, topics: dict[str, Topic]) -> None:
    services.topic_edit(topic=topics["draw"], user=owner, body="Pace and rail position.")
    assert list(search.search_topics(Topic.objects.all(), "rail")) == [topics["draw"]]
    assert not search.search_topics(Topic.objects.all(), "fields").exists()


def test_it_falls_back_to_every_word_in_title_or_body(topics: dict[str, Topic]) -> None:
    found = search.search_fallback(Topic.objects.all(), "LONGCHAMP heavy")
    assert list(found) == [topics["going"]]
    assert list(search.search_fallback(Topic.objects.all(), "vincennes")) == [topics["chevaux"]]
    assert not search.search_fallback(Topic.objects.all(), "heavy chantilly").exists()
    assert not search.search_fallback(Topic.objects.all(), "   ?! ").exists()


def test_it_searches_only_what_the_member_may_see(
    api_as: Any, member: Any, topics: dict[str, Topic]
) -> None:
    TopicFactory(title="Hidden heavy going", is_hidden=True)
    results = api_as(member).get(url("topics/"), {"q": "heavy"}).json()["results"]
    assert [t["id"] for t in results] == [topics["going"].pk]


def test_it_ignores_an_empty_search(topics: dict[str, Topic]) -> None:
    assert search.search_topics(Topic.objects.all(), "  ").count() == 3
