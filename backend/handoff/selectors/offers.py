"""Who may see a betting offer, where, and the offer itself.

`betting_offer_check` is THE eligibility rule. Every endpoint (the offer API, the
`/go/bet/` redirect) goes through it; emails go through `offers_for`, its bulk twin, whose
player half (`eligible_player_ids`, in SQL) must agree with it player for player and whose
round half (`_round_page`, `_offer_actions`) is the very same code.

Where: an offer is only ever about a race that has not started, on the one surface that
shows such a race with the player's pick, the pick page (`OFFER_SURFACES`). Every other
surface (results page and email, reminder, round-open and correction emails) asks the same
rule and gets no offer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import User
from backend.community.selectors import round_thread_get
from backend.game.models import Pick, Round
from backend.handoff.models import (
    BetKind,
    BettingPartner,
    BettingPreference,
    OfferPage,
    ResponsibleGamblingNotice,
)
from backend.handoff.tokens import BetLink, make_token
from backend.racing.models import Race, Runner


class Reason(StrEnum):
    """Why a player gets no offer. Shown to that player only, about their own situation."""

    INACTIVE = "inactive"
    SELF_EXCLUDED = "self_excluded"
    OPTED_OUT = "opted_out"
    AGE_UNKNOWN = "age_unknown"
    COUNTRY = "country"  # no active partner shown in the player's country, or no notice there
    UNDERAGE = "underage"
    ON_BREAK = "on_break"
    ROUND_CLOSED = "round_closed"  # the race has started, or the surface never has offers
    NO_PICK = "no_pick"


class Surface(StrEnum):
    """Every place that could show a betting offer. Each one asks `betting_offer_check` (or
    `offers_for`) with its own name; the pick page is the only one that ever gets one."""

    PICK_PAGE = "pick"
    RESULTS_PAGE = "results"
    ROUND_OPEN_EMAIL = "round_open_email"
    REMINDER_EMAIL = "reminder_email"
    RESULTS_EMAIL = "results_email"
    CORRECTION_EMAIL = "correction_email"


# Offers are about a race that has not started, next to the player's own pick on it: the
# pick page. A results page or email is about a race that has run (and tells a winner they
# won); a reminder is a nudge to play the free game: none of them carries an offer.
OFFER_SURFACES = frozenset({Surface.PICK_PAGE})
# Player-level reasons that hide all betting content, the reality check included.
HIDING_REASONS = frozenset({Reason.SELF_EXCLUDED, Reason.ON_BREAK})


@dataclass(frozen=True, slots=True)
class OfferAction:
    bet_kind: str
    runner_number: int
    runner_name: str
    token: str

    @property
    def path(self) -> str:
        return reverse("handoff-go-bet", kwargs={"token": self.token})

    @property
    def absolute_url(self) -> str:
        """For emails: the same link on the public site."""
        return f"{settings.SITE_URL}{self.path}"


@dataclass(frozen=True, slots=True)
class Offer:
    player: User
    round: Round
    page: str
    partner: BettingPartner
    notice: ResponsibleGamblingNotice
    actions: tuple[OfferAction, ...] = field(default=())

    @property
    def notice_text(self) -> str:
        return self.notice.text_in(self.player.language)

    @property
    def helpline(self) -> str:
        """The helpline's name and phone number, as one line."""
        parts = (self.notice.helpline_name, self.notice.helpline_phone)
        return " ".join(part for part in parts if part)


@dataclass(frozen=True, slots=True)
class OfferDecision:
    offer: Offer | None
    reason: Reason | None


def betting_preference_for(*, player: User) -> BettingPreference:
    """The player's preference; an unsaved default one when they never changed anything."""
    pref = BettingPreference.objects.filter(player=player).first()
    return pref or BettingPreference(player=player)


def betting_offers_on(*, player: User) -> bool:
    """The player's own controls let offers through: enabled, not self-excluded nor on a
    break now."""
    preference = betting_preference_for(player=player)
    return bool(
        preference.offers_enabled
        and not preference.is_self_excluded()
        and not preference.is_on_break()
    )


def betting_content_hidden(*, player: User, now: datetime | None = None) -> Reason | None:
    """Why the player must see no betting content at all (offers, links, the reality
    check), or None: a self-exclusion or a break running now."""
    moment = now or timezone.now()
    pref = betting_preference_for(player=player)
    if pref.is_self_excluded(now=moment):
        return Reason.SELF_EXCLUDED
    if pref.is_on_break(now=moment):
        return Reason.ON_BREAK
    return None


def partner_for_country(*, country: str) -> BettingPartner | None:
    """The partner shown in a country: the first active one listing it, by priority."""
    for partner in BettingPartner.objects.filter(active=True):
        if partner.is_shown_in(country):
            return partner
    return None


def _chosen_countries(partner: BettingPartner) -> list[str]:
    """Countries where `partner` is the one `partner_for_country` returns."""
    if not partner.active:
        return []
    chosen: dict[str, int] = {}
    for other in BettingPartner.objects.filter(active=True):
        for country in other.countries:
            chosen.setdefault(country, other.pk)
    return sorted(c for c, pk in chosen.items() if pk == partner.pk)


def _years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# --- the rule: the player half, the round half ------------------------------------------------


def player_eligibility(
    *, player: User, now: datetime | None = None
) -> tuple[BettingPartner | None, ResponsibleGamblingNotice | None, Reason | None]:
    """The player-level half of the rule: (partner, notice, None) or (None, None, reason)."""
    moment = now or timezone.now()
    if not player.is_active:
        return None, None, Reason.INACTIVE
    hidden = betting_content_hidden(player=player, now=moment)
    if hidden is not None:
        return None, None, hidden
    pref = betting_preference_for(player=player)
    if not pref.offers_enabled:
        return None, None, Reason.OPTED_OUT
    if player.date_of_birth is None:
        return None, None, Reason.AGE_UNKNOWN
    partner = partner_for_country(country=player.country)
    notice = ResponsibleGamblingNotice.objects.filter(country=player.country).first()
    if partner is None or notice is None:
        return None, None, Reason.COUNTRY
    age = player.age_on(timezone.localdate(moment))
    if age is None or age < partner.minimum_age_in(player.country):
        return None, None, Reason.UNDERAGE
    return partner, notice, None


def eligible_player_ids(
    *,
    partner: BettingPartner,
    player_ids: Any,
    today: date,
    now: datetime | None = None,
) -> set[int]:
    """Of `player_ids`, those who may be shown `partner`'s offers: one query, for fan-out.

    The player-level half of `betting_offer_check` in SQL (active, not self-excluded nor on
    a break at `now`, offers enabled, birth date known, a country where `partner` is the
    partner shown and a notice exists, old enough on `today`). Round-level conditions (the
    round's state, the player's pick) are `offers_for`'s, as they are
    `betting_offer_check`'s.
    """
    moment = now or timezone.now()
    countries = _chosen_countries(partner)
    if not countries:
        return set()
    of_age = Q()
    for country in countries:
        cutoff = _years_before(today, partner.minimum_age_in(country))
        of_age |= Q(country=country, date_of_birth__lte=cutoff)
    preference_ok = Q(betting_preference__isnull=True) | (
        Q(betting_preference__offers_enabled=True)
        & (
            Q(betting_preference__self_excluded_until__isnull=True)
            | Q(betting_preference__self_excluded_until__lte=moment)
        )
        & (
            Q(betting_preference__break_until__isnull=True)
            | Q(betting_preference__break_until__lte=moment)
        )
    )
    notice = ResponsibleGamblingNotice.objects.filter(country=OuterRef("country"))
    rows = (
        User.objects.filter(pk__in=player_ids, is_active=True, date_of_birth__isnull=False)
        .filter(of_age)
        .filter(preference_ok)
        .filter(Exists(notice))
        .values_list("pk", flat=True)
    )
    return set(rows)


def race_not_started(*, round: Round, now: datetime | None = None) -> bool:
    """The round is open and its race has not started: before the lock and the post time,
    still scheduled (not running, run or called off)."""
    moment = now or timezone.now()
    race = round.race
    return (
        round.status == Round.Status.OPEN
        and moment < round.locks_at
        and moment < race.post_time
        and race.status == Race.Status.SCHEDULED
    )


def _round_page(round: Round, surface: str | None, now: datetime) -> str | None:
    """The page an offer may be shown on for this round now, or None: the pick page,
    asked as such (or unnamed), of a round whose race has not started."""
    try:
        wanted = Surface(surface or Surface.PICK_PAGE)
    except ValueError:
        return None
    if wanted not in OFFER_SURFACES:
        return None
    if not race_not_started(round=round, now=now):
        return None
    return OfferPage.PICK.value


def _offer_actions(
    *,
    player_id: int,
    round: Round,
    page: str,
    partner: BettingPartner,
    pick: tuple[int, int],
    runners: dict[int, Runner],
) -> tuple[OfferAction, ...]:
    """A win and a place action on the player's pick (`pick` is (win, place)); a horse that
    is unknown or withdrawn gets none: it has no market."""
    actions = []
    for kind, number in ((BetKind.WIN, pick[0]), (BetKind.PLACE, pick[1])):
        runner = runners.get(number)
        if runner is None or runner.is_non_runner:
            continue
        token = make_token(
            BetLink(
                player_id=player_id,
                round_id=round.pk,
                runner_number=number,
                bet_kind=kind.value,
                page=page,
                partner_id=partner.pk,
            )
        )
        actions.append(
            OfferAction(
                bet_kind=kind.value, runner_number=number, runner_name=runner.name, token=token
            )
        )
    return tuple(actions)


def betting_offer_check(
    *, player: User, round: Round, page: str | None = None, now: datetime | None = None
) -> OfferDecision:
    """Whether `player` gets a betting offer on `round`, and the offer, or the reason not.

    An offer exists only for an active player, neither self-excluded nor on a break, with
    offers enabled, a declared date of birth, in a country where an active partner is shown
    and a responsible-gambling notice is configured, at or above that partner's minimum age
    there today (Paddock's time zone), on the pick page of a round whose race has not
    started (open, before its lock and post time), on which the player has a pick. `page`
    is the asking surface (a `Surface` value); None means the pick page.
    """
    moment = now or timezone.now()
    partner, notice, reason = player_eligibility(player=player, now=moment)
    if reason is not None or partner is None or notice is None:
        return OfferDecision(offer=None, reason=reason)
    offer_page = _round_page(round, page, moment)
    if offer_page is None:
        return OfferDecision(offer=None, reason=Reason.ROUND_CLOSED)
    pick = Pick.objects.filter(round=round, player=player).first()
    if pick is None:
        return OfferDecision(offer=None, reason=Reason.NO_PICK)
    runners = {
        r.number: r
        for r in Runner.objects.filter(race_id=round.race_id, number__in=[pick.win, pick.place])
    }
    actions = _offer_actions(
        player_id=player.pk,
        round=round,
        page=offer_page,
        partner=partner,
        pick=(pick.win, pick.place),
        runners=runners,
    )
    if not actions:
        return OfferDecision(offer=None, reason=Reason.NO_PICK)
    offer = Offer(
        player=player, round=round, page=offer_page, partner=partner, notice=notice, actions=actions
    )
    return OfferDecision(offer=offer, reason=None)


def betting_offer_for(
    *, player: User, round: Round, page: str | None = None, now: datetime | None = None
) -> Offer | None:
    """The betting offer `player` may see on `round`, or None. See `betting_offer_check`."""
    return betting_offer_check(player=player, round=round, page=page, now=now).offer


def _partners_of(player_ids: Sequence[int], now: datetime) -> dict[int, BettingPartner]:
    """Each eligible player's partner: one query per active partner (`eligible_player_ids`
    keeps a player only for the partner shown in their country)."""
    today = timezone.localdate(now)
    partner_of: dict[int, BettingPartner] = {}
    for partner in BettingPartner.objects.filter(active=True):
        for player_id in eligible_player_ids(
            partner=partner, player_ids=player_ids, today=today, now=now
        ):
            partner_of.setdefault(player_id, partner)
    return partner_of


def offers_for(
    *,
    player_ids: Iterable[int],
    round: Round,
    page: str | None = None,
    now: datetime | None = None,
) -> dict[int, Offer]:
    """The offer `betting_offer_check` gives each of `player_ids` on `round`, for those who
    get one: the same rule in a fixed handful of queries, whatever the number of players
    (an email's chunk). `page` is the asking surface, as for `betting_offer_check`."""
    moment = now or timezone.now()
    offer_page = _round_page(round, page, moment)
    ids = list(player_ids)
    if offer_page is None or not ids:
        return {}
    partner_of = _partners_of(ids, moment)
    if not partner_of:
        return {}
    players = User.objects.in_bulk(list(partner_of))
    notices = {
        n.country: n
        for n in ResponsibleGamblingNotice.objects.filter(
            country__in={p.country for p in players.values()}
        )
    }
    picks = {
        player_id: (win, place)
        for player_id, win, place in Pick.objects.filter(
            round=round, player_id__in=list(partner_of)
        ).values_list("player_id", "win", "place")
    }
    runners = {r.number: r for r in Runner.objects.filter(race_id=round.race_id)}
    offers = {}
    for player_id, partner in partner_of.items():
        player, pick = players.get(player_id), picks.get(player_id)
        notice = notices.get(player.country) if player is not None else None
        if player is None or pick is None or notice is None:
            continue
        actions = _offer_actions(
            player_id=player_id,
            round=round,
            page=offer_page,
            partner=partner,
            pick=pick,
            runners=runners,
        )
        if actions:
            offers[player_id] = Offer(
                player=player,
                round=round,
                page=offer_page,
                partner=partner,
                notice=notice,
                actions=actions,
            )
    return offers


# --- where to talk about a round ----------------------------------------------------------------


def community_url_for(*, round_id: int) -> str:
    """Where to ask the community about a round: its thread's page, or before the thread
    exists, the web app's route `/community/rounds/<round_id>`, which finds or opens it."""
    topic = round_thread_get(round_id=round_id)
    return topic.get_absolute_url() if topic else f"/community/rounds/{round_id}"
