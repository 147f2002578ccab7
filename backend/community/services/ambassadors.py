"""Operators grant (or take back) the ambassador role: the `ambassadors` group."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from backend.accounts.models import User
from backend.community.models import AMBASSADORS_GROUP


@transaction.atomic
def ambassador_set(*, player: User, ambassador: bool) -> bool:
    """Idempotent: granting twice leaves one membership. Returns whether they are one."""
    group, _ = Group.objects.get_or_create(name=AMBASSADORS_GROUP)
    if ambassador:
        player.groups.add(group)
    else:
        player.groups.remove(group)
    return ambassador
