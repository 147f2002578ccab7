"""Topic search: PostgreSQL full-text search in production, `icontains` on SQLite.

On PostgreSQL each topic stores a `search_vector` (title weight A, body weight B), built
with both the English and the French configurations because members write in both: each
language's stemming finds its own words ("chevaux" matches "cheval"). A GIN index on the
column (created by migration 0002, PostgreSQL only) serves the `@@` match; results are
ordered by `ts_rank`. The services refresh the vector whenever a title or body changes.

The embedded SQLite database has no full-text search: every word of the query must occur
in the title or the body (case-insensitive), newest activity first.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import CombinedExpression

from .models import Topic

MAX_TERMS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def topic_vector() -> CombinedExpression:
    """Title (weight A) and body (weight B), each in both languages' configurations."""
    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("title", weight="A", config="french")
        + SearchVector("body", weight="B", config="english")
        + SearchVector("body", weight="B", config="french")
    )


def topic_reindex(topic_ids: list[int]) -> None:
    """Refresh the stored vector of these topics (PostgreSQL only; one UPDATE)."""
    if uses_full_text() and topic_ids:
        Topic.objects.filter(pk__in=topic_ids).update(search_vector=topic_vector())


def search_full_text(topics: QuerySet[Topic], text: str) -> QuerySet[Topic]:
    query = SearchQuery(text, config="english", search_type="websearch") | SearchQuery(
        text, config="french", search_type="websearch"
    )
    return (
        topics.filter(search_vector=query)
        .annotate(search_rank=SearchRank(F("search_vector"), query))
        .order_by("-search_rank", "-last_activity_at", "-id")
    )


def search_fallback(topics: QuerySet[Topic], text: str) -> QuerySet[Topic]:
    """Every word (up to MAX_TERMS) in the title or the body, newest activity first."""
    terms = _WORD.findall(text)[:MAX_TERMS]
    if not terms:
        return topics.none()
    for term in terms:
        topics = topics.filter(Q(title__icontains=term) | Q(body__icontains=term))
    return topics.order_by("-last_activity_at", "-id")


def search_topics(topics: QuerySet[Topic], text: str) -> QuerySet[Topic]:
    text = text.strip()
    if not text:
        return topics
    return search_full_text(topics, text) if uses_full_text() else search_fallback(topics, text)
