"""The community digest: replies to the player's questions, their answers accepted and
their new badges over one day (what counts as news: selectors.digest_news)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from backend.accounts.models import public_name
from backend.community.badges import BADGES_BY_SLUG
from backend.community.selectors.unanswered import help_needed
from backend.notifications import links
from backend.notifications.models import Kind, Topic
from backend.notifications.rendering import Pair
from backend.notifications.selectors import DigestNews, digest_news
from backend.notifications.sending import Outgoing

from .message import outgoing
from .recipients import Batch, Recipient, in_their_language, sort_out


@dataclass
class DigestItems:
    replies: list[dict[str, Any]] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    badges: list[str] = field(default_factory=list)
    help_needed: list[dict[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.replies or self.accepted or self.badges or self.help_needed)


def _replies(news: DigestNews, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Per asker, one entry per question with new replies: who replied, how many times."""
    replies: dict[tuple[int, int], dict[str, Any]] = {}
    for topic_id, title, owner_id, author_name, author_id in (
        news.replies.filter(topic__author_id__in=ids)
        .order_by("created_at", "id")
        .values_list(
            "topic_id", "topic__title", "topic__author_id", "author__display_name", "author_id"
        )
    ):
        entry = replies.setdefault(
            (owner_id, topic_id), {"topic_id": topic_id, "title": title, "names": []}
        )
        name = public_name(author_name or "", author_id or 0)
        if name not in entry["names"]:
            entry["names"].append(name)
        entry["count"] = entry.get("count", 0) + 1
    per_owner: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for (owner_id, _topic_id), entry in replies.items():
        per_owner[owner_id].append(entry)
    return per_owner


def digest_items(
    *, player_ids: Sequence[int], since: dt.datetime, until: dt.datetime
) -> dict[int, DigestItems]:
    """Each player's news in [since, until), for those who have any: three queries for the
    chunk."""
    ids = list(player_ids)
    news = digest_news(since=since, until=until)
    items: dict[int, DigestItems] = defaultdict(DigestItems)
    for owner_id, entries in _replies(news, ids).items():
        items[owner_id].replies.extend(entries)
    for player_id, topic_id, title in (
        news.accepted.filter(player_id__in=ids)
        .order_by("created_at", "id")
        .values_list("player_id", "topic_id", "topic__title")
    ):
        items[player_id].accepted.append({"topic_id": topic_id, "title": title or ""})
    for player_id, badge in (
        news.badges.filter(player_id__in=ids)
        .order_by("awarded_at", "id")
        .values_list("player_id", "badge")
    ):
        items[player_id].badges.append(badge)
    for player_id, waiting in help_needed(player_ids=ids, now=until).items():
        items[player_id].help_needed.extend(
            {"topic_id": w.topic.pk, "title": w.topic.title, "hours": w.waiting_hours}
            for w in waiting
        )
    return {pid: found for pid, found in items.items() if found}


def _badge_text(slug: str) -> tuple[str, str]:
    badge = BADGES_BY_SLUG.get(slug)
    if badge is None:
        return slug, ""
    if translation.get_language() == "fr":
        return badge.name_fr, badge.description_fr
    return badge.name_en, badge.description_en


def _reply_lines(found: DigestItems) -> list[dict[str, Any]]:
    lines = []
    for entry in found.replies:
        summary = (
            _("%(count)s new replies, from %(names)s")
            if entry["count"] > 1
            else _("A new reply from %(names)s")
        )
        lines.append(
            {
                "title": entry["title"],
                "url": links.topic_url(entry["topic_id"]),
                "summary": summary
                % {"count": entry["count"], "names": ", ".join(entry["names"][:3])},
            }
        )
    return lines


def _what(replies: list[Any], accepted: list[Any], badges: list[Any], helping: bool) -> str:
    """What happened, in a few words: the subject's end and the preheader."""
    parts = []
    if replies:
        parts.append(_("replies to your questions"))
    if accepted:
        parts.append(_("an accepted answer"))
    if badges:
        parts.append(_("a new badge"))
    if helping:
        parts.append(_("questions waiting for your help"))
    return ", ".join(parts)


def compose_digest(person: Recipient, found: DigestItems, pair: Pair, *, day: dt.date) -> Outgoing:
    replies = _reply_lines(found)
    accepted = [
        {"title": e["title"], "url": links.topic_url(e["topic_id"])} for e in found.accepted
    ]
    badges = []
    for slug in found.badges:
        name, description = _badge_text(slug)
        badges.append({"name": name, "description": description})
    helping = [
        {
            "title": e["title"],
            "url": links.topic_url(e["topic_id"]),
            "summary": _("waiting %(hours)s h") % {"hours": e["hours"]},
        }
        for e in found.help_needed
    ]
    what = _what(replies, accepted, badges, bool(helping))
    return outgoing(
        person,
        kind=Kind.COMMUNITY_DIGEST,
        topic=Topic.COMMUNITY_DIGEST,
        subject=_("Your day in the Paddock community: %(what)s") % {"what": what},
        pair=pair,
        preheader=what,
        context={
            "replies": replies,
            "accepted": accepted,
            "badges": badges,
            "help_needed": helping,
            "community_url": links.site("/community"),
            "button": _("Open the community"),
        },
        payload={
            "day": day.isoformat(),
            "replies": len(replies),
            "accepted": len(accepted),
            "badges": len(badges),
            "help_needed": len(helping),
        },
    )


def digest_batch(*, player_ids: Sequence[int], since: dt.datetime, until: dt.datetime) -> Batch:
    """The digest of [since, until) to the chunk's players who have news in it."""
    batch = Batch()
    found = digest_items(player_ids=player_ids, since=since, until=until)
    people = sort_out([p for p in player_ids if p in found], Topic.COMMUNITY_DIGEST, batch)
    # The day is closed: whoever the fan-out counted but has nothing to read (a helper whose
    # help-needed questions are outside their favourite categories) is not asked again.
    batch.skips.update({p: "no_news" for p in player_ids if p not in found})
    pair = Pair("community_digest")
    for person in in_their_language(people):
        batch.messages.append(compose_digest(person, found[person.id], pair, day=until.date()))
    return batch
