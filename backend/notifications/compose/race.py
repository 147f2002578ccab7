"""The race of a round as emails show it, and the race card the pre-lock emails share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from backend.game.models import Pick, Round
from backend.notifications import formatting as fmt
from backend.notifications.rendering import Pair
from backend.racing.models import Race, Runner

from .recipients import Batch, Recipient, sort_out


@dataclass(frozen=True, slots=True)
class RaceInfo:
    name: str
    racecourse: str
    code: str  # R1C3
    distance_m: int | None
    discipline: str
    runners: int
    post_time: dt.datetime
    replay_url: str = ""

    def as_context(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "racecourse": self.racecourse,
            "code": self.code,
            "distance": fmt.distance(self.distance_m),
            "discipline": discipline_label(self.discipline),
            "runners": self.runners,
        }


def discipline_label(code: str) -> str:
    """PMU's discipline codes in words (ATTELE -> "Harness"), in the active language."""
    labels = {
        "ATTELE": _("Harness trot"),
        "MONTE": _("Mounted trot"),
        "PLAT": _("Flat"),
        "HAIES": _("Hurdles"),
        "STEEPLECHASE": _("Steeplechase"),
        "CROSS": _("Cross-country"),
    }
    return labels.get(code.upper(), code.replace("_", " ").capitalize())


def race_info(race: Race) -> RaceInfo:
    starters = Runner.objects.filter(race=race).exclude(status=Runner.Status.NON_RUNNER).count()
    return RaceInfo(
        name=race.name,
        racecourse=race.meeting.racecourse,
        code=f"R{race.meeting.number}C{race.number}",
        distance_m=race.distance,
        discipline=race.discipline,
        runners=starters or race.declared_runners or 0,
        post_time=race.post_time,
        replay_url=race.replay_url,
    )


class CardRenderer:
    """The race card rendered once per (language, time zone) in a chunk, not per player."""

    def __init__(self, race: RaceInfo) -> None:
        self.race = race
        self.pair = Pair("_race_card")
        self.cache: dict[tuple[str, str], tuple[SafeString, str, str]] = {}

    def card(self, time_zone: str) -> tuple[SafeString, str, str]:
        """(html, text, post time) in the active language and `time_zone`."""
        key = (translation.get_language() or "en", time_zone)
        if key not in self.cache:
            post_time = fmt.local_time(self.race.post_time, time_zone)
            html, text = self.pair.render_content(
                {"race": self.race.as_context(), "post_time": post_time, "colon": _(": ")}
            )
            self.cache[key] = (mark_safe(html), text.strip(), post_time)  # noqa: S308 - rendered by our escaping template
        return self.cache[key]


def pre_lock_chunk(
    *, round_id: int, player_ids: Sequence[int], topic: str, now: dt.datetime, batch: Batch
) -> tuple[Round, list[Recipient]] | None:
    """The round and who to email about it before its lock: only players who have not
    picked (checked now, not when the fan-out ran), only while the round is open before its
    lock (None otherwise). Those left out for their own reasons go to `batch.skips`."""
    rnd = Round.objects.select_related("season", "race__meeting").filter(pk=round_id).first()
    if rnd is None or rnd.status != Round.Status.OPEN or rnd.locks_at <= now:
        return None
    picked = set(
        Pick.objects.filter(round=rnd, player_id__in=list(player_ids))
        .order_by()  # no join of the rounds table to sort a set
        .values_list("player_id", flat=True)
    )
    wanted = [p for p in player_ids if p not in picked]
    return rnd, sort_out(wanted, topic, batch)
