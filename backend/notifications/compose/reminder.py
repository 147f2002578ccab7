"""The reminder before the lock, to players who have not picked: time left and the card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

from backend.notifications import links
from backend.notifications.models import Kind, Topic
from backend.notifications.rendering import Pair
from backend.notifications.sending import Outgoing

from .message import outgoing
from .race import CardRenderer, RaceInfo, pre_lock_chunk, race_info
from .recipients import Batch, Recipient, in_their_language


def compose_reminder(
    person: Recipient,
    race: RaceInfo,
    cards: CardRenderer,
    pair: Pair,
    *,
    now: dt.datetime,
    locks_at: dt.datetime,
) -> Outgoing:
    card_html, card_text, post_time = cards.card(person.time_zone)
    left = timeuntil(locks_at, now, depth=2)
    subject = _("Picks lock in %(left)s: %(race)s") % {"left": left, "race": race.name}
    return outgoing(
        person,
        kind=Kind.REMINDER,
        topic=Topic.REMINDERS,
        subject=subject,
        pair=pair,
        preheader=_("You have not picked yet. Post time %(time)s.") % {"time": post_time},
        context={"pick_url": links.pick_url(), "button": _("Pick now"), "time_left": left},
        split={"card": (card_html, card_text)},
    )


def reminder_batch(*, round_id: int, player_ids: Sequence[int], now: dt.datetime) -> Batch:
    """The reminder to the chunk's players who have not picked yet, while the round is open."""
    batch = Batch()
    found = pre_lock_chunk(
        round_id=round_id, player_ids=player_ids, topic=Topic.REMINDERS, now=now, batch=batch
    )
    if found is None:
        return batch
    rnd, people = found
    race = race_info(rnd.race)
    cards, pair = CardRenderer(race), Pair(str(Kind.REMINDER))
    for person in in_their_language(people):
        batch.messages.append(
            compose_reminder(person, race, cards, pair, now=now, locks_at=rnd.locks_at)
        )
    return batch
