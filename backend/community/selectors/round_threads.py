"""Reading round threads: a game round's discussion thread and the round behind it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from backend.common.errors import get_or_404
from backend.community.models import Post, Topic
from backend.game.models import Round


def round_thread_get(*, round_id: int) -> Topic | None:
    return (
        Topic.objects.filter(kind=Topic.Kind.ROUND_THREAD, round_id=round_id)
        .select_related("category")
        .first()
    )


def round_has_thread(*, round_id: int) -> bool:
    return Topic.objects.filter(kind=Topic.Kind.ROUND_THREAD, round_id=round_id).exists()


def round_opened_get(*, round_id: int) -> Round:
    """A round that has opened (a draft one has no thread yet, and is nobody's to see)."""
    return get_or_404(
        Round.objects.exclude(status=Round.Status.DRAFT), _("No such round."), pk=round_id
    )


def has_debrief(topic: Topic) -> bool:
    return Post.objects.filter(topic=topic, kind=Post.Kind.DEBRIEF).exists()
