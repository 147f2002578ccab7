"""Helpful votes and flags: what members say about a question or a reply."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.community.models import Flag, Post, ReputationEvent, Topic, Vote

from .reputation import reputation_grant, reputation_reverse
from .rules import check_open, credit, locked

Kind = ReputationEvent.Kind


def _vote_target(topic: Topic | None, post: Post | None) -> tuple[Topic, Post | None]:
    """The locked target and its topic, checked for members to act on."""
    if (topic is None) == (post is None):
        raise ValueError("Vote on exactly one of a topic or a post.")
    if post is not None:
        post = locked(post)
        topic = Topic.objects.get(pk=post.topic_id)
        check_open(topic)
        check_open(post)
        return topic, post
    assert topic is not None
    topic = locked(topic)
    check_open(topic)
    return topic, None


@transaction.atomic
def vote_cast(*, voter: User, topic: Topic | None = None, post: Post | None = None) -> Vote:
    """Find a question (+5 to the asker) or a reply (+10 to its author) helpful, once."""
    topic, post = _vote_target(topic, post)
    target: Topic | Post = topic if post is None else post
    if target.author_id == voter.pk:
        raise ApplicationError(
            _("You cannot vote for your own post."), code="own_post", status_code=403
        )
    try:
        with transaction.atomic():
            vote = Vote.objects.create(voter=voter, topic=None if post else topic, post=post)
    except IntegrityError:
        raise ApplicationError(
            _("You have already voted for this."), code="already_voted", status_code=409
        ) from None
    type(target).objects.filter(pk=target.pk).update(score=F("score") + 1)
    if target.author_id is not None:
        reputation_grant(
            player_id=target.author_id,
            kind=Kind.QUESTION_HELPFUL if post is None else Kind.REPLY_HELPFUL,
            topic=topic,
            post=post,
            actor=voter,
        )
        credit(target.author_id)
    return vote


@transaction.atomic
def vote_withdraw(*, voter: User, topic: Topic | None = None, post: Post | None = None) -> None:
    """Withdraw a helpful vote; the author's points for it are reversed."""
    topic, post = _vote_target(topic, post)
    if post is None:
        votes = Vote.objects.filter(voter=voter, topic=topic)
    else:
        votes = Vote.objects.filter(voter=voter, post=post)
    deleted, _per_model = votes.delete()
    if not deleted:
        raise ApplicationError(_("You have not voted for this."), code="not_voted", status_code=409)
    target: Topic | Post = topic if post is None else post
    type(target).objects.filter(pk=target.pk, score__gt=0).update(score=F("score") - 1)
    if post is None:
        reputation_reverse(kind=Kind.QUESTION_HELPFUL, topic_id=topic.pk, actor_id=voter.pk)
    else:
        reputation_reverse(kind=Kind.REPLY_HELPFUL, post_id=post.pk, actor_id=voter.pk)


@transaction.atomic
def flag_create(
    *,
    reporter: User,
    topic: Topic | None = None,
    post: Post | None = None,
    reason: str,
    detail: str = "",
) -> Flag:
    """Report a topic, or a post (in its topic), to the moderators; allowed in locked
    topics too."""
    if topic is None:
        if post is None:
            raise ValueError("Flag a topic or a post.")
        topic = post.topic
    if reason not in Flag.Reason.values:
        raise ApplicationError(_("Unknown reason."), code="invalid_reason")
    target: Topic | Post = topic if post is None else post
    if target.author_id == reporter.pk:
        raise ApplicationError(
            _("You cannot flag your own post."), code="own_post", status_code=403
        )
    already = Flag.objects.filter(reporter=reporter, topic=topic, post=post, state=Flag.State.OPEN)
    if already.exists():
        raise ApplicationError(
            _("You have already flagged this."), code="already_flagged", status_code=409
        )
    try:
        with transaction.atomic():
            return Flag.objects.create(
                reporter=reporter, topic=topic, post=post, reason=reason, detail=detail.strip()
            )
    except IntegrityError:
        raise ApplicationError(
            _("You have already flagged this."), code="already_flagged", status_code=409
        ) from None
