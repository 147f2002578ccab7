"""Who moderates: staff (operators) and the members of the "moderators" group."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .models import ADVISERS_GROUP, MODERATORS_GROUP


def is_moderator(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    # Cached on the instance: one request asks several times (visibility, then the action).
    cached = getattr(user, "_community_is_moderator", None)
    if cached is None:
        cached = user.groups.filter(name=MODERATORS_GROUP).exists()
        user._community_is_moderator = cached
    return bool(cached)


def is_adviser(user: Any) -> bool:
    """Paddock's staff advisers: operators (staff) and the "advisers" group."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, "_community_is_adviser", None)
    if cached is None:
        cached = user.groups.filter(name=ADVISERS_GROUP).exists()
        user._community_is_adviser = cached
    return bool(cached)


def is_queue_watcher(user: Any) -> bool:
    """Who works through the unanswered queue: advisers and moderators."""
    return is_adviser(user) or is_moderator(user)


class IsAdviser(BasePermission):
    message = _("Only Paddock's advisers may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_adviser(request.user)


class IsQueueWatcher(BasePermission):
    """Advisers and moderators: who works through the unanswered queue."""

    message = _("Only advisers and moderators may see the unanswered queue.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_queue_watcher(request.user)


class IsModerator(BasePermission):
    message = _("Only moderators may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_moderator(request.user)
