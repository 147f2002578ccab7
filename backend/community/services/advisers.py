"""What Paddock's advisers write: staff posts (news, tips, expert testimony, event
announcements) and the "checked by an adviser" mark on an answer."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.community.models import STAFF_KINDS, Category, Post, Status, Topic
from backend.community.permissions import is_adviser
from backend.community.search import topic_reindex

from .rules import check_open, clean_title, locked, rendered


def _check_adviser(user: User) -> None:
    if not is_adviser(user):
        raise ApplicationError(
            _("Only Paddock's advisers may do this."), code="permission_denied", status_code=403
        )


@transaction.atomic
def staff_post_create(
    *, author: User, kind: str, category: Category, title: str, body: str, pinned: bool
) -> Topic:
    """An adviser's staff post, published at once, pinned in its category when asked."""
    _check_adviser(author)
    if kind not in STAFF_KINDS:
        raise ApplicationError(
            _("%(kind)s is not a staff post kind.") % {"kind": repr(kind)}, code="invalid"
        )
    body, html = rendered(body)
    topic = Topic.objects.create(
        category=category,
        author=author,
        kind=kind,
        title=clean_title(title),
        body=body,
        body_html=html,
        status=Status.PUBLISHED,
        is_pinned=pinned,
    )
    topic_reindex([topic.pk])
    return topic


@transaction.atomic
def answer_check(*, post: Post, user: User, checked: bool) -> Post:
    """An adviser marks a public answer to a question "checked by an adviser" (or takes the
    mark back). Marking again changes nothing (the first adviser and time stay)."""
    _check_adviser(user)
    post = locked(post)
    check_open(post)
    if post.kind != Post.Kind.REPLY or post.topic.kind != Topic.Kind.QUESTION:
        raise ApplicationError(
            _("Only answers to questions can be checked."), code="not_an_answer", status_code=409
        )
    if checked and post.checked_by_id is None:
        post.checked_by, post.checked_at = user, timezone.now()
    elif not checked:
        post.checked_by, post.checked_at = None, None
    post.save(update_fields=["checked_by", "checked_at"])
    return post
