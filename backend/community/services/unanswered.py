"""Marking the questions that passed their first-answer target, once each."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from backend.community.models import Topic
from backend.community.selectors.unanswered import overdue_unnotified
from backend.community.signals import questions_overdue


@transaction.atomic
def overdue_mark(*, now: dt.datetime) -> list[int]:
    """Flag the unanswered questions past their target that nobody was told about, and
    announce them (`questions_overdue`). Idempotent: a question is flagged once, and two
    concurrent runs never both take the same one (rows locked, the locked ones skipped)."""
    candidates = overdue_unnotified(now=now)
    ids = list(
        Topic.objects.select_for_update(skip_locked=True)
        .filter(pk__in=candidates.values("pk"), overdue_notified_at__isnull=True)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )
    if not ids:
        return []
    Topic.objects.filter(pk__in=ids).update(overdue_notified_at=now)
    questions_overdue.send(sender=Topic, topic_ids=ids)
    return ids
