"""Writes of the hand-off: player controls, recorded clicks, partner conversions."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status

from backend.accounts.models import User
from backend.common.errors import ApplicationError, not_found
from backend.game.models import Round, Season

from .links import partner_url
from .models import (
    BettingPartner,
    BettingPreference,
    Conversion,
    HandoffClick,
    OfferImpression,
    RealityCheckSeen,
)
from .periods import BREAK, self_exclusion_scheme
from .selectors.offers import HIDING_REASONS, Reason, betting_offer_check, race_not_started
from .selectors.reality import reality_check_seen
from .tokens import POSTBACK_MAX_AGE, BetLink, InvalidTokenError, read_token

USER_AGENT_MAX = 255


def _locked_preference(player: User) -> BettingPreference:
    BettingPreference.objects.get_or_create(player=player)
    return BettingPreference.objects.select_for_update().get(player=player)


@transaction.atomic
def betting_preference_update(
    *, player: User, offers_enabled: bool, now: datetime | None = None
) -> BettingPreference:
    """Turn betting offers on or off. Turning them on during a self-exclusion is refused."""
    moment = now or timezone.now()
    pref = _locked_preference(player)
    if offers_enabled and pref.is_self_excluded(now=moment):
        raise ApplicationError(
            _("You excluded yourself from betting offers; they stay off until the end of it."),
            code="self_excluded",
            status_code=status.HTTP_409_CONFLICT,
            extra={"self_excluded_until": pref.self_excluded_until},
        )
    pref.offers_enabled = offers_enabled
    pref.save(update_fields=["offers_enabled", "updated_at"])
    return pref


def _refuse_shortening(
    pref: BettingPreference,
    field: str,
    until: datetime,
    moment: datetime,
    *,
    code: str,
    message: str,
) -> None:
    """409 `code` when a running period (`pref.<field>`) would end no later than before:
    exclusions and breaks are only ever extended."""
    current = getattr(pref, field)
    if current is not None and current > moment and until <= current:
        raise ApplicationError(
            message, code=code, status_code=status.HTTP_409_CONFLICT, extra={field: current}
        )


@transaction.atomic
def betting_self_exclusion_start(
    *, player: User, period: str, now: datetime | None = None
) -> BettingPreference:
    """Exclude the player from every betting offer (app and email) for `period`, one of
    the periods of the player's country (`periods.self_exclusion_scheme`).

    It cannot be lifted or shortened: a new exclusion must end later than the current one.
    Offers are also turned off, so when it ends they come back only if the player turns
    them on again.
    """
    scheme = self_exclusion_scheme(player.country)
    chosen = scheme.period(period)
    if chosen is None:
        raise ApplicationError(
            _("The period is one of %(periods)s.") % {"periods": ", ".join(scheme.codes)},
            code="invalid_period",
        )
    moment = now or timezone.now()
    until = chosen.end(moment)
    pref = _locked_preference(player)
    _refuse_shortening(
        pref,
        "self_excluded_until",
        until,
        moment,
        code="self_exclusion_not_extended",
        message=_(
            "You are already excluded until a later date; an exclusion can only be extended."
        ),
    )
    pref.self_excluded_until = until
    pref.self_excluded_at = moment
    pref.offers_enabled = False
    pref.save(
        update_fields=["self_excluded_until", "self_excluded_at", "offers_enabled", "updated_at"]
    )
    return pref


@transaction.atomic
def betting_break_start(
    *, player: User, period: str, now: datetime | None = None
) -> BettingPreference:
    """A short break from every betting offer (app and email), 24 hours up to 6 weeks.

    Like a self-exclusion it cannot be cut short, only extended; unlike one it ends by
    itself: the player's offers setting is left as it was.
    """
    chosen = BREAK.period(period)
    if chosen is None:
        raise ApplicationError(
            _("The period is one of %(periods)s.") % {"periods": ", ".join(BREAK.codes)},
            code="invalid_period",
        )
    moment = now or timezone.now()
    until = chosen.end(moment)
    pref = _locked_preference(player)
    _refuse_shortening(
        pref,
        "break_until",
        until,
        moment,
        code="break_not_extended",
        message=_("You are already on a break until a later date; a break can only be extended."),
    )
    pref.break_until = until
    pref.break_started_at = moment
    pref.save(update_fields=["break_until", "break_started_at", "updated_at"])
    return pref


def reality_check_seen_record(
    *, player: User, season: Season, now: datetime | None = None
) -> RealityCheckSeen:
    """The player read the season's reality check; the first time counts."""
    seen, _created = RealityCheckSeen.objects.get_or_create(
        player=player, season=season, defaults={"seen_at": now or timezone.now()}
    )
    return seen


def offer_impression_record(
    *, player: User, round: Round, page: str, now: datetime | None = None
) -> OfferImpression:
    """An offer was shown: once per player, round and page, with whether the season's
    reality check had been read by then (updated when it has been since)."""
    seen = reality_check_seen(player=player, season=round.season)
    impression, created = OfferImpression.objects.get_or_create(
        player=player,
        round=round,
        page=page,
        defaults={"shown_at": now or timezone.now(), "reality_check_seen": seen},
    )
    if not created and seen and not impression.reality_check_seen:
        impression.reality_check_seen = True
        impression.save(update_fields=["reality_check_seen"])
    return impression


@dataclass(frozen=True, slots=True)
class FollowedLink:
    click: HandoffClick
    url: str


class LinkRefusedError(Exception):
    """The link is not followed: bad token, another player's token or not eligible now.

    `language` is the link's player's, when the link is genuine: the refusal page speaks it.
    """

    def __init__(self, message: str, *, language: str = "") -> None:
        super().__init__(message)
        self.language = language


class LinkForbiddenError(LinkRefusedError):
    """The link's player is self-excluded or on a break: no betting now (403)."""

    def __init__(self, message: str, *, language: str = "", reason: Reason) -> None:
        super().__init__(message, language=language)
        self.reason = reason


class LinkGoneError(LinkRefusedError):
    """The link's race has started (or the round is closed): the offer is over (410)."""


def _refusal(reason: Reason | None, player: User, round_: Round, now: datetime) -> LinkRefusedError:
    """Why a genuine link is not followed: excluded or on a break (403), the race started
    (410), anything else the plain refusal (404)."""
    if reason is not None and reason in HIDING_REASONS:
        return LinkForbiddenError(
            f"not eligible ({reason})", language=player.language, reason=reason
        )
    if not race_not_started(round=round_, now=now):
        return LinkGoneError("the race has started", language=player.language)
    return LinkRefusedError(f"not eligible ({reason})", language=player.language)


def _link_parts(token: str, user: User | None) -> tuple[BetLink, User, Round]:
    """The token's link, player and round, or LinkRefusedError: a forged, tampered with or
    expired token, another player's (when someone is signed in), or unknown ids."""
    try:
        link = read_token(token)
    except InvalidTokenError as exc:
        raise LinkRefusedError("invalid token") from exc
    if user is not None and user.pk != link.player_id:
        raise LinkRefusedError("another player's link")
    player = User.objects.filter(pk=link.player_id).first()
    round_ = (
        Round.objects.select_related("race__meeting", "season").filter(pk=link.round_id).first()
    )
    if player is None or round_ is None:
        raise LinkRefusedError("unknown player or round")
    return link, player, round_


@transaction.atomic
def handoff_click_record(
    *,
    token: str,
    user: User | None,
    user_agent: str = "",
    now: datetime | None = None,
) -> FollowedLink:
    """Follow a "bet it for real" link: check it, record the click, return where to go.

    Preconditions checked here, each raising LinkRefusedError with nothing recorded: the token is
    genuine and fresh; if someone is signed in, it is the token's player; the token's player
    is eligible right now (the same `betting_offer_check` as the offer API) and the partner
    named in the token is still the one offered. A genuine link of a player self-excluded
    or on a break raises LinkForbiddenError, one whose race has started LinkGoneError.
    Signed out, the click counts for the token's player: links in emails are opened in
    browsers that are not signed in, and the token only ever leads to the partner's fixed
    URL.
    """
    link, player, round_ = _link_parts(token, user)
    moment = now or timezone.now()
    decision = betting_offer_check(player=player, round=round_, page=link.page, now=moment)
    offer = decision.offer
    if offer is None:
        raise _refusal(decision.reason, player, round_, moment)
    if offer.partner.pk != link.partner_id:
        raise LinkRefusedError("partner no longer offered", language=player.language)
    if not round_.race.runners.filter(number=link.runner_number).exists():
        raise LinkRefusedError("unknown runner", language=player.language)

    click = HandoffClick.objects.create(
        player=player,
        round=round_,
        partner=offer.partner,
        runner_number=link.runner_number,
        bet_kind=link.bet_kind,
        page=link.page,
        clicked_at=moment,
        user_agent=user_agent[:USER_AGENT_MAX],
        reality_check_seen=reality_check_seen(player=player, season=round_.season),
    )
    race = round_.race
    url = partner_url(
        partner=offer.partner,
        race_day=race.meeting.date,
        meeting_number=race.meeting.number,
        race_number=race.number,
        runner_number=link.runner_number,
        bet_kind=link.bet_kind,
        round_id=round_.pk,
        page=link.page,
        click_id=str(click.public_id),
    )
    return FollowedLink(click=click, url=url)


def postback_signature(*, secret: str, body: bytes) -> str:
    """The value of X-Paddock-Signature for a body: 'sha256=' + hex HMAC-SHA256."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def postback_partner(
    *, slug: str, signature: str | None, authorization: str | None, body: bytes
) -> BettingPartner:
    """The partner a postback comes from, authenticated; 403 for anything else.

    Either `X-Paddock-Signature: sha256=<hex HMAC-SHA256 of the raw body with the secret>`
    or `Authorization: Bearer <secret>`, with `X-Paddock-Partner: <slug>` in both cases.
    """
    denied = ApplicationError(
        _("The postback is not signed by a known partner."),
        code="bad_signature",
        status_code=status.HTTP_403_FORBIDDEN,
    )
    partner = BettingPartner.objects.filter(slug=slug).first() if slug else None
    secret = partner.postback_secret if partner is not None else ""
    if partner is None or not secret:
        raise denied
    if signature:
        ok = hmac.compare_digest(signature, postback_signature(secret=secret, body=body))
    elif authorization and authorization.startswith("Bearer "):
        ok = hmac.compare_digest(authorization.removeprefix("Bearer "), secret)
    else:
        ok = False
    if not ok:
        raise denied
    return partner


@dataclass(frozen=True, slots=True)
class RecordedConversion:
    conversion: Conversion
    created: bool


def _click_for(*, partner: BettingPartner, click_id: Any, token: str | None) -> HandoffClick:
    unknown = not_found(_("No such click."))
    clicks = HandoffClick.objects.filter(partner=partner).select_related("player")
    if click_id:
        click = clicks.filter(public_id=click_id).first()
    elif token:
        try:
            link = read_token(token, max_age=POSTBACK_MAX_AGE)
        except InvalidTokenError as exc:
            raise unknown from exc
        click = (
            clicks.filter(
                player_id=link.player_id,
                round_id=link.round_id,
                runner_number=link.runner_number,
                bet_kind=link.bet_kind,
                page=link.page,
            )
            .order_by("-clicked_at", "-id")
            .first()
        )
    else:
        click = None
    if click is None:
        raise unknown
    return click


def conversion_record(
    *,
    partner: BettingPartner,
    event: str,
    occurred_at: datetime,
    click_id: Any = None,
    token: str | None = None,
) -> RecordedConversion:
    """Record what a partner reports about a player it received through one of its clicks.

    Idempotent: one conversion per partner, player and event; a repeated postback returns
    the first one with created False. An unknown click (or another partner's) is a 404.
    """
    click = _click_for(partner=partner, click_id=click_id, token=token)
    existing = Conversion.objects.filter(partner=partner, player=click.player, event=event)
    found = existing.first()
    if found is not None:
        return RecordedConversion(conversion=found, created=False)
    try:
        with transaction.atomic():
            conversion = Conversion.objects.create(
                partner=partner,
                player=click.player,
                click=click,
                event=event,
                occurred_at=occurred_at,
            )
    except IntegrityError:  # the same postback, twice at once: the other one won
        return RecordedConversion(conversion=existing.get(), created=False)
    return RecordedConversion(conversion=conversion, created=True)
