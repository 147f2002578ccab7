"""Community writes: asking, replying, voting, accepting, flagging, moderating, reputation.

Every service checks its rules before it writes and raises `ApplicationError` (a clean 4xx)
when one says no, so a refused action changes nothing. The order of the checks is the
order of the answers: 404 when the member cannot see the thing, 403 when it is not theirs
to do, 409 when its state forbids it (hidden, locked, pending), 400 for bad input.

Reputation is an event log (`ReputationEvent`): each vote or acceptance writes an event,
its withdrawal a reversing event, and the cached total on `CommunityProfile` moves in the
same transaction (the profile row is locked first, which also serialises the daily cap).
Badges are awarded by tasks that `receivers` enqueues on commit when a service sends
`signals.contribution_credited`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import pandas as pd
from django.db import IntegrityError, transaction
from django.db.models import F, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone

import scoring
from backend.accounts.models import User
from backend.common import db as bulk
from backend.common.errors import ApplicationError
from backend.game.models import Round, RoundScore, Season, Standing
from backend.racing.models import Dividend

from . import markup
from .badges import (
    ACCEPTED_ANSWER_BADGES,
    HELPFUL_VOTE_BADGES,
    LONGSHOT_MIN_WIN_DIVIDEND_CENTS,
    SEASON_TOP_COUNT,
    SEASON_TOP_SHARE,
    STREAK_BADGES,
)
from .conf import conf
from .models import (
    BODY_MAX,
    ROUND_THREAD_CATEGORY,
    TITLE_MAX,
    TITLE_MIN,
    Award,
    Category,
    CommunityProfile,
    Flag,
    ModerationAction,
    Post,
    ReputationEvent,
    Status,
    Topic,
    Vote,
    level_for,
)
from .permissions import is_moderator
from .search import topic_reindex
from .selectors import (
    FINAL_ROUND_STATUSES,
    approved_post_count,
    community_counts,
    player_game_stats,
    public_name,
)
from .signals import contribution_credited

Kind = ReputationEvent.Kind
REPUTATION_POINTS = {
    Kind.ACCEPTED_ANSWER: 15,
    Kind.REPLY_HELPFUL: 10,
    Kind.QUESTION_HELPFUL: 5,
}
VOTE_KINDS = (Kind.REPLY_HELPFUL, Kind.QUESTION_HELPFUL)
PROFILE_CHUNK = 2000


def edit_window() -> dt.timedelta:
    return dt.timedelta(minutes=conf().edit_window_minutes)


# --- Checks shared by the services ------------------------------------------------------


def _refuse(message: str, code: str, status_code: int = 400) -> ApplicationError:
    return ApplicationError(message, code=code, status_code=status_code)


def _check_actionable(topic: Topic, *, pending_ok: bool = False) -> None:
    """Members may act in this topic: it is published (or pending, for its author's own
    edits), neither hidden, deleted nor locked."""
    if topic.is_deleted:
        raise _refuse("No such topic.", "not_found", 404)
    if topic.is_hidden:
        raise _refuse("This topic is hidden by a moderator.", "topic_hidden", 409)
    if topic.status != Status.PUBLISHED and not (pending_ok and topic.status == Status.PENDING):
        raise _refuse("This topic is waiting for a moderator's approval.", "topic_pending", 409)
    if topic.is_locked:
        raise _refuse("This topic is locked: it takes no more changes.", "topic_locked", 409)


def _check_post_actionable(post: Post, *, pending_ok: bool = False) -> None:
    if post.is_deleted:
        raise _refuse("No such post.", "not_found", 404)
    if post.is_hidden:
        raise _refuse("This post is hidden by a moderator.", "post_hidden", 409)
    if post.status != Status.PUBLISHED and not (pending_ok and post.status == Status.PENDING):
        raise _refuse("This post is waiting for a moderator's approval.", "post_pending", 409)


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise _refuse(f"The title takes {TITLE_MIN} to {TITLE_MAX} characters.", "invalid_title")
    return title


def _rendered(body: str) -> tuple[str, str]:
    """The stripped Markdown source and its sanitised HTML, or a refusal."""
    body = body.strip()
    if len(body) > BODY_MAX:
        raise _refuse(f"A message takes at most {BODY_MAX} characters.", "too_long")
    html = markup.render(body) if body else ""
    if not markup.plain_text(html):
        raise _refuse("The message is empty (once formatted).", "empty")
    return body, html


def _status_for(author: User, body: str, html: str) -> str:
    """Pending when a new member's post carries a link; published otherwise."""
    if is_moderator(author) or not markup.has_link(body, html):
        return Status.PUBLISHED
    if approved_post_count(player=author) >= conf().approval_threshold:
        return Status.PUBLISHED
    return Status.PENDING


def _check_author(obj: Topic | Post, user: User, what: str) -> None:
    if obj.author_id != user.pk:
        raise _refuse(f"Only its author may change this {what}.", "not_author", 403)


def _check_edit_window(created_at: dt.datetime) -> None:
    if timezone.now() - created_at > edit_window():
        minutes = int(edit_window().total_seconds() // 60)
        raise _refuse(
            f"Posts can be edited for {minutes} minutes after posting.", "edit_window_closed", 409
        )


def _locked_topic(topic: Topic) -> Topic:
    return Topic.objects.select_for_update().get(pk=topic.pk)


def _refresh_reply_count(topic_id: int) -> None:
    count = Post.objects.filter(
        topic_id=topic_id, status=Status.PUBLISHED, is_hidden=False, deleted_at__isnull=True
    ).count()
    Topic.objects.filter(pk=topic_id).update(reply_count=count)


def _credit(player_id: int | None) -> None:
    """Something of `player_id`'s counted toward their community badges (none for
    Paddock's own posts); `receivers` awards them once the transaction commits."""
    if player_id:
        contribution_credited.send(sender=Topic, player_id=player_id)


# --- Questions and replies --------------------------------------------------------------


@transaction.atomic
def topic_create(
    *, author: User, category: Category, title: str, body: str, round: Round | None = None
) -> Topic:
    """Ask a question. A new member's question with a link waits for approval."""
    title = _clean_title(title)
    body, html = _rendered(body)
    if round is not None and round.status == Round.Status.DRAFT:
        raise _refuse("This round is not open yet.", "round_not_open")
    topic = Topic.objects.create(
        category=category,
        author=author,
        round=round,
        title=title,
        body=body,
        body_html=html,
        status=_status_for(author, body, html),
    )
    topic_reindex([topic.pk])
    return topic


@transaction.atomic
def topic_edit(
    *, topic: Topic, user: User, title: str | None = None, body: str | None = None
) -> Topic:
    """The author edits within the edit window; a link added by a new member re-queues it."""
    topic = _locked_topic(topic)
    _check_author(topic, user, "question")
    _check_actionable(topic, pending_ok=True)
    _check_edit_window(topic.created_at)
    if title is not None:
        topic.title = _clean_title(title)
    if body is not None:
        topic.body, topic.body_html = _rendered(body)
    if topic.status == Status.PUBLISHED:
        topic.status = _status_for(user, topic.body, topic.body_html)
    topic.edited_at = timezone.now()
    topic.save(update_fields=["title", "body", "body_html", "status", "edited_at"])
    topic_reindex([topic.pk])
    return topic


@transaction.atomic
def topic_delete(*, topic: Topic, user: User) -> None:
    """The author deletes (softly) a question nobody else has answered yet."""
    topic = _locked_topic(topic)
    _check_author(topic, user, "question")
    _check_actionable(topic, pending_ok=True)
    others = Post.objects.filter(topic=topic, deleted_at__isnull=True).exclude(author=user)
    if others.exists():
        raise _refuse(
            "Others have answered: flag the question for a moderator instead.", "has_replies", 409
        )
    topic.deleted_at = timezone.now()
    topic.save(update_fields=["deleted_at"])


@transaction.atomic
def post_create(*, topic: Topic, author: User, body: str) -> Post:
    """Reply in a topic that is published, visible and not locked."""
    topic = _locked_topic(topic)
    _check_actionable(topic)
    body, html = _rendered(body)
    post = Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        body_html=html,
        status=_status_for(author, body, html),
    )
    if post.status == Status.PUBLISHED:
        Topic.objects.filter(pk=topic.pk).update(
            reply_count=F("reply_count") + 1, last_activity_at=post.created_at
        )
        _credit(author.pk)
    return post


@transaction.atomic
def post_edit(*, post: Post, user: User, body: str) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    _check_author(post, user, "reply")
    _check_actionable(post.topic)
    _check_post_actionable(post, pending_ok=True)
    _check_edit_window(post.created_at)
    post.body, post.body_html = _rendered(body)
    was_published = post.status == Status.PUBLISHED
    if was_published:
        post.status = _status_for(user, post.body, post.body_html)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "status", "edited_at"])
    if was_published and post.status != Status.PUBLISHED:
        _refresh_reply_count(post.topic_id)
    return post


@transaction.atomic
def post_delete(*, post: Post, user: User) -> None:
    """The author deletes (softly) a reply, unless it is the accepted answer."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    _check_author(post, user, "reply")
    topic = _locked_topic(post.topic)
    _check_actionable(topic)
    _check_post_actionable(post, pending_ok=True)
    if topic.accepted_answer_id == post.pk:
        raise _refuse("The accepted answer cannot be deleted.", "accepted_answer", 409)
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    _refresh_reply_count(topic.pk)


# --- Accepting and voting ---------------------------------------------------------------


@transaction.atomic
def answer_accept(*, topic: Topic, post: Post, user: User) -> Topic:
    """The asker (or a moderator) accepts one reply; accepting another moves the +15."""
    topic = _locked_topic(topic)
    if topic.kind != Topic.Kind.QUESTION:
        raise _refuse("Only questions have an accepted answer.", "not_a_question")
    if topic.author_id != user.pk and not is_moderator(user):
        raise _refuse("Only the asker may accept an answer.", "not_your_question", 403)
    _check_actionable(topic)
    if post.topic_id != topic.pk or post.kind != Post.Kind.REPLY:
        raise _refuse("This is not a reply to this question.", "not_a_reply")
    _check_post_actionable(post)
    if topic.accepted_answer_id == post.pk:
        raise _refuse("This answer is already accepted.", "already_accepted", 409)
    if topic.accepted_answer_id is not None:
        _reputation_reverse(kind=Kind.ACCEPTED_ANSWER, post_id=topic.accepted_answer_id)
    topic.accepted_answer = post
    topic.save(update_fields=["accepted_answer"])
    # Accepting one's own reply is allowed (it helps readers) but earns nothing.
    if post.author_id is not None and post.author_id != topic.author_id:
        _reputation_grant(
            player_id=post.author_id,
            kind=Kind.ACCEPTED_ANSWER,
            topic=topic,
            post=post,
            actor=user,
        )
        _credit(post.author_id)
    return topic


@transaction.atomic
def answer_unaccept(*, topic: Topic, user: User) -> Topic:
    topic = _locked_topic(topic)
    if topic.author_id != user.pk and not is_moderator(user):
        raise _refuse("Only the asker may withdraw the acceptance.", "not_your_question", 403)
    _check_actionable(topic)
    if topic.accepted_answer_id is None:
        raise _refuse("No answer is accepted.", "not_accepted", 409)
    _reputation_reverse(kind=Kind.ACCEPTED_ANSWER, post_id=topic.accepted_answer_id)
    topic.accepted_answer = None
    topic.save(update_fields=["accepted_answer"])
    return topic


def _vote_target(topic: Topic | None, post: Post | None) -> tuple[Topic, Post | None]:
    """The locked target and its topic, checked for members to act on."""
    if (topic is None) == (post is None):
        raise ValueError("Vote on exactly one of a topic or a post.")
    if post is not None:
        post = Post.objects.select_for_update().get(pk=post.pk)
        topic = Topic.objects.get(pk=post.topic_id)
        _check_actionable(topic)
        _check_post_actionable(post)
        return topic, post
    assert topic is not None
    topic = _locked_topic(topic)
    _check_actionable(topic)
    return topic, None


@transaction.atomic
def vote_cast(*, voter: User, topic: Topic | None = None, post: Post | None = None) -> Vote:
    """Find a question (+5 to the asker) or a reply (+10 to its author) helpful, once."""
    topic, post = _vote_target(topic, post)
    author_id = post.author_id if post is not None else topic.author_id
    if author_id == voter.pk:
        raise _refuse("You cannot vote for your own post.", "own_post")
    try:
        with transaction.atomic():
            vote = Vote.objects.create(voter=voter, topic=None if post else topic, post=post)
    except IntegrityError:
        raise _refuse("You have already voted for this.", "already_voted", 409) from None
    target = Post.objects.filter(pk=post.pk) if post else Topic.objects.filter(pk=topic.pk)
    target.update(score=F("score") + 1)
    if author_id is not None:
        _reputation_grant(
            player_id=author_id,
            kind=Kind.REPLY_HELPFUL if post else Kind.QUESTION_HELPFUL,
            topic=topic,
            post=post,
            actor=voter,
        )
        _credit(author_id)
    return vote


@transaction.atomic
def vote_withdraw(*, voter: User, topic: Topic | None = None, post: Post | None = None) -> None:
    """Withdraw a helpful vote; the author's points for it are reversed."""
    topic, post = _vote_target(topic, post)
    votes = (
        Vote.objects.filter(voter=voter, post=post)
        if post
        else Vote.objects.filter(voter=voter, topic=topic)
    )
    deleted, _ = votes.delete()
    if not deleted:
        raise _refuse("You have not voted for this.", "not_voted", 409)
    target = Post.objects.filter(pk=post.pk) if post else Topic.objects.filter(pk=topic.pk)
    target.filter(score__gt=0).update(score=F("score") - 1)
    kind = Kind.REPLY_HELPFUL if post else Kind.QUESTION_HELPFUL
    if post is not None:
        _reputation_reverse(kind=kind, post_id=post.pk, actor_id=voter.pk)
    else:
        _reputation_reverse(kind=kind, topic_id=topic.pk, actor_id=voter.pk)


# --- Reputation -------------------------------------------------------------------------


def _profile_locked(player_id: int) -> CommunityProfile:
    CommunityProfile.objects.bulk_create(
        [CommunityProfile(player_id=player_id)], ignore_conflicts=True
    )
    return CommunityProfile.objects.select_for_update().get(player_id=player_id)


def _profile_add(profile: CommunityProfile, points: int) -> None:
    profile.reputation += points
    played, winners = player_game_stats([profile.player_id]).get(profile.player_id, (0, 0))
    profile.level = level_for(profile.reputation, played, winners)
    profile.save(update_fields=["reputation", "level", "updated_at"])


def _reputation_grant(
    *, player_id: int, kind: str, topic: Topic | None, post: Post | None, actor: User | None
) -> ReputationEvent:
    """Write the event and move the cached total; votes count up to the daily cap.

    A vote past the cap still writes its event, with the points it actually earned (maybe
    0), so that withdrawing it reverses exactly that.
    """
    profile = _profile_locked(player_id)
    points = REPUTATION_POINTS[Kind(kind)]
    today = timezone.localdate()
    if kind in VOTE_KINDS:
        earned = (
            ReputationEvent.objects.filter(
                player_id=player_id, day=today, kind__in=VOTE_KINDS
            ).aggregate(total=Sum("points"))["total"]
            or 0
        )
        points = max(0, min(points, conf().daily_vote_reputation_cap - earned))
    event = ReputationEvent.objects.create(
        player_id=player_id,
        kind=kind,
        points=points,
        day=today,
        topic=topic,
        post=post,
        actor=actor,
    )
    _profile_add(profile, points)
    return event


def _reputation_reverse(
    *,
    kind: str,
    post_id: int | None = None,
    topic_id: int | None = None,
    actor_id: int | None = None,
) -> ReputationEvent | None:
    """Reverse the latest standing event of this kind on this source (None when none)."""
    standing = ReputationEvent.objects.filter(
        kind=kind, reversal_of__isnull=True, reversed_by__isnull=True
    )
    if post_id is not None:
        standing = standing.filter(post_id=post_id)
    else:
        standing = standing.filter(Q(topic_id=topic_id), post__isnull=True)
    if actor_id is not None:
        standing = standing.filter(actor_id=actor_id)
    original = standing.order_by("-id").first()
    if original is None:
        return None
    profile = _profile_locked(original.player_id)
    reversal = ReputationEvent.objects.create(
        player_id=original.player_id,
        kind=original.kind,
        points=-original.points,
        day=original.day,
        topic_id=original.topic_id,
        post_id=original.post_id,
        actor_id=original.actor_id,
        reversal_of=original,
    )
    _profile_add(profile, -original.points)
    return reversal


@transaction.atomic
def reputation_recompute(*, player: User | None = None) -> int:
    """Rebuild cached totals and levels from the event log (one player, or everyone with
    events or a profile). Returns how many profiles changed."""
    events = ReputationEvent.objects.all()
    profiles = CommunityProfile.objects.all()
    if player is not None:
        events = events.filter(player=player)
        profiles = profiles.filter(player=player)
    totals: dict[int, int] = dict(
        events.values("player_id").annotate(total=Sum("points")).values_list("player_id", "total")
    )
    ids = set(totals) | set(profiles.values_list("player_id", flat=True))
    if player is not None:
        ids.add(player.pk)
    CommunityProfile.objects.bulk_create(
        [CommunityProfile(player_id=pid) for pid in ids], ignore_conflicts=True
    )
    return _profiles_refresh(ids, totals)


def _profiles_refresh(ids: Iterable[int], totals: dict[int, int] | None = None) -> int:
    """Set reputation (when `totals` is given) and level on these players' profiles, in
    chunks (a settlement refreshes every player of the round)."""
    ids = sorted(set(ids))
    changed = 0
    for start in range(0, len(ids), PROFILE_CHUNK):
        chunk = ids[start : start + PROFILE_CHUNK]
        stats = player_game_stats(chunk)
        updates = []
        for profile in CommunityProfile.objects.select_for_update().filter(player_id__in=chunk):
            pid = profile.player_id
            reputation = profile.reputation if totals is None else totals.get(pid, 0)
            level = level_for(reputation, *stats.get(pid, (0, 0))).value
            if (reputation, level) != (profile.reputation, profile.level):
                profile.reputation, profile.level = reputation, level
                updates.append(profile)
        CommunityProfile.objects.bulk_update(updates, ["reputation", "level"])
        changed += len(updates)
    return changed


@transaction.atomic
def levels_refresh(*, player_ids: Iterable[int]) -> int:
    """Recompute the levels of these players after their game results changed."""
    ids = list(player_ids)
    CommunityProfile.objects.bulk_create(
        [CommunityProfile(player_id=pid) for pid in ids], ignore_conflicts=True, batch_size=1000
    )
    return _profiles_refresh(ids)


# --- Flags and moderation ---------------------------------------------------------------


@transaction.atomic
def flag_create(
    *, reporter: User, topic: Topic, post: Post | None = None, reason: str, detail: str = ""
) -> Flag:
    """Report a topic or a post to the moderators (allowed in locked topics too)."""
    if reason not in Flag.Reason.values:
        raise _refuse("Unknown reason.", "invalid_reason")
    target_author = post.author_id if post is not None else topic.author_id
    if target_author == reporter.pk:
        raise _refuse("You cannot flag your own post.", "own_post")
    already = Flag.objects.filter(reporter=reporter, topic=topic, post=post, state=Flag.State.OPEN)
    if already.exists():
        raise _refuse("You have already flagged this.", "already_flagged", 409)
    try:
        with transaction.atomic():
            return Flag.objects.create(
                reporter=reporter, topic=topic, post=post, reason=reason, detail=detail.strip()
            )
    except IntegrityError:
        raise _refuse("You have already flagged this.", "already_flagged", 409) from None


def _check_moderator(user: User) -> None:
    if not is_moderator(user):
        raise _refuse("Only moderators may do this.", "not_moderator", 403)


def _log(
    *,
    actor: User,
    action: str,
    reason: str,
    topic: Topic | None = None,
    post: Post | None = None,
    flag: Flag | None = None,
    details: dict[str, Any] | None = None,
) -> ModerationAction:
    return ModerationAction.objects.create(
        actor=actor,
        action=action,
        topic=topic,
        post=post,
        flag=flag,
        reason=reason.strip(),
        details=details or {},
    )


Action = ModerationAction.Action
TOPIC_ACTIONS = (
    Action.HIDE,
    Action.UNHIDE,
    Action.LOCK,
    Action.UNLOCK,
    Action.PIN,
    Action.UNPIN,
    Action.MOVE,
    Action.APPROVE,
    Action.REJECT,
)
POST_ACTIONS = (Action.HIDE, Action.UNHIDE, Action.APPROVE, Action.REJECT)
# action -> (field, value it sets); a no-op (already in that state) is refused, not logged.
_FLAG_ACTIONS = {
    Action.HIDE: ("is_hidden", True),
    Action.UNHIDE: ("is_hidden", False),
    Action.LOCK: ("is_locked", True),
    Action.UNLOCK: ("is_locked", False),
    Action.PIN: ("is_pinned", True),
    Action.UNPIN: ("is_pinned", False),
}


def _apply_review(obj: Topic | Post, action: str) -> str:
    if obj.status != Status.PENDING:
        raise _refuse("This is not waiting for approval.", "not_pending", 409)
    obj.status = Status.PUBLISHED if action == Action.APPROVE else Status.REJECTED
    return "status"


@transaction.atomic
def topic_moderate(
    *,
    topic: Topic,
    moderator: User,
    action: str,
    reason: str = "",
    category: Category | None = None,
) -> Topic:
    """Hide/unhide, lock/unlock, pin/unpin, move, approve/reject a topic; logged."""
    _check_moderator(moderator)
    if action not in TOPIC_ACTIONS:
        raise _refuse("Unknown moderation action.", "invalid_action")
    topic = _locked_topic(topic)
    if topic.is_deleted:
        raise _refuse("No such topic.", "not_found", 404)
    details: dict[str, Any] = {}
    if action in _FLAG_ACTIONS:
        field_name, value = _FLAG_ACTIONS[Action(action)]
        if getattr(topic, field_name) == value:
            raise _refuse("Nothing to change.", "no_change", 409)
        setattr(topic, field_name, value)
    elif action == Action.MOVE:
        if category is None or category.pk == topic.category_id:
            raise _refuse("Choose another category to move to.", "invalid_category")
        details = {"from": topic.category.slug, "to": category.slug}
        topic.category = category
        field_name = "category"
    else:
        field_name = _apply_review(topic, action)
    topic.save(update_fields=[field_name])
    _log(actor=moderator, action=action, reason=reason, topic=topic, details=details)
    if action == Action.APPROVE:
        _credit(topic.author_id)
    return topic


@transaction.atomic
def post_moderate(*, post: Post, moderator: User, action: str, reason: str = "") -> Post:
    """Hide/unhide, approve/reject a reply; logged."""
    _check_moderator(moderator)
    if action not in POST_ACTIONS:
        raise _refuse("Unknown moderation action.", "invalid_action")
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.is_deleted:
        raise _refuse("No such post.", "not_found", 404)
    if action in _FLAG_ACTIONS:
        field_name, value = _FLAG_ACTIONS[Action(action)]
        if getattr(post, field_name) == value:
            raise _refuse("Nothing to change.", "no_change", 409)
        setattr(post, field_name, value)
    else:
        field_name = _apply_review(post, action)
    post.save(update_fields=[field_name])
    _refresh_reply_count(post.topic_id)
    if action == Action.APPROVE:
        Topic.objects.filter(pk=post.topic_id, last_activity_at__lt=post.created_at).update(
            last_activity_at=post.created_at
        )
        _credit(post.author_id)
    _log(actor=moderator, action=action, reason=reason, topic=post.topic, post=post)
    return post


@transaction.atomic
def flag_resolve(*, flag: Flag, moderator: User, uphold: bool, reason: str = "") -> Flag:
    """Uphold (hides the target, closes every open flag on it) or dismiss a flag; logged."""
    _check_moderator(moderator)
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.state != Flag.State.OPEN:
        raise _refuse("This flag is already resolved.", "already_resolved", 409)
    now = timezone.now()
    state = Flag.State.UPHELD if uphold else Flag.State.DISMISSED
    if uphold:
        target: Topic | Post = flag.post if flag.post_id else flag.topic  # type: ignore[assignment]
        if not target.is_hidden and not target.is_deleted:
            if isinstance(target, Post):
                post_moderate(post=target, moderator=moderator, action=Action.HIDE, reason=reason)
            else:
                topic_moderate(topic=target, moderator=moderator, action=Action.HIDE, reason=reason)
        same_target = Flag.objects.filter(
            Q(topic_id=flag.topic_id, post_id=flag.post_id), state=Flag.State.OPEN
        )
        same_target.update(state=state, resolved_by=moderator, resolved_at=now)
    flag.state, flag.resolved_by, flag.resolved_at = state, moderator, now
    flag.save(update_fields=["state", "resolved_by", "resolved_at"])
    _log(
        actor=moderator,
        action=Action.UPHOLD_FLAG if uphold else Action.DISMISS_FLAG,
        reason=reason,
        topic=flag.topic,
        post=flag.post,
        flag=flag,
        details={"reason": flag.reason},
    )
    return flag


def category_for_rounds() -> Category:
    category, _ = Category.objects.get_or_create(
        slug=ROUND_THREAD_CATEGORY,
        defaults={"name_en": "Race of the week", "name_fr": "Course de la semaine"},
    )
    return category


# --- Badges -----------------------------------------------------------------------------


def _frame(rows: QuerySet[Any], dtypes: dict[str, str]) -> pd.DataFrame:
    """A values_list queryset's rows as one frame, read in bulk (COPY on PostgreSQL) by the
    game's `bulk.read_frame`; `dtypes` names its columns in order."""
    sql, params = rows.query.sql_with_params()
    return bulk.read_frame(sql, params, dtypes)


def _int(field: str) -> Cast:
    """A boolean column as 0/1, which `_frame` reads as numbers on every database."""
    return Cast(field, IntegerField())


def _awards_insert(awards: list[Award]) -> None:
    """Insert, skipping what a player already has (the unique constraints decide)."""
    Award.objects.bulk_create(awards, ignore_conflicts=True, batch_size=1000)


@transaction.atomic
def community_badges_award(*, player_id: int) -> list[str]:
    """Award the community badges `player_id` has reached; returns the new slugs."""
    counts = community_counts(player_id=player_id)
    reached = ["first-answer"] if counts["answers"] else []
    reached += [slug for n, slug in ACCEPTED_ANSWER_BADGES if counts["accepted"] >= n]
    reached += [slug for n, slug in HELPFUL_VOTE_BADGES if counts["helpful"] >= n]
    held = set(
        Award.objects.filter(player_id=player_id, badge__in=reached).values_list("badge", flat=True)
    )
    new = [slug for slug in reached if slug not in held]
    _awards_insert([Award(player_id=player_id, badge=slug) for slug in new])
    return new


def round_streaks(round: Round, player_ids: pd.Series) -> pd.Series:
    """How many season rounds in a row, ending with `round`, each player has played.

    The season's rounds are taken in number order, settled or void ones plus `round`
    itself; "played" means the player has a score in it (a pick was settled). Only the
    last max-threshold rounds are read: a longer streak earns nothing more.
    """
    longest = max(n for n, _ in STREAK_BADGES)
    numbers = list(
        Round.objects.filter(season_id=round.season_id, number__lte=round.number)
        .filter(Q(status__in=FINAL_ROUND_STATUSES) | Q(pk=round.pk))
        .order_by("-number")
        .values_list("id", flat=True)[:longest]
    )
    # Position 0 is `round`, 1 the round before it, and so on.
    back = {round_id: position for position, round_id in enumerate(numbers)}
    rows = _frame(
        RoundScore.objects.filter(round_id__in=numbers).values_list("player_id", "round_id"),
        {"player_id": "int64", "round_id": "int64"},
    )
    rows = rows[rows["player_id"].isin(player_ids)]
    rows = rows.assign(back=rows["round_id"].map(back)).sort_values(["player_id", "back"])
    # Sorted by how far back, a player's k-th row continues the run iff it is k rounds back.
    in_run = rows["back"].to_numpy() == rows.groupby("player_id").cumcount().to_numpy()
    streaks = pd.Series(in_run, index=rows["player_id"].to_numpy()).groupby(level=0).sum()
    return streaks.reindex(player_ids.to_numpy(), fill_value=0).astype("int64")


@transaction.atomic
def game_badges_award(*, round: Round) -> int:
    """Award a settled (or void) round's game badges in bulk; returns how many are new.

    One query over the round's scores; the rules run on columns: picked the winner (WIN
    hit), perfect week (WIN and PLACE hit), longshot (WIN hit on a dividend above 20.00 €
    for 1 €, read from the official dividend or, failing that, from the points at the
    season's stake), and 3/10/25 rounds of the season in a row. Void rounds only count
    for the streaks. Then the players' levels, and the season badges if it has finished.
    """
    round = Round.objects.select_related("season").get(pk=round.pk)
    if not round.is_final:
        return 0
    scores = _frame(
        RoundScore.objects.filter(round=round).values_list(
            "player_id", _int("win_hit"), _int("place_hit"), "win_runner", "win_points"
        ),
        {
            "player_id": "int64",
            "win_hit": "int64",
            "place_hit": "int64",
            "win_runner": "int64",
            "win_points": "int64",
        },
    )
    before = Award.objects.filter(round=round).count()
    awards: list[Award] = []
    if not scores.empty:
        players = scores["player_id"]
        if round.status == Round.Status.SETTLED:
            win = scores["win_hit"].astype(bool)
            dividends = dict(
                Dividend.objects.filter(race_id=round.race_id, kind=Dividend.Kind.WIN).values_list(
                    "number", "cents"
                )
            )
            stake = round.season.get_rules().stake_cents
            dividend = scores["win_runner"].map(dividends).fillna(0)
            longshot = win & (
                (dividend > LONGSHOT_MIN_WIN_DIVIDEND_CENTS)
                | (scores["win_points"] * 100 > LONGSHOT_MIN_WIN_DIVIDEND_CENTS * stake)
            )
            for slug, mask in (
                ("picked-winner", win),
                ("perfect-week", win & scores["place_hit"].astype(bool)),
                ("longshot", longshot),
            ):
                awards += [
                    Award(player_id=int(pid), badge=slug, round=round) for pid in players[mask]
                ]
        streaks = round_streaks(round, players)
        for threshold, slug in STREAK_BADGES:
            awards += [
                Award(player_id=int(pid), badge=slug, round=round)
                for pid in streaks.index[streaks.to_numpy() >= threshold]
            ]
        _awards_insert(awards)
        levels_refresh(player_ids=[int(pid) for pid in players])
    created = Award.objects.filter(round=round).count() - before
    if round.season.status == Season.Status.FINISHED:
        created += season_badges_award(season=round.season)
    return created


@transaction.atomic
def season_badges_award(*, season: Season) -> int:
    """Award a finished season's badges from its final standings; returns how many are new.

    Top 10 % (rank within the best tenth of the ranked players, rounded up), top 100 and
    champion (rank 1); tied players share the rank, so ties at a boundary all get it.
    """
    if season.status != Season.Status.FINISHED:
        return 0
    standings = _frame(
        Standing.objects.filter(season=season, rank__isnull=False, rounds_played__gt=0).values_list(
            "player_id", "rank"
        ),
        {"player_id": "int64", "rank": "int64"},
    )
    if standings.empty:
        return 0
    top_share = max(1, math.ceil(len(standings) * SEASON_TOP_SHARE))
    before = Award.objects.filter(season=season).count()
    awards = []
    for slug, limit in (
        ("season-top-10-percent", top_share),
        ("season-top-100", SEASON_TOP_COUNT),
        ("season-champion", 1),
    ):
        awards += [
            Award(player_id=int(pid), badge=slug, season=season)
            for pid in standings["player_id"][standings["rank"] <= limit]
        ]
    _awards_insert(awards)
    return Award.objects.filter(season=season).count() - before


# --- Round threads ----------------------------------------------------------------------


DEBRIEF_PLACES_SHOWN = 5  # the arrival PMU publishes: the first five
DISCIPLINES = {
    "ATTELE": "Trot attelé",
    "MONTE": "Trot monté",
    "PLAT": "Plat",
    "HAIES": "Haies",
    "STEEPLECHASE": "Steeple-chase",
    "CROSS": "Cross-country",
}


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f} €"


def _round_title(round: Round) -> str:
    race = round.race
    meeting = race.meeting
    title = (
        f"{race.code} {race.name} ({meeting.racecourse}, {meeting.date:%d/%m/%Y}) "
        f"· {round.season.name} #{round.number}"
    )
    return title[:TITLE_MAX]


@transaction.atomic
def round_thread_ensure(*, round: Round) -> Topic:
    """The round's discussion thread in "Race of the week", created once (idempotent)."""
    existing = Topic.objects.filter(kind=Topic.Kind.ROUND_THREAD, round=round).first()
    if existing is not None:
        return existing
    round = Round.objects.select_related("race__meeting", "season").get(pk=round.pk)
    race = round.race
    body = render_to_string(
        "community/round_thread.md",
        {
            "race": markup.escape(f"{race.code} {race.name}"),
            "racecourse": markup.escape(race.meeting.racecourse),
            "post_time": _local(race.post_time),
            "details": markup.escape(
                " · ".join(
                    part
                    for part in (
                        DISCIPLINES.get(race.discipline, race.discipline.capitalize()),
                        f"{race.distance} m" if race.distance else "",
                        f"{race.declared_runners} runners / partants"
                        if race.declared_runners
                        else "",
                    )
                    if part
                )
            ),
            "season": markup.escape(round.season.name),
            "number": round.number,
        },
    ).strip()
    topic = Topic(
        category=category_for_rounds(),
        kind=Topic.Kind.ROUND_THREAD,
        round=round,
        title=_round_title(round),
        body=body,
        body_html=markup.render(body),
        created_at=round.opens_at or timezone.now(),
    )
    topic.last_activity_at = topic.created_at
    try:
        with transaction.atomic():
            topic.save()
    except IntegrityError:  # created concurrently: theirs is as good as ours
        return Topic.objects.get(kind=Topic.Kind.ROUND_THREAD, round=round)
    topic_reindex([topic.pk])
    return topic


def _debrief_context(round: Round) -> dict[str, Any]:
    """What the debrief shows, from the stored result and the round's scores."""
    race = round.race
    runners = dict(race.runners.values_list("number", "name"))
    arrival = list(
        race.runners.filter(position__isnull=False, disqualified=False)
        .order_by("position", "number")
        .values_list("position", "number")
    )
    finish = [
        {"position": position, "number": number, "name": markup.escape(runners[number])}
        for position, number in arrival
        if (position or 0) <= DEBRIEF_PLACES_SHOWN
    ]
    # Dividends in finishing order (the order PMU prints them), unplaced numbers last.
    order = {number: index for index, (_, number) in enumerate(arrival)}
    dividends: dict[str, list[dict[str, Any]]] = {"win": [], "place": []}
    for kind, number, cents in sorted(
        race.dividends.values_list("kind", "number", "cents"),
        key=lambda row: (order.get(row[1], len(order)), row[1]),
    ):
        dividends[kind].append(
            {
                "number": number,
                "name": markup.escape(runners.get(number, "")),
                "euros": _euros(cents),
            }
        )
    scores = _frame(
        RoundScore.objects.filter(round=round).values_list(
            "player_id", "points", _int("win_hit"), _int("place_hit")
        ),
        {"player_id": "int64", "points": "int64", "win_hit": "int64", "place_hit": "int64"},
    )
    best: list[dict[str, Any]] = []
    if not scores.empty and round.status == Round.Status.SETTLED:
        # The week's table, ranked like the game's: points, winners, best round (= points).
        table = scores.rename(columns={"win_hit": "wins"}).assign(best=scores["points"])
        scores = scores.assign(rank=scoring.rank(table))
        top = scores[(scores["rank"] <= 3) & (scores["points"] > 0)]
        top = top.sort_values(["rank", "player_id"]).head(10)
        ranks, ids, points = (
            top[name].astype(int).tolist() for name in ("rank", "player_id", "points")
        )
        users = User.objects.in_bulk(ids)
        best = [
            {
                "rank": rank,
                "name": markup.escape(public_name(users.get(pid))),
                "points": f"{total / 100:.2f}",
            }
            for rank, pid, total in zip(ranks, ids, points, strict=True)
        ]
    players = len(scores)
    return {
        "race": markup.escape(f"{race.code} {race.name}"),
        "racecourse": markup.escape(race.meeting.racecourse),
        "void": round.status == Round.Status.VOID,
        "void_reason": markup.escape(round.void_reason),
        "finish": finish,
        "win": dividends["win"],
        "place": dividends["place"],
        "players": players,
        "win_share": f"{scores['win_hit'].mean() * 100:.1f}" if players else "0.0",
        "place_share": f"{scores['place_hit'].mean() * 100:.1f}" if players else "0.0",
        "best": best,
        "replay_url": race.replay_url,
        "version": round.settlement_version,
    }


@transaction.atomic
def round_debrief_ensure(*, round: Round) -> Post | None:
    """Post (once per settlement version) the official result and the week in numbers.

    The first settlement adds the debrief; a later settlement version (a corrected result)
    rewrites it and adds a short correction post saying so. Running it again for the same
    version changes nothing. Returns the debrief, or None while the round is not final.
    """
    round = Round.objects.select_related("race__meeting", "season").get(pk=round.pk)
    if not round.is_final:
        return None
    topic = _locked_topic(round_thread_ensure(round=round))
    version = round.settlement_version
    debrief = Post.objects.filter(topic=topic, kind=Post.Kind.DEBRIEF).first()
    if debrief is not None and (debrief.settlement_version or 0) >= version:
        return debrief
    context = _debrief_context(round)
    body = render_to_string("community/round_debrief.md", context).strip()
    now = timezone.now()
    if debrief is None:
        debrief = Post.objects.create(
            topic=topic,
            kind=Post.Kind.DEBRIEF,
            body=body,
            body_html=markup.render(body),
            settlement_version=version,
        )
    else:
        previous = debrief.settlement_version
        debrief.body, debrief.body_html = body, markup.render(body)
        debrief.settlement_version, debrief.edited_at = version, now
        debrief.save(update_fields=["body", "body_html", "settlement_version", "edited_at"])
        correction = render_to_string(
            "community/round_correction.md", {**context, "previous": previous}
        ).strip()
        Post.objects.create(
            topic=topic,
            kind=Post.Kind.CORRECTION,
            body=correction,
            body_html=markup.render(correction),
            settlement_version=version,
        )
    _refresh_reply_count(topic.pk)
    Topic.objects.filter(pk=topic.pk).update(last_activity_at=now)
    return debrief


def round_threads_sync() -> int:
    """Ensure every open or locked round has its thread (the opening hook's safety net)."""
    rounds = Round.objects.filter(status__in=(Round.Status.OPEN, Round.Status.LOCKED)).exclude(
        community_topics__kind=Topic.Kind.ROUND_THREAD
    )
    created = 0
    for round in rounds:
        round_thread_ensure(round=round)
        created += 1
    return created
