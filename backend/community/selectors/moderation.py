"""Reading what the moderators work from: open flags, the approval queue, the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from backend.accounts.models import User, public_name
from backend.common.errors import get_or_404
from backend.community.models import Flag, ModerationAction, Post, Status, Topic

PENDING_SHOWN = 100


def flags_open() -> QuerySet[Flag]:
    """Open flags, oldest first, with what the queue shows of their reporter and target."""
    return (
        Flag.objects.filter(state=Flag.State.OPEN)
        .select_related("reporter", "topic", "post", "post__author", "topic__author")
        .order_by("created_at", "id")
    )


def flag_get(*, flag_id: int) -> Flag:
    return get_or_404(Flag.objects.all(), _("No such flag."), pk=flag_id)


def pending_queue() -> dict[str, list[Any]]:
    """Questions and replies waiting for approval: up to PENDING_SHOWN of each, oldest first."""
    topics = Topic.objects.not_deleted().filter(status=Status.PENDING)
    posts = Post.objects.not_deleted().filter(status=Status.PENDING)
    return {
        "topics": list(
            topics.select_related("author", "category").order_by("created_at", "id")[:PENDING_SHOWN]
        ),
        "posts": list(
            posts.select_related("author", "topic").order_by("created_at", "id")[:PENDING_SHOWN]
        ),
    }


def audit_log(
    *, action: str | None = None, actor_id: int | None = None
) -> QuerySet[ModerationAction]:
    entries = ModerationAction.objects.select_related("actor")
    if action:
        entries = entries.filter(action=action)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    return entries


def audit_members(entries: Iterable[ModerationAction]) -> dict[int, str]:
    """The public names, as they are now, of the members the live decisions among `entries`
    were about (a muted member, a hidden message's author): one query for a page."""
    ids = {e.details.get("player") or e.details.get("author") for e in entries} - {None}
    rows = User.objects.filter(pk__in=ids).values_list("pk", "display_name")
    return {pk: public_name(name, pk) for pk, name in rows}
