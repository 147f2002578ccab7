"""Writing topics and posts: asking, replying, editing, deleting, accepting an answer.

Every service checks its rules before it writes (`rules`), so a refused action changes
nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.community.models import Category, Post, ReputationEvent, Status, Topic
from backend.community.permissions import is_moderator
from backend.community.search import topic_reindex
from backend.community.selectors.topics import others_replies
from backend.community.signals import reply_published
from backend.game.models import Round

from .reputation import reputation_grant, reputation_reverse
from .rules import (
    check_author,
    check_edit_window,
    check_open,
    clean_title,
    credit,
    locked,
    refresh_reply_count,
    rendered,
    status_for,
)

ACCEPTED_ANSWER = ReputationEvent.Kind.ACCEPTED_ANSWER


@transaction.atomic
def topic_create(
    *, author: User, category: Category, title: str, body: str, round: Round | None = None
) -> Topic:
    """Ask a question. A new member's question with a link waits for approval."""
    title = clean_title(title)
    body, html = rendered(body)
    if round is not None and round.status == Round.Status.DRAFT:
        raise ApplicationError(_("This round is not open yet."), code="round_not_open")
    topic = Topic.objects.create(
        category=category,
        author=author,
        round=round,
        title=title,
        body=body,
        body_html=html,
        status=status_for(author, body, html),
    )
    topic_reindex([topic.pk])
    return topic


@transaction.atomic
def topic_edit(
    *, topic: Topic, user: User, title: str | None = None, body: str | None = None
) -> Topic:
    """The author edits within the edit window; a link added by a new member re-queues it."""
    topic = locked(topic)
    check_author(topic, user, _("Only its author may change this question."))
    check_open(topic, pending_ok=True)
    check_edit_window(topic.created_at)
    if title is not None:
        topic.title = clean_title(title)
    if body is not None:
        topic.body, topic.body_html = rendered(body)
    if topic.status == Status.PUBLISHED:
        topic.status = status_for(user, topic.body, topic.body_html)
    topic.edited_at = timezone.now()
    topic.save(update_fields=["title", "body", "body_html", "status", "edited_at"])
    topic_reindex([topic.pk])
    return topic


@transaction.atomic
def topic_delete(*, topic: Topic, user: User) -> None:
    """The author deletes (softly) a question nobody else has answered yet."""
    topic = locked(topic)
    check_author(topic, user, _("Only its author may change this question."))
    check_open(topic, pending_ok=True)
    if others_replies(topic_ids=[topic.pk], author_id=user.pk).exists():
        raise ApplicationError(
            _("Others have answered: flag the question for a moderator instead."),
            code="has_replies",
            status_code=409,
        )
    topic.deleted_at = timezone.now()
    topic.save(update_fields=["deleted_at"])


@transaction.atomic
def post_create(*, topic: Topic, author: User, body: str) -> Post:
    """Reply in a topic that is published, visible and not locked."""
    topic = locked(topic)
    check_open(topic)
    body, html = rendered(body)
    post = Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        body_html=html,
        status=status_for(author, body, html),
    )
    if post.status == Status.PUBLISHED:
        Topic.objects.filter(pk=topic.pk).update(
            reply_count=F("reply_count") + 1, last_activity_at=post.created_at
        )
        credit(author.pk)
        reply_published.send(sender=Post, post_id=post.pk)
    return post


@transaction.atomic
def post_edit(*, post: Post, user: User, body: str) -> Post:
    post = locked(post)
    check_author(post, user, _("Only its author may change this reply."))
    check_open(post.topic)
    check_open(post, pending_ok=True)
    check_edit_window(post.created_at)
    post.body, post.body_html = rendered(body)
    was_published = post.status == Status.PUBLISHED
    if was_published:
        post.status = status_for(user, post.body, post.body_html)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "status", "edited_at"])
    if was_published and post.status != Status.PUBLISHED:
        refresh_reply_count(post.topic_id)
    return post


@transaction.atomic
def post_delete(*, post: Post, user: User) -> None:
    """The author deletes (softly) a reply, unless it is the accepted answer."""
    post = locked(post)
    check_author(post, user, _("Only its author may change this reply."))
    topic = locked(post.topic)
    check_open(topic)
    check_open(post, pending_ok=True)
    if topic.accepted_answer_id == post.pk:
        raise ApplicationError(
            _("The accepted answer cannot be deleted."), code="accepted_answer", status_code=409
        )
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    refresh_reply_count(topic.pk)


def _check_asker(topic: Topic, user: User, refusal: str) -> None:
    """`refusal` is the whole translated sentence: "Only the asker may …"."""
    if topic.author_id != user.pk and not is_moderator(user):
        raise ApplicationError(refusal, code="not_your_question", status_code=403)


@transaction.atomic
def answer_accept(*, topic: Topic, post: Post, user: User) -> Topic:
    """The asker (or a moderator) accepts one reply; accepting another moves the +15."""
    topic = locked(topic)
    if topic.kind != Topic.Kind.QUESTION:
        raise ApplicationError(
            _("Only questions have an accepted answer."), code="not_a_question", status_code=409
        )
    _check_asker(topic, user, _("Only the asker may accept an answer."))
    check_open(topic)
    if post.topic_id != topic.pk or post.kind != Post.Kind.REPLY:
        raise ApplicationError(_("This is not a reply to this question."), code="not_a_reply")
    check_open(post)
    if topic.accepted_answer_id == post.pk:
        raise ApplicationError(
            _("This answer is already accepted."), code="already_accepted", status_code=409
        )
    if topic.accepted_answer_id is not None:
        reputation_reverse(kind=ACCEPTED_ANSWER, post_id=topic.accepted_answer_id)
    topic.accepted_answer = post
    topic.save(update_fields=["accepted_answer"])
    # Accepting one's own reply is allowed (it helps readers) but earns nothing.
    if post.author_id is not None and post.author_id != topic.author_id:
        reputation_grant(
            player_id=post.author_id, kind=ACCEPTED_ANSWER, topic=topic, post=post, actor=user
        )
        credit(post.author_id)
    return topic


@transaction.atomic
def answer_unaccept(*, topic: Topic, user: User) -> Topic:
    topic = locked(topic)
    _check_asker(topic, user, _("Only the asker may withdraw the acceptance."))
    check_open(topic)
    if topic.accepted_answer_id is None:
        raise ApplicationError(_("No answer is accepted."), code="not_accepted", status_code=409)
    reputation_reverse(kind=ACCEPTED_ANSWER, post_id=topic.accepted_answer_id)
    topic.accepted_answer = None
    topic.save(update_fields=["accepted_answer"])
    return topic
