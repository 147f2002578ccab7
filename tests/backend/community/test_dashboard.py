"""The operators' community dashboard: per category and week, subjects from titles (stop
words left out, in English and French), helpers' solved shares, and its CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone

from backend.accounts.models import User
from backend.community.models import Category
from backend.community.selectors.dashboard import (
    frequent_subjects,
    helpers_solved_shares,
    questions_per_category_week,
)
from backend.community.services import answer_accept
from tests.factories import CategoryFactory, PostFactory, TopicFactory, UserFactory

from .conftest import url

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC)  # a Wednesday


def test_questions_and_unanswered_per_category_and_week(help_category: Category) -> None:
    other = CategoryFactory(slug="rules-and-account")
    answered = TopicFactory(category=help_category, created_at=NOW - dt.timedelta(days=1))
    PostFactory(topic=answered, created_at=NOW)
    TopicFactory(category=help_category, created_at=NOW - dt.timedelta(days=2))
    TopicFactory(category=other, created_at=NOW - dt.timedelta(days=8))
    rows = {
        (r["week"], r["category"]): (r["questions"], r["unanswered"])
        for r in questions_per_category_week(now=NOW, weeks=2)
    }
    this, last = dt.date(2026, 3, 9), dt.date(2026, 3, 2)
    assert rows[this, "handicapping-help"] == (2, 1)
    assert rows[last, "rules-and-account"] == (1, 1)
    assert rows[this, "rules-and-account"] == (0, 0)


def test_frequent_subjects_skip_stop_words_in_both_languages(help_category: Category) -> None:
    for title in (
        "How does the draw matter at Chantilly?",
        "Le draw à Chantilly, est-ce que ça compte ?",
        "What is the going at Longchamp?",
    ):
        TopicFactory(title=title, created_at=NOW - dt.timedelta(hours=1))
    words = {s["word"]: s["questions"] for s in frequent_subjects(now=NOW, weeks=1)}
    assert words["draw"] == 2
    assert words["chantilly"] == 2
    assert words["longchamp"] == 1
    for stop in ("the", "how", "que", "est", "does", "what"):
        assert stop not in words


def test_helpers_solved_share_counts_accepted_answers(owner: User) -> None:
    helper = UserFactory(display_name="Helper")
    questions = [TopicFactory(author=owner) for _ in range(4)]
    answers = [PostFactory(topic=q, author=helper) for q in questions]
    PostFactory(topic=TopicFactory(author=helper), author=helper)  # own question: not counted
    answer_accept(topic=questions[0], post=answers[0], user=owner)
    row = next(r for r in helpers_solved_shares() if r["player_id"] == helper.pk)
    assert (row["answered"], row["solved"], row["solved_share"]) == (4, 1, 0.25)


def test_operators_read_it_and_export_it(
    operator: User, member: User, help_category: Category, api_as: Any
) -> None:
    TopicFactory(title="Which jockey for the Derby?", created_at=timezone.now())
    body = api_as(operator).get(url("ops/dashboard/?weeks=2")).json()
    assert set(body) == {"weeks", "per_category", "answer_times", "subjects", "helpers"}
    assert len(body["answer_times"]) == 2
    assert "derby" in {s["word"] for s in body["subjects"]}
    export = api_as(operator).get(url("ops/dashboard/export/?weeks=2&table=subjects"))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert {"word": "derby", "questions": "1"} in rows
    empty = api_as(operator).get(url("ops/dashboard/export/?table=helpers"))
    assert empty.content.decode().splitlines()[0] == (
        "player_id,display_name,answered,solved,solved_share"
    )
    assert api_as(member).get(url("ops/dashboard/")).status_code == 403
    assert api_as(operator).get(url("ops/dashboard/export/?table=nope")).status_code == 400
