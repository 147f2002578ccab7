"""Moderation: hiding, locking, pinning, moving, approving and rejecting topics and posts,
and resolving flags. Staff and the "moderators" group only; every action is logged in
`ModerationAction`, and an action that would change nothing is refused, not logged.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.community.models import (
    Category,
    Flag,
    ModerationAction,
    Post,
    ReputationEvent,
    Status,
    Topic,
)
from backend.community.permissions import is_moderator

from .reputation import reputation_reverse
from .rules import credit, locked, missing, refresh_reply_count

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
# action -> (field, value it sets)
_FLAG_ACTIONS = {
    Action.HIDE: ("is_hidden", True),
    Action.UNHIDE: ("is_hidden", False),
    Action.LOCK: ("is_locked", True),
    Action.UNLOCK: ("is_locked", False),
    Action.PIN: ("is_pinned", True),
    Action.UNPIN: ("is_pinned", False),
}


def _check_moderator(user: User) -> None:
    if not is_moderator(user):
        raise ApplicationError(
            _("Only moderators may do this."), code="not_moderator", status_code=403
        )


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


LIVE_ACTIONS = (Action.LIVE_HIDE, Action.LIVE_SHOW, Action.LIVE_DISMISS, Action.MUTE)


def log_live_decision(
    *, moderator: User, action: str, details: dict[str, Any], reason: str = ""
) -> ModerationAction:
    """Log a decision of the live layer (hiding or showing a message, dismissing a report,
    muting a member) beside the forum's, so moderators read one log. `details` names the
    message (`kind`, `message`, `excerpt`) or the member (`player`, `player_name`)."""
    if action not in LIVE_ACTIONS:
        raise ValueError(f"not a live decision: {action}")
    return _log(actor=moderator, action=action, reason=reason, details=details)


def _review(target: Topic | Post, action: Action) -> str:
    if target.status != Status.PENDING:
        raise ApplicationError(
            _("This is not waiting for approval."), code="not_pending", status_code=409
        )
    target.status = Status.PUBLISHED if action == Action.APPROVE else Status.REJECTED
    return "status"


def _move(topic: Topic, category: Category | None) -> dict[str, Any]:
    if category is None or category.pk == topic.category_id:
        raise ApplicationError(_("Choose another category to move to."), code="invalid_category")
    details = {"from": topic.category.slug, "to": category.slug}
    topic.category = category
    return details


def _apply(target: Topic | Post, action: Action, category: Category | None) -> dict[str, Any]:
    """Change `target` as `action` says and save it; returns the details the log keeps."""
    details: dict[str, Any] = {}
    if action in _FLAG_ACTIONS:
        field_name, value = _FLAG_ACTIONS[action]
        if getattr(target, field_name) == value:
            raise ApplicationError(_("Nothing to change."), code="no_change", status_code=409)
        setattr(target, field_name, value)
    elif action == Action.MOVE and isinstance(target, Topic):
        details, field_name = _move(target, category), "category"
    else:
        field_name = _review(target, action)
    target.save(update_fields=[field_name])
    return details


def _post_moderated(post: Post, action: Action) -> None:
    """A reply's topic follows: its count of visible replies, its last activity."""
    refresh_reply_count(post.topic_id)
    if action == Action.APPROVE:
        Topic.objects.filter(pk=post.topic_id, last_activity_at__lt=post.created_at).update(
            last_activity_at=post.created_at
        )


@transaction.atomic
def moderate(
    *,
    target: Topic | Post,
    moderator: User,
    action: str,
    reason: str = "",
    category: Category | None = None,
) -> Topic | Post:
    """Hide/unhide, approve/reject a topic or a reply; lock/unlock, pin/unpin or move (to
    `category`) a topic. Logged."""
    _check_moderator(moderator)
    if action not in (TOPIC_ACTIONS if isinstance(target, Topic) else POST_ACTIONS):
        raise ApplicationError(_("Unknown moderation action."), code="invalid_action")
    target = locked(target)
    if target.is_deleted:
        raise missing(target)
    details = _apply(target, Action(action), category)
    if action == Action.HIDE:
        upheld = _uphold_open_flags(target, moderator)
        if upheld:
            details["flags_upheld"] = upheld
    if isinstance(target, Post):
        _post_moderated(target, Action(action))
        if action == Action.HIDE and _withdraw_acceptance(target):
            details["acceptance_withdrawn"] = True
        topic, post = target.topic, target
    else:
        topic, post = target, None
    _log(actor=moderator, action=action, reason=reason, topic=topic, post=post, details=details)
    if action == Action.APPROVE:
        credit(target.author_id)
    return target


def _withdraw_acceptance(post: Post) -> bool:
    """A hidden reply cannot be the answer that solved its question: the acceptance goes,
    with the reputation it earned, and the question waits for an answer again (as the
    unanswered queue, which counts visible replies, already says). Unhiding does not bring
    it back: the asker may accept it again."""
    topic = locked(post.topic)
    if topic.accepted_answer_id != post.pk:
        return False
    reputation_reverse(kind=ReputationEvent.Kind.ACCEPTED_ANSWER, post_id=post.pk)
    topic.accepted_answer = None
    topic.save(update_fields=["accepted_answer"])
    return True


def _uphold_open_flags(target: Topic | Post, moderator: User) -> int:
    """Hiding what was reported answers its open reports: they are upheld by the hider, and
    leave the moderators' queue. Returns how many."""
    same_target = Q(post=target) if isinstance(target, Post) else Q(topic=target, post=None)
    return Flag.objects.filter(same_target, state=Flag.State.OPEN).update(
        state=Flag.State.UPHELD, resolved_by=moderator, resolved_at=timezone.now()
    )


@transaction.atomic
def flag_resolve(*, flag: Flag, moderator: User, uphold: bool, reason: str = "") -> Flag:
    """Uphold (hides the target, closes every open flag on it) or dismiss a flag; logged."""
    _check_moderator(moderator)
    flag = locked(flag)
    if flag.state != Flag.State.OPEN:
        raise ApplicationError(
            _("This flag is already resolved."), code="already_resolved", status_code=409
        )
    now = timezone.now()
    state = Flag.State.UPHELD if uphold else Flag.State.DISMISSED
    if uphold:
        target: Topic | Post = flag.post if flag.post is not None else flag.topic
        if not target.is_hidden and not target.is_deleted:
            moderate(target=target, moderator=moderator, action=Action.HIDE, reason=reason)
        _uphold_open_flags(target, moderator)
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
