"""Reads of the hand-off: who may see a betting offer, the offer itself, the funnel.

`betting_offer_check` is THE eligibility rule. Every endpoint (the offer API, the
`/go/bet/` redirect) and every email goes through it, or through `eligible_player_ids`,
its bulk twin for email fan-out, which must agree with it player for player.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import User

from .models import (
    BetKind,
    BettingPartner,
    BettingPreference,
    OfferPage,
    ResponsibleGamblingNotice,
)
from .tokens import BetLink, make_token

if TYPE_CHECKING:
    from backend.game.models import Round


class Reason(StrEnum):
    """Why a player gets no offer. Shown to that player only, about their own situation."""

    INACTIVE = "inactive"
    SELF_EXCLUDED = "self_excluded"
    OPTED_OUT = "opted_out"
    AGE_UNKNOWN = "age_unknown"
    COUNTRY = "country"  # no active partner shown in the player's country, or no notice there
    UNDERAGE = "underage"
    ROUND_CLOSED = "round_closed"  # not before the lock (pick page) nor settled (results page)
    NO_PICK = "no_pick"


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


@dataclass(frozen=True, slots=True)
class OfferDecision:
    offer: Offer | None
    reason: Reason | None


def betting_preference_for(*, player: User) -> BettingPreference:
    """The player's preference; an unsaved default one when they never changed anything."""
    pref = BettingPreference.objects.filter(player=player).first()
    return pref or BettingPreference(player=player)


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


def _round_page(round: Round, page: str | None, now: datetime) -> str | None:
    """The page an offer may be shown on for this round now, or None."""
    from backend.game.models import Round as RoundModel

    race = round.race
    pick_open = (
        round.status == RoundModel.Status.OPEN
        and now < round.locks_at
        and now < race.post_time
        and not race.is_void
    )
    settled = round.status == RoundModel.Status.SETTLED
    if page in (None, OfferPage.PICK) and pick_open:
        return OfferPage.PICK.value
    if page in (None, OfferPage.RESULTS) and settled:
        return OfferPage.RESULTS.value
    return None


def player_eligibility(
    *, player: User, now: datetime | None = None
) -> tuple[BettingPartner | None, ResponsibleGamblingNotice | None, Reason | None]:
    """The player-level half of the rule: (partner, notice, None) or (None, None, reason)."""
    moment = now or timezone.now()
    if not player.is_active:
        return None, None, Reason.INACTIVE
    pref = betting_preference_for(player=player)
    if pref.is_self_excluded(now=moment):
        return None, None, Reason.SELF_EXCLUDED
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


def betting_offer_check(
    *, player: User, round: Round, page: str | None = None, now: datetime | None = None
) -> OfferDecision:
    """Whether `player` gets a betting offer on `round`, and the offer, or the reason not.

    An offer exists only for an active player, not self-excluded, with offers enabled, a
    declared date of birth, in a country where an active partner is shown and a
    responsible-gambling notice is configured, at or above that partner's minimum age there
    today (Paddock's time zone), for a round open before its lock and its race's post time
    ("pick" page) or settled ("results" page), on which the player has a pick. `page` None
    means whichever page the round's state allows.
    """
    moment = now or timezone.now()
    partner, notice, reason = player_eligibility(player=player, now=moment)
    if reason is not None or partner is None or notice is None:
        return OfferDecision(offer=None, reason=reason)
    offer_page = _round_page(round, page, moment)
    if offer_page is None:
        return OfferDecision(offer=None, reason=Reason.ROUND_CLOSED)

    from backend.game.models import Pick
    from backend.racing.models import Runner

    pick = Pick.objects.filter(round=round, player=player).first()
    if pick is None:
        return OfferDecision(offer=None, reason=Reason.NO_PICK)
    runners = {
        r.number: r
        for r in Runner.objects.filter(race_id=round.race_id, number__in=[pick.win, pick.place])
    }
    actions = []
    for kind, number in ((BetKind.WIN, pick.win), (BetKind.PLACE, pick.place)):
        runner = runners.get(number)
        if runner is None or runner.is_non_runner:
            continue  # nothing to bet on: a withdrawn horse has no market
        token = make_token(
            BetLink(
                player_id=player.pk,
                round_id=round.pk,
                runner_number=number,
                bet_kind=kind.value,
                page=offer_page,
                partner_id=partner.pk,
            )
        )
        actions.append(
            OfferAction(
                bet_kind=kind.value, runner_number=number, runner_name=runner.name, token=token
            )
        )
    if not actions:
        return OfferDecision(offer=None, reason=Reason.NO_PICK)
    offer = Offer(
        player=player,
        round=round,
        page=offer_page,
        partner=partner,
        notice=notice,
        actions=tuple(actions),
    )
    return OfferDecision(offer=offer, reason=None)


def betting_offer_for(
    *, player: User, round: Round, page: str | None = None, now: datetime | None = None
) -> Offer | None:
    """The betting offer `player` may see on `round`, or None. See `betting_offer_check`."""
    return betting_offer_check(player=player, round=round, page=page, now=now).offer


def eligible_player_ids(
    *,
    partner: BettingPartner,
    player_ids: Any,
    today: date,
    now: datetime | None = None,
) -> set[int]:
    """Of `player_ids`, those who may be shown `partner`'s offers: one query, for fan-out.

    The player-level half of `betting_offer_check` in SQL (active, not self-excluded at
    `now`, offers enabled, birth date known, a country where `partner` is the partner shown
    and a notice exists, old enough on `today`). Round-level conditions (the round's state,
    the player's pick) stay with the caller, who checks them for the round it mails about.
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


def community_url_for(*, round_id: int) -> str:
    """Where to ask the community about a round: its thread's page, or before the thread
    exists, the web app's route `/community/rounds/<round_id>`, which finds or opens it."""
    from backend.community.selectors import round_thread_get

    topic = round_thread_get(round_id=round_id)
    return topic.get_absolute_url() if topic else f"/community/rounds/{round_id}"


FUNNEL_STEPS = (
    ("registered", "Registered before the lock"),
    ("picked", "Picked"),
    ("clicked", "Clicked a betting action"),
    ("converted", "Opened an account (postback)"),
)
SEGMENTS = ("all", "league", "solo")


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def funnel(*, season: Any = None, round: Any = None) -> dict[str, Any]:
    """The conversion funnel of a round, a season, or every round (neither given).

    Players (staff excluded) who had an account before the (last) lock -> who picked in
    those rounds -> who followed a betting link on them -> whose account opening a partner
    reported for such a click; split by players with any league membership vs solo. One
    aggregate query over users with EXISTS sub-queries; rates are from the previous step
    and from registered, None when dividing by zero.
    """
    from django.apps import apps
    from django.db.models import Count, Max, Value

    from backend.game.models import Pick, Round

    from .models import Conversion, HandoffClick

    rounds = Round.objects.exclude(status=Round.Status.DRAFT)
    if round is not None:
        rounds = rounds.filter(pk=round.pk)
    elif season is not None:
        rounds = rounds.filter(season=season)
    round_ids = rounds.values("pk")
    summary = rounds.aggregate(n=Count("pk"), cutoff=Max("locks_at"))

    counts: dict[str, dict[str, int]] = {s: dict.fromkeys(dict(FUNNEL_STEPS), 0) for s in SEGMENTS}
    if summary["n"]:
        try:
            membership = apps.get_model("leagues", "Membership")
        except LookupError:
            in_league: Any = Value(value=False)
        else:
            in_league = Exists(membership.objects.filter(player=OuterRef("pk")))
        player = OuterRef("pk")
        rows = (
            User.objects.filter(is_staff=False, date_joined__lt=summary["cutoff"])
            .annotate(in_league=in_league)
            .values("in_league")
            .annotate(
                registered=Count("pk"),
                picked=Count(
                    "pk", filter=Q(Exists(Pick.objects.filter(player=player, round__in=round_ids)))
                ),
                clicked=Count(
                    "pk",
                    filter=Q(
                        Exists(HandoffClick.objects.filter(player=player, round__in=round_ids))
                    ),
                ),
                converted=Count(
                    "pk",
                    filter=Q(
                        Exists(
                            Conversion.objects.filter(
                                player=player,
                                event=Conversion.Event.ACCOUNT_OPENED,
                                click__round__in=round_ids,
                            )
                        )
                    ),
                ),
            )
            .order_by()
        )
        for row in rows:
            values: dict[str, Any] = dict(row)
            segment = "league" if values["in_league"] else "solo"
            for key, _ in FUNNEL_STEPS:
                counts[segment][key] += values[key]
                counts["all"][key] += values[key]

    steps = []
    previous: str | None = None
    for key, label in FUNNEL_STEPS:
        steps.append(
            {
                "key": key,
                "label": label,
                "counts": {s: counts[s][key] for s in SEGMENTS},
                "rate_from_previous": {
                    s: _rate(counts[s][key], counts[s][previous]) if previous else None
                    for s in SEGMENTS
                },
                "rate_from_registered": {
                    s: _rate(counts[s][key], counts[s]["registered"]) for s in SEGMENTS
                },
            }
        )
        previous = key
    return {
        "season_id": getattr(season, "pk", None) if round is None else round.season_id,
        "round_id": getattr(round, "pk", None),
        "rounds": summary["n"],
        "segments": list(SEGMENTS),
        "steps": steps,
    }
