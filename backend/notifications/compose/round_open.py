"""“The race of the week is open”: the race card and a button to pick."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from backend.notifications import links
from backend.notifications.models import Kind, Topic
from backend.notifications.rendering import Pair
from backend.notifications.sending import Outgoing

from .message import outgoing
from .race import CardRenderer, RaceInfo, pre_lock_chunk, race_info
from .recipients import Batch, Recipient, in_their_language


def compose_round_open(
    person: Recipient, race: RaceInfo, cards: CardRenderer, pair: Pair
) -> Outgoing:
    card_html, card_text, post_time = cards.card(person.time_zone)
    subject = _("The race of the week is open: %(race)s, %(course)s") % {
        "race": race.name,
        "course": race.racecourse,
    }
    return outgoing(
        person,
        kind=Kind.ROUND_OPEN,
        topic=Topic.ROUND_OPEN,
        subject=subject,
        pair=pair,
        preheader=_("Post time %(time)s. Make your free WIN and PLACE picks.")
        % {"time": post_time},
        context={"pick_url": links.pick_url(), "button": _("Make my pick")},
        split={"card": (card_html, card_text)},
    )


def round_open_batch(*, round_id: int, player_ids: Sequence[int], now: dt.datetime) -> Batch:
    """The announcement of an open round to the chunk's players who have not picked yet."""
    batch = Batch()
    found = pre_lock_chunk(
        round_id=round_id, player_ids=player_ids, topic=Topic.ROUND_OPEN, now=now, batch=batch
    )
    if found is None:
        return batch
    rnd, people = found
    race = race_info(rnd.race)
    cards, pair = CardRenderer(race), Pair(str(Kind.ROUND_OPEN))
    for person in in_their_language(people):
        batch.messages.append(compose_round_open(person, race, cards, pair))
    return batch
