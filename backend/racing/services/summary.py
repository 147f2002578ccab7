"""What an import changes: one Change per row it creates, updates or leaves alone.

Card and result imports build a plan of Changes from the parsed data and the rows as
stored; the ImportSummary of that plan is what the preview shows, what the command
prints and what the ImportRun keeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.errors import ApplicationError
from backend.racing.models import Race

FINAL_STATUSES = frozenset({Race.Status.OFFICIAL, Race.Status.CANCELLED, Race.Status.REFUNDED})

CREATED, UPDATED, UNCHANGED, REMOVED = "created", "updated", "unchanged", "removed"


@dataclass(frozen=True)
class Change:
    """One row an import creates, updates, leaves alone or removes (a dividend the new
    result no longer has); `fields` maps name -> (old, new)."""

    entity: str  # meeting, race, runner, dividend
    action: str  # created, updated, unchanged, removed
    label: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def describe(self) -> str:
        if self.action != UPDATED:
            return f"{self.label}: {self.action}"
        parts = [f"{name} {show(old)} -> {show(new)}" for name, (old, new) in self.fields.items()]
        return f"{self.label}: " + ", ".join(parts)


@dataclass
class ImportSummary:
    """What an import did (or, for a preview, would do)."""

    changes: list[Change] = field(default_factory=list)
    non_runners_added: list[str] = field(default_factory=list)
    # Stored non-runners the file lists as runners: applied only when confirmed.
    reinstated: list[str] = field(default_factory=list)
    # What deserves the operator's eye before applying (a short participants list…).
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, action: str, entity: str | None = None) -> int:
        return sum(1 for c in self.changes if c.action == action and entity in (None, c.entity))

    @property
    def created(self) -> int:
        return self.count(CREATED)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def removed(self) -> int:
        return self.count(REMOVED)

    @property
    def changed(self) -> bool:
        return self.created + self.updated + self.removed > 0

    def table(self) -> list[dict[str, Any]]:
        """Counts per entity, for the preview page and the command's report."""
        entities = dict.fromkeys(c.entity for c in self.changes)
        return [
            {
                "entity": entity,
                CREATED: self.count(CREATED, entity),
                UPDATED: self.count(UPDATED, entity),
                UNCHANGED: self.count(UNCHANGED, entity),
                REMOVED: self.count(REMOVED, entity),
            }
            for entity in entities
        ]

    def describe(self) -> str:
        """A few lines for the command's output and the ImportRun's summary."""
        counts = "; ".join(
            f"{row['entity']}s: {row[CREATED]} new, {row[UPDATED]} updated, "
            f"{row[UNCHANGED]} unchanged" + (f", {row[REMOVED]} removed" if row[REMOVED] else "")
            for row in self.table()
        )
        lines = [counts or "nothing to import"]
        if self.non_runners_added:
            lines.append("non-runners: " + ", ".join(self.non_runners_added))
        if self.reinstated:
            lines.append("non-runners reinstated as runners: " + ", ".join(self.reinstated))
        lines.extend(f"warning: {w}" for w in self.warnings)
        lines.extend(c.describe() for c in self.changes if c.action in (UPDATED, REMOVED))
        lines.extend(self.notes)
        return "\n".join(lines)


def show(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def diff(row: Any, wanted: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields of `row` that differ from `wanted`: name -> (stored, wanted)."""
    return {
        name: (getattr(row, name), value)
        for name, value in wanted.items()
        if getattr(row, name) != value
    }


def decimal_odds(value: Any, *, where: str) -> Decimal | None:
    """Decimal odds to the cent, or None; ApplicationError naming `where` when invalid."""
    if value is None:
        return None
    try:
        found = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ApplicationError(
            _("%(where)s: odds %(odds)s are not a number.") % {"where": where, "odds": repr(value)}
        ) from None
    if found <= 0:
        raise ApplicationError(
            _("%(where)s: odds %(odds)s must be positive.") % {"where": where, "odds": repr(value)}
        )
    return found
