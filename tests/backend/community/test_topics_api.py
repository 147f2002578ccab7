"""Asking, listing, reading, replying, editing and deleting through the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from backend.community.models import BODY_MAX, Category, Post, Status, Topic
from backend.community.selectors.topics import topic_list
from tests.factories import PostFactory, TopicFactory

from .conftest import url

pytestmark = pytest.mark.django_db

INJECTION = (
    "Hello <script>alert('x')</script> "
    '<img src=x onerror="alert(1)"> '
    "[click](javascript:alert(1)) "
    '<a href="https://example.com" onclick="steal()">site</a> '
    "<iframe src='https://evil.example'></iframe><style>body{display:none}</style>"
    '<div onmouseover="x()">hover</div>'
)


def ask(client: Any, **overrides: Any) -> Any:
    body = {
        "category": "handicapping-help",
        "title": "Which trainer to follow at Vincennes?",
        "body": "I keep missing the **placed** horse. Any method?",
        **overrides,
    }
    return client.post(url("topics/"), body, format="json")


# --- categories -------------------------------------------------------------------------


def test_it_lists_the_default_categories_in_order(api_as: Any, member: Any) -> None:
    response = api_as(member).get(url("categories/"))
    assert response.status_code == 200
    slugs = [c["slug"] for c in response.json()]
    assert slugs[:4] == [
        "race-of-the-week",
        "handicapping-help",
        "rules-and-account",
        "real-betting-questions",
    ]
    assert response.json()[1]["name_fr"] == "Aide au pronostic"


def test_it_counts_only_public_topics_per_category(
    api_as: Any, member: Any, question: Topic
) -> None:
    TopicFactory(category=question.category, is_hidden=True)
    TopicFactory(category=question.category, status=Status.PENDING)
    rows = {c["slug"]: c for c in api_as(member).get(url("categories/")).json()}
    assert rows["handicapping-help"]["topic_count"] == 1


def test_it_refuses_anonymous_readers_beyond_the_public_forum(api: Any, question: Topic) -> None:
    for path in ("top-contributors/", "me/", f"players/{question.author_id}/"):
        assert api.get(url(path)).status_code == 403


# --- asking -----------------------------------------------------------------------------


def test_it_asks_a_question(api_as: Any, owner: Any, help_category: Category) -> None:
    response = ask(api_as(owner))
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "published"
    assert data["author"]["display_name"] == "Alice"
    assert "email" not in str(data["author"])
    assert (
        data["body_html"] == "<p>I keep missing the <strong>placed</strong> horse. Any method?</p>"
    )
    assert data["body"].startswith("I keep missing")  # the author gets the source back
    assert data["replies"]["count"] == 0
    assert data["url"] == f"/community/topics/{data['id']}"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
        ({"body": "x" * (BODY_MAX + 1)}, "body"),
        ({"title": "Short"}, "title"),
        ({"title": "t" * 201}, "title"),
        ({"category": "nope"}, None),
        ({"round_id": 999999}, None),
    ],
)
def test_it_refuses_bad_questions(
    api_as: Any, owner: Any, help_category: Category, overrides: dict[str, Any], field: str | None
) -> None:
    response = ask(api_as(owner), **overrides)
    assert response.status_code == 400
    if field:
        assert field in response.json()["fields"]
    assert not Topic.objects.exists()


def test_it_refuses_a_body_with_no_visible_text(
    api_as: Any, owner: Any, help_category: Category
) -> None:
    response = ask(api_as(owner), body="<script>alert(1)</script><img src=x>")
    assert response.status_code == 400
    assert response.json()["code"] == "empty"
    assert not Topic.objects.exists()


def test_it_strips_html_and_script_injection(
    api_as: Any, owner: Any, help_category: Category
) -> None:
    data = ask(api_as(owner), body=INJECTION).json()
    html = data["body_html"]
    for bad in (
        "<script",
        "onerror=",
        "javascript:",
        "onclick",
        "<iframe",
        "<style",
        "onmouseover",
    ):
        assert bad not in html.lower()
    assert '<a href="https://example.com" rel="nofollow noopener">site</a>' in html
    # Others never get the raw source, only the sanitised HTML.
    topic = Topic.objects.get()
    assert "<script" not in topic.body_html


def test_it_never_sends_the_source_to_other_members(
    api_as: Any, member: Any, question: Topic
) -> None:
    Topic.objects.filter(pk=question.pk).update(body=INJECTION)
    data = api_as(member).get(url(f"topics/{question.pk}/")).json()
    assert data["body"] is None
    assert "<script" not in str(data)


def test_it_holds_a_new_members_link_for_approval(
    api_as: Any, owner: Any, member: Any, operator: Any, help_category: Category
) -> None:
    response = ask(api_as(owner), body="My tips on https://tipster.example, have a look")
    assert response.status_code == 201
    topic_id = response.json()["id"]
    assert response.json()["status"] == "pending"
    # Visible to its author and the moderators only.
    assert api_as(owner).get(url(f"topics/{topic_id}/")).status_code == 200
    assert api_as(operator).get(url(f"topics/{topic_id}/")).status_code == 200
    assert api_as(member).get(url(f"topics/{topic_id}/")).status_code == 404
    assert api_as(member).get(url("topics/")).json()["count"] == 0


def test_it_publishes_links_of_members_with_approved_posts(
    api_as: Any, owner: Any, help_category: Category
) -> None:
    for _ in range(3):
        PostFactory(author=owner)
    response = ask(api_as(owner), body="See [this chart](https://stats.example/going)")
    assert response.json()["status"] == "published"


def test_it_publishes_links_of_moderators_at_once(
    api_as: Any, operator: Any, help_category: Category
) -> None:
    assert ask(api_as(operator), body="Rules: https://paddock.example").json()["status"] == (
        "published"
    )


def test_it_rate_limits_posting_per_member(
    api_as: Any, owner: Any, member: Any, help_category: Category
) -> None:
    client = api_as(owner)
    for n in range(10):
        assert ask(client, title=f"Question number {n} about the going").status_code == 201
    response = ask(client, title="One question too many today")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Topic.objects.count() == 10
    # Another member is not held back, and reading is never throttled.
    assert ask(api_as(member)).status_code == 201
    assert client.get(url("topics/")).status_code == 200


# --- listing and reading ----------------------------------------------------------------


def test_it_lists_topics_pinned_first_then_by_activity(
    api_as: Any, member: Any, help_category: Category
) -> None:
    now = timezone.now()
    old = TopicFactory(category=help_category, last_activity_at=now - dt.timedelta(days=3))
    new = TopicFactory(category=help_category, last_activity_at=now)
    pinned = TopicFactory(
        category=help_category, is_pinned=True, last_activity_at=now - dt.timedelta(days=9)
    )
    data = api_as(member).get(url("topics/")).json()
    assert [t["id"] for t in data["results"]] == [pinned.pk, new.pk, old.pk]


def _plan_unsorted(query: Any) -> str:
    """The query's plan with sorting and reading whole tables made as costly as the planner
    allows: an index that serves the query is then taken whenever one exists, however
    small the table."""
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres  # the plans are PostgreSQL's
def test_the_front_page_and_the_recent_answers_are_read_in_order_from_an_index(
    member: Any, help_category: Category
) -> None:
    """The community's front page (every category) and the visitors' recent answers take
    their first rows in order from an index, not by sorting every topic or every post."""
    for topic in TopicFactory.create_batch(3, category=help_category):
        PostFactory(topic=topic)
    front_page = _plan_unsorted(topic_list(user=member)[:50])
    assert "community_topic_recent" in front_page, front_page
    latest = Post.objects.public().filter(kind=Post.Kind.REPLY).order_by("-created_at", "-id")
    recent = _plan_unsorted(latest[:20])
    assert "community_post_recent" in recent, recent


def test_it_filters_topics_by_category_and_pages_them(
    api_as: Any, member: Any, help_category: Category
) -> None:
    rules = Category.objects.get(slug="rules-and-account")
    for _ in range(3):
        TopicFactory(category=help_category)
    TopicFactory(category=rules)
    client = api_as(member)
    data = client.get(url("topics/"), {"category": "handicapping-help", "page_size": 2}).json()
    assert data["count"] == 3
    assert len(data["results"]) == 2
    assert data["next"] is not None
    page2 = client.get(url("topics/"), {"category": "handicapping-help", "page_size": 2, "page": 2})
    assert len(page2.json()["results"]) == 1
    assert client.get(url("topics/"), {"category": "rules-and-account"}).json()["count"] == 1


def test_it_lists_unanswered_questions_and_a_members_questions(
    api_as: Any, member: Any, owner: Any, question: Topic, answer: Post
) -> None:
    other = TopicFactory(author=member, category=question.category)
    Topic.objects.filter(pk=question.pk).update(accepted_answer=answer)
    client = api_as(member)
    assert [
        t["id"] for t in client.get(url("topics/"), {"unanswered": "true"}).json()["results"]
    ] == [other.pk]
    assert [
        t["id"] for t in client.get(url("topics/"), {"author": owner.pk}).json()["results"]
    ] == [question.pk]


def test_it_hides_hidden_and_deleted_topics_from_members(
    api_as: Any, member: Any, operator: Any, help_category: Category
) -> None:
    hidden = TopicFactory(category=help_category, is_hidden=True)
    deleted = TopicFactory(category=help_category, deleted_at=timezone.now())
    client = api_as(member)
    assert client.get(url(f"topics/{hidden.pk}/")).status_code == 404
    assert client.get(url(f"topics/{deleted.pk}/")).status_code == 404
    assert client.get(url("topics/")).json()["count"] == 0
    # Moderators still see the hidden one (to unhide it), never the deleted one.
    ids = [t["id"] for t in api_as(operator).get(url("topics/")).json()["results"]]
    assert ids == [hidden.pk]


def test_it_states_the_visibility_rule_once_for_topics_and_posts(question: Topic) -> None:
    topics = {
        "published": TopicFactory(category=question.category),
        "hidden": TopicFactory(category=question.category, is_hidden=True),
        "pending": TopicFactory(category=question.category, status=Status.PENDING),
        "deleted": TopicFactory(category=question.category, deleted_at=timezone.now()),
    }
    posts = {
        name: PostFactory(topic=question, **fields)
        for name, fields in (
            ("published", {}),
            ("hidden", {"is_hidden": True}),
            ("rejected", {"status": Status.REJECTED}),
            ("deleted", {"deleted_at": timezone.now()}),
        )
    }
    assert set(Topic.objects.public()) == {question, topics["published"]}
    assert set(Post.objects.public()) == {posts["published"]}
    # The in-memory property says the same of each row.
    assert {name for name, t in topics.items() if t.is_public} == {"published"}
    assert {name for name, p in posts.items() if p.is_public} == {"published"}


def test_it_shows_a_topic_with_its_replies_paged(api_as: Any, member: Any, question: Topic) -> None:
    posts = [PostFactory(topic=question) for _ in range(3)]
    PostFactory(topic=question, is_hidden=True)
    PostFactory(topic=question, deleted_at=timezone.now())
    data = api_as(member).get(url(f"topics/{question.pk}/"), {"page_size": 2}).json()
    assert data["title"] == question.title
    assert data["replies"]["count"] == 3
    assert [p["id"] for p in data["replies"]["results"]] == [posts[0].pk, posts[1].pk]
    reply = data["replies"]["results"][0]
    assert reply["author"]["badges"] == {"gold": 0, "silver": 0, "bronze": 0, "slugs": []}
    assert reply["viewer"] == {
        "voted": False,
        "can_check": False,
        "can_edit": False,
        "edit_until": None,
        "can_delete": False,
    }


def test_it_tells_the_viewer_what_they_may_do(
    api_as: Any, owner: Any, member: Any, question: Topic
) -> None:
    mine = api_as(owner).get(url(f"topics/{question.pk}/")).json()["viewer"]
    until = question.created_at + dt.timedelta(minutes=30)  # the edit window
    assert dt.datetime.fromisoformat(mine.pop("edit_until")) == until
    assert mine == {
        "voted": False,
        "can_edit": True,
        "can_delete": True,
        "can_accept": True,
        "can_moderate": False,
    }
    theirs = api_as(member).get(url(f"topics/{question.pk}/")).json()["viewer"]
    assert theirs["can_edit"] is theirs["can_accept"] is theirs["can_delete"] is False


def test_it_offers_deletion_only_while_the_service_would_allow_it(
    api_as: Any, owner: Any, member: Any, question: Topic
) -> None:
    """can_delete follows the service's rule: the asker's own replies keep it deletable,
    another member's reply does not; and the API answers as the flag said."""
    client = api_as(owner)
    PostFactory(topic=question, author=owner)
    PostFactory(topic=question, author=member, deleted_at=timezone.now())
    assert client.get(url(f"topics/{question.pk}/")).json()["viewer"]["can_delete"] is True
    listed = client.get(url("topics/"), {"author": owner.pk}).json()["results"]
    assert [t["viewer"]["can_delete"] for t in listed] == [True]
    PostFactory(topic=question, author=member)
    assert client.get(url(f"topics/{question.pk}/")).json()["viewer"]["can_delete"] is False
    listed = client.get(url("topics/"), {"author": owner.pk}).json()["results"]
    assert [t["viewer"]["can_delete"] for t in listed] == [False]
    response = client.delete(url(f"topics/{question.pk}/"))
    assert (response.status_code, response.json()["code"]) == (409, "has_replies")


def test_it_stops_offering_edits_when_the_window_closes(
    api_as: Any, owner: Any, question: Topic
) -> None:
    reply = PostFactory(topic=question, author=owner)
    client = api_as(owner)
    data = client.get(url(f"topics/{question.pk}/")).json()
    assert data["viewer"]["can_edit"] is data["replies"]["results"][0]["viewer"]["can_edit"] is True
    past = timezone.now() - dt.timedelta(minutes=31)
    Topic.objects.filter(pk=question.pk).update(created_at=past)
    Post.objects.filter(pk=reply.pk).update(created_at=past)
    data = client.get(url(f"topics/{question.pk}/")).json()
    assert (
        data["viewer"]["can_edit"] is data["replies"]["results"][0]["viewer"]["can_edit"] is False
    )
    assert data["viewer"]["edit_until"] is data["replies"]["results"][0]["viewer"]["edit_until"]
    assert data["viewer"]["edit_until"] is None
    # Deleting is not bound to the window.
    assert (
        data["viewer"]["can_delete"]
        is data["replies"]["results"][0]["viewer"]["can_delete"]
        is True
    )
    response = client.patch(url(f"posts/{reply.pk}/"), {"body": "Later."}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "edit_window_closed")


# --- replying ---------------------------------------------------------------------------


def test_it_replies_to_a_question(api_as: Any, member: Any, question: Topic) -> None:
    response = api_as(member).post(
        url(f"topics/{question.pk}/replies/"), {"body": "Follow **Guarato**."}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["body_html"] == "<p>Follow <strong>Guarato</strong>.</p>"
    question.refresh_from_db()
    assert question.reply_count == 1
    assert question.last_activity_at == Post.objects.get().created_at


def test_it_refuses_empty_and_oversized_replies(api_as: Any, member: Any, question: Topic) -> None:
    client = api_as(member)
    for body in ("", "  ", "x" * (BODY_MAX + 1)):
        response = client.post(url(f"topics/{question.pk}/replies/"), {"body": body}, format="json")
        assert response.status_code == 400
    assert not Post.objects.exists()


def test_it_refuses_replies_in_a_locked_topic(api_as: Any, member: Any, question: Topic) -> None:
    Topic.objects.filter(pk=question.pk).update(is_locked=True)
    response = api_as(member).post(
        url(f"topics/{question.pk}/replies/"), {"body": "Too late?"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "topic_locked"
    assert not Post.objects.exists()


def test_it_refuses_replies_in_a_hidden_topic(
    api_as: Any, member: Any, operator: Any, question: Topic
) -> None:
    Topic.objects.filter(pk=question.pk).update(is_hidden=True)
    body = {"body": "Anyone?"}
    assert api_as(member).post(url(f"topics/{question.pk}/replies/"), body).status_code == 404
    response = api_as(operator).post(url(f"topics/{question.pk}/replies/"), body)
    assert response.status_code == 409
    assert response.json()["code"] == "topic_hidden"
    assert not Post.objects.exists()


def test_it_holds_a_new_members_reply_with_a_link(
    api_as: Any, member: Any, outsider: Any, question: Topic
) -> None:
    response = api_as(member).post(
        url(f"topics/{question.pk}/replies/"), {"body": "Read www.tips.example"}, format="json"
    )
    assert response.json()["status"] == "pending"
    question.refresh_from_db()
    assert question.reply_count == 0
    assert api_as(outsider).get(url(f"topics/{question.pk}/")).json()["replies"]["count"] == 0
    assert api_as(member).get(url(f"topics/{question.pk}/")).json()["replies"]["count"] == 1


# --- editing and deleting ---------------------------------------------------------------


def test_it_lets_the_author_edit_within_the_window(
    api_as: Any, owner: Any, question: Topic
) -> None:
    response = api_as(owner).patch(
        url(f"topics/{question.pk}/"),
        {"title": "How do you read heavy going?", "body": "Edited _body_"},
        format="json",
    )
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.title == "How do you read heavy going?"
    assert question.body_html == "<p>Edited <em>body</em></p>"
    assert question.edited_at is not None


def test_it_refuses_edits_after_the_window(api_as: Any, owner: Any, question: Topic) -> None:
    Topic.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=31)
    )
    response = api_as(owner).patch(url(f"topics/{question.pk}/"), {"body": "late"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "edit_window_closed"
    question.refresh_from_db()
    assert question.body != "late"


def test_it_follows_the_edit_window_setting(
    api_as: Any, owner: Any, question: Topic, settings: Any
) -> None:
    settings.PADDOCK_COMMUNITY = {"EDIT_WINDOW_MINUTES": 60}
    Topic.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=45)
    )
    response = api_as(owner).patch(url(f"topics/{question.pk}/"), {"body": "ok"}, format="json")
    assert response.status_code == 200


def test_it_refuses_edits_by_someone_else(api_as: Any, member: Any, question: Topic) -> None:
    response = api_as(member).patch(url(f"topics/{question.pk}/"), {"body": "mine"}, format="json")
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.body != "mine"


def test_it_refuses_an_empty_edit(api_as: Any, owner: Any, question: Topic) -> None:
    assert api_as(owner).patch(url(f"topics/{question.pk}/"), {}, format="json").status_code == 400


def test_it_requeues_a_new_members_edit_that_adds_a_link(
    api_as: Any, owner: Any, question: Topic
) -> None:
    response = api_as(owner).patch(
        url(f"topics/{question.pk}/"), {"body": "now with https://spam.example"}, format="json"
    )
    assert response.json()["status"] == "pending"


def test_it_edits_and_deletes_ones_own_reply(
    api_as: Any, member: Any, owner: Any, answer: Post
) -> None:
    client = api_as(member)
    response = client.patch(
        url(f"posts/{answer.pk}/"), {"body": "Better **answer**"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["body_html"] == "<p>Better <strong>answer</strong></p>"
    assert api_as(owner).patch(url(f"posts/{answer.pk}/"), {"body": "x"}).status_code == 403
    assert api_as(owner).delete(url(f"posts/{answer.pk}/")).status_code == 403
    assert client.delete(url(f"posts/{answer.pk}/")).status_code == 204
    answer.refresh_from_db()
    assert answer.deleted_at is not None
    assert Topic.objects.get(pk=answer.topic_id).reply_count == 0
    assert client.get(url(f"posts/{answer.pk}/")).status_code == 404


def test_it_keeps_the_accepted_answer_from_deletion(
    api_as: Any, member: Any, question: Topic, answer: Post
) -> None:
    Topic.objects.filter(pk=question.pk).update(accepted_answer=answer)
    response = api_as(member).delete(url(f"posts/{answer.pk}/"))
    assert response.status_code == 409
    answer.refresh_from_db()
    assert answer.deleted_at is None


def test_it_deletes_an_unanswered_question_softly(
    api_as: Any, owner: Any, member: Any, question: Topic
) -> None:
    assert api_as(member).delete(url(f"topics/{question.pk}/")).status_code == 403
    assert api_as(owner).delete(url(f"topics/{question.pk}/")).status_code == 204
    question.refresh_from_db()
    assert question.deleted_at is not None
    assert api_as(owner).get(url(f"topics/{question.pk}/")).status_code == 404


def test_it_keeps_an_answered_question_from_deletion(
    api_as: Any, owner: Any, question: Topic, answer: Post
) -> None:
    response = api_as(owner).delete(url(f"topics/{question.pk}/"))
    assert response.status_code == 409
    assert response.json()["code"] == "has_replies"
    question.refresh_from_db()
    assert question.deleted_at is None


def test_it_refuses_edits_in_a_locked_topic(
    api_as: Any, owner: Any, member: Any, question: Topic, answer: Post
) -> None:
    Topic.objects.filter(pk=question.pk).update(is_locked=True)
    assert api_as(owner).patch(url(f"topics/{question.pk}/"), {"body": "x"}).status_code == 409
    assert api_as(member).patch(url(f"posts/{answer.pk}/"), {"body": "x"}).status_code == 409
    assert api_as(member).delete(url(f"posts/{answer.pk}/")).status_code == 409
    answer.refresh_from_db()
    assert answer.body != "x"
    assert answer.deleted_at is None


def test_it_lists_and_shows_topics_in_a_bounded_number_of_queries(
    api_as: Any, member: Any, question: Topic, django_assert_max_num_queries: Any
) -> None:
    for _ in range(15):
        TopicFactory(category=question.category)
        PostFactory(topic=question)
    client = api_as(member)
    # +2 since authors carry their role (one query) and the viewer's adviser check (one).
    with django_assert_max_num_queries(10):
        assert len(client.get(url("topics/")).json()["results"]) == 16
    with django_assert_max_num_queries(10):
        assert len(client.get(url(f"topics/{question.pk}/")).json()["replies"]["results"]) == 15
