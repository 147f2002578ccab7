"""Who a chunk's email goes to: each player with their address, language and preferences,
or the reason they get nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef
from django.utils import translation

from backend.accounts.models import User, public_name
from backend.notifications.models import DEFAULT_PREFERENCES, Topic
from backend.notifications.rendering import email_language
from backend.notifications.sending import Outgoing


@dataclass(frozen=True, slots=True)
class Recipient:
    id: int
    email: str
    language: str
    time_zone: str
    name: str
    country: str = "FR"
    is_active: bool = True
    verified: bool = True
    preferences: dict[str, bool] = field(default_factory=lambda: dict(DEFAULT_PREFERENCES))

    def wants(self, topic: str) -> bool:
        return self.preferences.get(str(topic), DEFAULT_PREFERENCES[str(topic)])


def _recipient(row: dict[str, Any], topics: Sequence[str]) -> Recipient:
    prefs = {}
    for topic in topics:
        value = row[f"email_preference__{topic}"]
        prefs[topic] = DEFAULT_PREFERENCES[topic] if value is None else bool(value)
    return Recipient(
        id=row["pk"],
        email=row["email"],
        language=email_language(row["language"]),
        time_zone=row["time_zone"],
        name=public_name(row["display_name"] or "", row["pk"]),
        country=row["country"],
        is_active=row["is_active"],
        verified=row["verified_email"],
        preferences=prefs,
    )


def recipients(player_ids: Iterable[int]) -> dict[int, Recipient]:
    """The players with what emailing them needs, preferences and verification included:
    one query (LEFT JOIN on the preference, EXISTS on a verified address)."""
    verified = EmailAddress.objects.filter(
        user=OuterRef("pk"), email=OuterRef("email"), verified=True
    )
    topics = [str(t) for t in Topic.values]
    rows = (
        User.objects.filter(pk__in=list(player_ids))
        .annotate(verified_email=Exists(verified))
        .values(
            "pk",
            "email",
            "language",
            "time_zone",
            "display_name",
            "country",
            "is_active",
            "verified_email",
            *(f"email_preference__{t}" for t in topics),
        )
    )
    return {row["pk"]: _recipient(row, topics) for row in rows}


def skip_reason(recipient: Recipient | None, topic: str) -> str | None:
    """Why this player gets no email of `topic`, or None when they may get it."""
    if recipient is None:
        return "unknown_player"
    if not recipient.is_active:
        return "inactive"
    if not recipient.email or recipient.email.endswith(".invalid"):
        return "no_address"
    if not recipient.verified:
        return "unverified"
    if not recipient.wants(topic):
        return "opted_out"
    return None


def by_language(people: Iterable[Recipient]) -> dict[str, list[Recipient]]:
    groups: dict[str, list[Recipient]] = defaultdict(list)
    for person in people:
        groups[person.language].append(person)
    return groups


def in_their_language(people: Iterable[Recipient]) -> Iterator[Recipient]:
    """The people grouped by language, each yielded under translation.override of theirs:
    whatever is composed for a person before the next one is in that person's language."""
    for language, group in by_language(people).items():
        with translation.override(language):
            yield from group


@dataclass
class Batch:
    """A chunk's rendered messages, and the players deliberately left out (with why).

    `later` holds messages composed as they are taken: the sending composes each batch of
    them while the batch before is on the wire (sending.claim_and_send)."""

    messages: list[Outgoing] = field(default_factory=list)
    skips: dict[int, str] = field(default_factory=dict)
    later: Iterator[Outgoing] = field(default_factory=lambda: iter(()))

    def outgoing(self) -> Iterator[Outgoing]:
        """Every message: the rendered ones, then those composed as they are taken."""
        yield from self.messages
        yield from self.later


def sort_out(player_ids: Sequence[int], topic: str, batch: Batch) -> list[Recipient]:
    """The chunk's players this email of `topic` may go to; the others are recorded in
    `batch.skips` with why (a deleted account leaves no row to point at, nor a skip)."""
    people = recipients(player_ids)
    keep = []
    for player_id in player_ids:
        person = people.get(player_id)
        reason = skip_reason(person, topic)
        if person is None:
            continue
        if reason is not None:
            batch.skips[player_id] = reason
            continue
        keep.append(person)
    return keep
