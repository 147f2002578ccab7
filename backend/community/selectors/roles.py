"""Who is who on the forum: each author's role, shown on every post."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet, TextChoices

from backend.accounts.models import User
from backend.community.models import (
    ADVISERS_GROUP,
    AMBASSADORS_GROUP,
    MODERATORS_GROUP,
    STAFF_KINDS,
    Topic,
)


class Role(TextChoices):
    ADVISER = "adviser", "Paddock adviser"
    MODERATOR = "moderator", "Moderator"
    AMBASSADOR = "ambassador", "Ambassador"
    MEMBER = "member", "Member"


def roles_for_players(player_ids: Iterable[int]) -> dict[int, str]:
    """Each player's role: staff and the advisers group are advisers, then moderators, then
    ambassadors, then members. One query for a whole page."""
    ids = list(player_ids)
    roles = dict.fromkeys(ids, Role.MEMBER.value)
    rows = User.objects.filter(pk__in=ids).values_list("pk", "is_staff", "groups__name")
    for user_id, is_staff, group in rows:
        if is_staff or group == ADVISERS_GROUP:
            roles[user_id] = Role.ADVISER.value
        elif group == MODERATORS_GROUP and roles[user_id] != Role.ADVISER:
            roles[user_id] = Role.MODERATOR.value
        elif group == AMBASSADORS_GROUP and roles[user_id] == Role.MEMBER:
            roles[user_id] = Role.AMBASSADOR.value
    return roles


def staff_feed(*, kind: str | None = None) -> QuerySet[Topic]:
    """Public staff posts (news, tips, expert testimony, events), pinned first, newest next."""
    topics = Topic.objects.public().filter(kind__in=STAFF_KINDS)
    if kind:
        topics = topics.filter(kind=kind)
    return topics.select_related("category", "author").order_by("-is_pinned", "-created_at", "-id")
