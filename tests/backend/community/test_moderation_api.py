"""Moderation: who may moderate, what each action does, the queue, flags, the audit log."""

from __future__ import annotations

from typing import Any

import pytest

from backend.community import services
from backend.community.models import Category, Flag, ModerationAction, Post, Status, Topic
from tests.factories import PostFactory, TopicFactory

from .conftest import url

pytestmark = pytest.mark.django_db


def moderate_topic(client: Any, topic: Topic, action: str, **extra: Any) -> Any:
    return client.post(
        url(f"moderation/topics/{topic.pk}/"),
        {"action": action, "reason": "test", **extra},
        format="json",
    )


def test_it_keeps_members_out_of_every_moderation_endpoint(
    api_as: Any, owner: Any, member: Any, question: Topic, answer: Post
) -> None:
    flag = Flag.objects.create(reporter=owner, topic=question, post=answer, reason="spam")
    client = api_as(member)
    responses = [
        moderate_topic(client, question, "hide"),
        client.post(url(f"moderation/posts/{answer.pk}/"), {"action": "hide"}),
        client.get(url("moderation/flags/")),
        client.post(url(f"moderation/flags/{flag.pk}/"), {"decision": "uphold"}),
        client.get(url("moderation/pending/")),
        client.get(url("moderation/log/")),
    ]
    assert [r.status_code for r in responses] == [403] * 6
    question.refresh_from_db()
    answer.refresh_from_db()
    assert not question.is_hidden
    assert not answer.is_hidden
    assert not ModerationAction.objects.exists()


def test_it_lets_the_moderators_group_moderate(
    api_as: Any, moderator: Any, question: Topic
) -> None:
    assert moderate_topic(api_as(moderator), question, "lock").status_code == 200
    assert Topic.objects.get(pk=question.pk).is_locked


@pytest.mark.parametrize(
    "case",
    [
        ("hide", "is_hidden", True),
        ("lock", "is_locked", True),
        ("pin", "is_pinned", True),
    ],
)
def test_it_applies_and_logs_topic_actions(
    api_as: Any, operator: Any, question: Topic, case: tuple[str, str, bool]
) -> None:
    action, field, value = case
    response = moderate_topic(api_as(operator), question, action)
    assert response.status_code == 200
    assert response.json()[field] is value
    entry = ModerationAction.objects.get()
    assert (entry.actor, entry.action, entry.target, entry.reason) == (
        operator,
        action,
        f"topic:{question.pk}",
        "test",
    )
    # Doing it again changes nothing and logs nothing.
    again = moderate_topic(api_as(operator), question, action)
    assert again.status_code == 409
    assert ModerationAction.objects.count() == 1


def test_it_undoes_topic_actions(api_as: Any, operator: Any, member: Any, question: Topic) -> None:
    client = api_as(operator)
    for action in ("hide", "lock", "pin", "unhide", "unlock", "unpin"):
        assert moderate_topic(client, question, action).status_code == 200
    question.refresh_from_db()
    assert (question.is_hidden, question.is_locked, question.is_pinned) == (False, False, False)
    assert ModerationAction.objects.count() == 6
    assert api_as(member).get(url(f"topics/{question.pk}/")).status_code == 200


def test_it_moves_a_topic_to_another_category(api_as: Any, operator: Any, question: Topic) -> None:
    response = moderate_topic(api_as(operator), question, "move", category="rules-and-account")
    assert response.status_code == 200
    assert response.json()["category"]["slug"] == "rules-and-account"
    entry = ModerationAction.objects.get()
    assert entry.details == {"from": "handicapping-help", "to": "rules-and-account"}
    same = moderate_topic(api_as(operator), question, "move", category="rules-and-account")
    assert same.status_code == 400
    unknown = moderate_topic(api_as(operator), question, "move", category="nowhere")
    assert unknown.status_code == 400
    assert Topic.objects.get(pk=question.pk).category == Category.objects.get(
        slug="rules-and-account"
    )


def test_it_refuses_unknown_actions(api_as: Any, operator: Any, question: Topic) -> None:
    assert moderate_topic(api_as(operator), question, "explode").status_code == 400
    assert not ModerationAction.objects.exists()


def test_it_hides_and_unhides_a_reply(
    api_as: Any, operator: Any, outsider: Any, question: Topic, answer: Post
) -> None:
    client = api_as(operator)
    response = client.post(url(f"moderation/posts/{answer.pk}/"), {"action": "hide"})
    assert response.status_code == 200
    assert response.json()["is_hidden"] is True
    assert Topic.objects.get(pk=question.pk).reply_count == 0
    assert api_as(outsider).get(url(f"topics/{question.pk}/")).json()["replies"]["count"] == 0
    assert client.post(url(f"moderation/posts/{answer.pk}/"), {"action": "unhide"}).status_code == (
        200
    )
    assert Topic.objects.get(pk=question.pk).reply_count == 1
    assert [e.action for e in ModerationAction.objects.order_by("at", "id")] == ["hide", "unhide"]


def test_it_approves_and_rejects_pending_posts(
    api_as: Any, operator: Any, outsider: Any, member: Any, question: Topic
) -> None:
    pending_topic = TopicFactory(author=member, status=Status.PENDING, category=question.category)
    pending_post = PostFactory(topic=question, author=member, status=Status.PENDING)
    queue = api_as(operator).get(url("moderation/pending/")).json()
    assert [t["id"] for t in queue["topics"]] == [pending_topic.pk]
    assert [p["id"] for p in queue["posts"]] == [pending_post.pk]
    client = api_as(operator)
    assert moderate_topic(client, pending_topic, "approve").status_code == 200
    assert api_as(outsider).get(url(f"topics/{pending_topic.pk}/")).status_code == 200
    response = client.post(url(f"moderation/posts/{pending_post.pk}/"), {"action": "reject"})
    assert response.json()["status"] == "rejected"
    assert api_as(outsider).get(url(f"posts/{pending_post.pk}/")).status_code == 404
    assert api_as(member).get(url(f"posts/{pending_post.pk}/")).status_code == 404
    # Only pending things can be approved.
    assert moderate_topic(client, pending_topic, "approve").status_code == 409
    assert client.get(url("moderation/pending/")).json() == {"topics": [], "posts": []}


def test_it_counts_approved_posts_for_the_new_member_rule(
    api_as: Any, operator: Any, member: Any, question: Topic
) -> None:
    for _ in range(3):
        pending = PostFactory(topic=question, author=member, status=Status.PENDING)
        api_as(operator).post(url(f"moderation/posts/{pending.pk}/"), {"action": "approve"})
    response = api_as(member).post(
        url(f"topics/{question.pk}/replies/"), {"body": "https://stats.example"}, format="json"
    )
    assert response.json()["status"] == "published"


def test_it_lists_open_flags_for_moderators(
    api_as: Any, operator: Any, outsider: Any, answer: Post
) -> None:
    api_as(outsider).post(url(f"posts/{answer.pk}/flag/"), {"reason": "spam", "detail": "ad"})
    data = api_as(operator).get(url("moderation/flags/")).json()
    assert data["count"] == 1
    flag = data["results"][0]
    assert flag["reason"] == "spam"
    assert flag["reporter"] == "Charlie"
    assert flag["target_author"] == answer.author.public_name  # who wrote it, not who reported
    assert flag["target_excerpt"].startswith("Look at the sire")


def test_it_upholds_a_flag_by_hiding_its_target(
    api_as: Any, operator: Any, outsider: Any, owner: Any, answer: Post
) -> None:
    first = Flag.objects.create(reporter=outsider, topic=answer.topic, post=answer, reason="spam")
    second = Flag.objects.create(reporter=owner, topic=answer.topic, post=answer, reason="abuse")
    response = api_as(operator).post(
        url(f"moderation/flags/{first.pk}/"), {"decision": "uphold", "reason": "spam link"}
    )
    assert response.status_code == 200
    assert response.json()["state"] == "upheld"
    answer.refresh_from_db()
    assert answer.is_hidden
    second.refresh_from_db()
    assert second.state == "upheld"
    actions = list(ModerationAction.objects.order_by("id").values_list("action", "reason"))
    assert actions == [("hide", "spam link"), ("uphold_flag", "spam link")]
    again = api_as(operator).post(url(f"moderation/flags/{first.pk}/"), {"decision": "dismiss"})
    assert again.status_code == 409


def test_hiding_the_accepted_answer_withdraws_the_acceptance(
    api_as: Any, operator: Any, owner: Any, member: Any, answer: Post
) -> None:
    """A hidden reply cannot be what solved the question: it is not shown as solved any
    more, the answerer loses what the acceptance earned, and the log says so."""

    def reputation() -> int:
        return int(api_as(member).get(url("me/")).json()["reputation"])

    services.answer_accept(topic=answer.topic, post=answer, user=owner)
    assert reputation() == 15
    flag = Flag.objects.create(reporter=owner, topic=answer.topic, post=answer, reason="abuse")
    api_as(operator).post(url(f"moderation/flags/{flag.pk}/"), {"decision": "uphold"})
    question = api_as(owner).get(url(f"topics/{answer.topic_id}/")).json()
    assert (question["accepted_answer_id"], question["reply_count"]) == (None, 0)
    assert reputation() == 0
    hide = ModerationAction.objects.get(action="hide")
    assert hide.details == {"acceptance_withdrawn": True, "flags_upheld": 1}
    # Shown again, the reply is not accepted again by itself: the asker may accept it.
    api_as(operator).post(url(f"moderation/posts/{answer.pk}/"), {"action": "unhide"})
    assert Topic.objects.get(pk=answer.topic_id).accepted_answer_id is None
    again = api_as(owner).post(url(f"topics/{answer.topic_id}/accept/"), {"post_id": answer.pk})
    assert again.status_code == 200
    assert reputation() == 15


def test_it_dismisses_a_flag(api_as: Any, operator: Any, outsider: Any, answer: Post) -> None:
    flag = Flag.objects.create(reporter=outsider, topic=answer.topic, post=answer, reason="spam")
    response = api_as(operator).post(url(f"moderation/flags/{flag.pk}/"), {"decision": "dismiss"})
    assert response.json()["state"] == "dismissed"
    answer.refresh_from_db()
    assert not answer.is_hidden
    assert ModerationAction.objects.get().action == "dismiss_flag"
    assert api_as(operator).post(
        url("moderation/flags/999999/"), {"decision": "dismiss"}
    ).status_code == (404)


def test_it_shows_the_audit_log_to_moderators(
    api_as: Any, operator: Any, moderator: Any, question: Topic
) -> None:
    moderate_topic(api_as(operator), question, "lock")
    moderate_topic(api_as(moderator), question, "pin")
    data = api_as(moderator).get(url("moderation/log/")).json()
    assert data["count"] == 2
    latest = data["results"][0]
    assert latest["action"] == "pin"
    assert latest["actor"] == "Mod"
    assert latest["target"] == f"topic:{question.pk}"
    assert "@" not in str(data)
    filtered = api_as(moderator).get(url("moderation/log/"), {"action": "lock"}).json()
    assert [e["action"] for e in filtered["results"]] == ["lock"]
    by_actor = api_as(moderator).get(url("moderation/log/"), {"actor": operator.pk}).json()
    assert by_actor["count"] == 1


def test_hiding_a_reported_reply_upholds_its_open_reports(
    api_as: Any, operator: Any, outsider: Any, owner: Any, answer: Post
) -> None:
    """A moderator who hides what was reported has answered the report: it leaves the
    queue as upheld, by them; reports on something else stay open."""
    other = PostFactory(topic=answer.topic, author=owner)
    api_as(outsider).post(url(f"posts/{answer.pk}/flag/"), {"reason": "spam"})
    api_as(owner).post(url(f"posts/{answer.pk}/flag/"), {"reason": "abuse"})
    api_as(outsider).post(url(f"posts/{other.pk}/flag/"), {"reason": "off_topic"})
    hidden = api_as(operator).post(url(f"moderation/posts/{answer.pk}/"), {"action": "hide"})
    assert hidden.status_code == 200
    on_answer = Flag.objects.filter(post=answer)
    assert {(f.state, f.resolved_by_id) for f in on_answer} == {("upheld", operator.pk)}
    queue = api_as(operator).get(url("moderation/flags/")).json()
    assert [f["reason"] for f in queue["results"]] == ["off_topic"]
    logged = ModerationAction.objects.get(action="hide")
    assert logged.details == {"flags_upheld": 2}
