"""Normalized race cards and results, the same whatever the feed (PMU JSON or our CSV).

Amounts are integer cents per 1 € staked, stake included (590 = 5.90 €). Saddle numbers,
positions and R/C numbers are positive integers. Fields after the contract's own carry
`compare=False`: two values that agree on the contract are equal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Race statuses, the same words as racing.Race.Status in the backend.
SCHEDULED = "scheduled"
RUNNING = "running"
PROVISIONAL = "provisional"
OFFICIAL = "official"
CANCELLED = "cancelled"
REFUNDED = "refunded"
RACE_STATUSES = (SCHEDULED, RUNNING, PROVISIONAL, OFFICIAL, CANCELLED, REFUNDED)


# The longest text each stored field takes, in characters (the backend's columns).
RACECOURSE_MAX = 120
COUNTRY_MAX = 3
RACE_NAME_MAX = 200
DISCIPLINE_MAX = 40
PERSON_MAX = 120  # a runner's name, its jockey's, its trainer's
COUPLED_MAX = 20


@dataclass(frozen=True)
class RunnerEntry:
    """A horse on a race card (partant), identified by its saddle number.

    `odds` are the final decimal odds as the feed last gave them (a non-runner may keep the
    odds it had when withdrawn). A disqualified runner or a non-runner has no `position`;
    runners that fell, were pulled up or finished unplaced have none either. Tied runners
    share a position. `coupled` is the coupled-entry (écurie) key, None when not coupled.
    `silks_url` is the address of the image of the runner's silks (the owner's colours) the
    feed publishes, None when it gives none.
    """

    number: int
    name: str
    jockey: str | None
    trainer: str | None
    non_runner: bool
    odds: float | None
    position: int | None
    disqualified: bool
    coupled: str | None
    silks_url: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RaceCard:
    """One race of a meeting (course); `number` is the C number.

    `status` is one of RACE_STATUSES. `post_time` is aware, in the feed's own offset.
    Extras: `runners` (CSV cards carry their runners; PMU programmes do not), `arrival`
    (finishing order as groups of saddle numbers, a dead heat is one group), the non-runners
    and disqualified runners the race object lists, and the feed's raw status word.
    """

    number: int
    name: str
    post_time: dt.datetime
    distance: int | None
    discipline: str | None
    status: str
    declared_runners: int | None
    runners: list[RunnerEntry] = field(default_factory=list, compare=False)
    arrival: list[list[int]] = field(default_factory=list, compare=False)
    non_runners: frozenset[int] = field(default_factory=frozenset, compare=False)
    disqualified: frozenset[int] = field(default_factory=frozenset, compare=False)
    source_status: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class MeetingCard:
    """One racecourse on one day (réunion); `number` is the R number, `country` a code (FRA)."""

    date: dt.date
    number: int
    racecourse: str
    country: str | None
    races: list[RaceCard]


@dataclass(frozen=True)
class Dividends:
    """Official win and place returns: saddle number -> cents per 1 € (stake included).

    A dead heat shows as several numbers in `win` (or more than the usual places in
    `place`). `refunded` means the race was declared void and stakes returned.
    `win_pool` / `place_pool` name where the figures came from (E_SIMPLE_GAGNANT, win_dividend…).
    `bet_kinds` lists every bet kind the document held (PMU's typePari), in its order.
    """

    win: dict[int, int]
    place: dict[int, int]
    refunded: bool
    win_pool: str | None = field(default=None, compare=False)
    place_pool: str | None = field(default=None, compare=False)
    bet_kinds: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class RaceOutcome:
    """Everything settlement needs about one race's result.

    `runners` holds every saddle number on the card, non-runners included; `finish` maps the
    placed runners to their competition position (dead heats share it: 1, 1, 3).
    `favourite` is the starter with the lowest final odds, ties to the lower number.
    `win_pool` / `place_pool` name the pools the dividends came from (see Dividends).
    """

    official: bool
    runners: frozenset[int]
    finish: dict[int, int]
    non_runners: frozenset[int]
    disqualified: frozenset[int]
    win_dividends: dict[int, int]
    place_dividends: dict[int, int]
    favourite: int | None
    refunded: bool
    win_pool: str | None = field(default=None, compare=False)
    place_pool: str | None = field(default=None, compare=False)
