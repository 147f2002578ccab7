"""The checks the community's writes share, and how a write credits a member.

The order of the checks is the order of the answers: 404 when the member cannot see the
thing, 403 when it is not theirs to do, 409 when its state forbids it (hidden, locked,
pending), 400 for bad input.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backend.accounts.models import User
from backend.common.errors import ApplicationError, not_found
from backend.community import markup
from backend.community.conf import conf
from backend.community.models import (
    BODY_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Contribution,
    Post,
    Status,
    Topic,
)
from backend.community.permissions import is_moderator
from backend.community.selectors.topics import approved_post_count
from backend.community.signals import contribution_credited

M = TypeVar("M", bound=Model)


def edit_window() -> dt.timedelta:
    return dt.timedelta(minutes=conf().edit_window_minutes)


def noun(target: Topic | Post) -> str:
    """ "topic" or "post", as messages, error codes and URLs name it."""
    return "topic" if isinstance(target, Topic) else "post"


def missing(target: Topic | Post) -> ApplicationError:
    """The 404 for a deleted topic or post."""
    if isinstance(target, Topic):
        return not_found(_("No such topic."))
    return not_found(_("No such post."))


def check_open(target: Topic | Post, *, pending_ok: bool = False) -> None:
    """Members may act on `target`: it is published (or pending, for its author's own
    edits), neither hidden nor deleted, and if a topic, not locked."""
    what = noun(target)
    topic = isinstance(target, Topic)
    if target.is_deleted:
        raise missing(target)
    if target.is_hidden:
        hidden = (
            _("This topic is hidden by a moderator.")
            if topic
            else _("This post is hidden by a moderator.")
        )
        raise ApplicationError(hidden, code=f"{what}_hidden", status_code=409)
    if target.status != Status.PUBLISHED and not (pending_ok and target.status == Status.PENDING):
        pending = (
            _("This topic is waiting for a moderator's approval.")
            if topic
            else _("This post is waiting for a moderator's approval.")
        )
        raise ApplicationError(pending, code=f"{what}_pending", status_code=409)
    if isinstance(target, Topic) and target.is_locked:
        raise ApplicationError(
            _("This topic is locked: it takes no more changes."),
            code="topic_locked",
            status_code=409,
        )


def check_author(target: Contribution, user: User, refusal: str) -> None:
    """`refusal` is the whole translated sentence: "Only its author may change this …"."""
    if target.author_id != user.pk:
        raise ApplicationError(refusal, code="not_author", status_code=403)


def check_edit_window(created_at: dt.datetime) -> None:
    window = edit_window()
    if timezone.now() - created_at > window:
        minutes = int(window.total_seconds() // 60)
        raise ApplicationError(
            # English says "minutes" whatever the number; French agrees it.
            ngettext(
                "Posts can be edited for %(minutes)d minutes after posting.",
                "Posts can be edited for %(minutes)d minutes after posting.",
                minutes,
            )
            % {"minutes": minutes},
            code="edit_window_closed",
            status_code=409,
        )


def clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise ApplicationError(
            _("The title takes %(min)d to %(max)d characters.")
            % {"min": TITLE_MIN, "max": TITLE_MAX},
            code="invalid_title",
        )
    return title


def rendered(body: str) -> tuple[str, str]:
    """The stripped Markdown source and its sanitised HTML, or a refusal."""
    body = body.strip()
    if len(body) > BODY_MAX:
        raise ApplicationError(
            _("A message takes at most %(max)d characters.") % {"max": BODY_MAX}, code="too_long"
        )
    html = markup.render(body) if body else ""
    if not markup.plain_text(html):
        raise ApplicationError(_("The message is empty (once formatted)."), code="empty")
    return body, html


def status_for(author: User, body: str, html: str) -> str:
    """Pending when a new member's post carries a link; published otherwise."""
    if is_moderator(author) or not markup.has_link(body, html):
        return Status.PUBLISHED
    if approved_post_count(player=author) >= conf().approval_threshold:
        return Status.PUBLISHED
    return Status.PENDING


def locked(target: M) -> M:
    """`target` read again under a row lock held to the end of the transaction."""
    return type(target)._default_manager.select_for_update().get(pk=target.pk)


def refresh_reply_count(topic_id: int) -> None:
    count = Post.objects.filter(topic_id=topic_id).public().count()
    Topic.objects.filter(pk=topic_id).update(reply_count=count)


def credit(player_id: int | None) -> None:
    """Something of `player_id`'s counted toward their community badges (none for
    Paddock's own posts)."""
    if player_id:
        contribution_credited.send(sender=Contribution, player_id=player_id)
