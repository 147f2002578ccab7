"""Reads of the live layer: who may be in a room, its history, the helpers a question
goes to, a player's live questions, and what moderators search and are reported."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import ApplicationError, not_found
from backend.community.models import ADVISERS_GROUP, LEVEL_THRESHOLDS, CommunityProfile
from backend.community.permissions import is_moderator
from backend.game.models import Round
from backend.leagues.models import League, Membership

from .conf import conf
from .models import HelperProfile, HelpMessage, HelpRequest, Mute, Report, RoomMessage

OPEN_HELP = (HelpRequest.Status.WAITING, HelpRequest.Status.TAKEN)


def room_get(*, league_public_id: str, round_id: int, user: User) -> tuple[League, Round]:
    """The league and round of a room this member may enter now (404 for outsiders; 409
    `room_closed` before the lock or after the debrief window)."""
    league = League.objects.filter(public_id=league_public_id, memberships__player=user).first()
    if league is None:
        raise not_found(_("No such league."))
    game_round = Round.objects.filter(pk=round_id).first()
    if game_round is None:
        raise not_found(_("No such round."))
    if not room_is_open(game_round):
        raise ApplicationError(
            _("The race-day room is open from the lock to the debrief."),
            code="room_closed",
            status_code=409,
        )
    return league, game_round


def room_is_open(game_round: Round, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    if game_round.status == Round.Status.DRAFT or game_round.locks_at > now:
        return False
    if game_round.is_final and game_round.settled_at is not None:
        return now < game_round.settled_at + dt.timedelta(hours=conf().room_debrief_hours)
    return True


def room_history(*, league_id: int, round_id: int, limit: int | None = None) -> list[RoomMessage]:
    """The room's last visible messages, oldest first."""
    rows = (
        RoomMessage.objects.filter(league_id=league_id, round_id=round_id, is_hidden=False)
        .select_related("author")
        .order_by("-id")[: limit or conf().history_size]
    )
    return list(reversed(rows))


def room_league_ids(*, round_id: int) -> list[int]:
    """Leagues with at least one member who picked in this round: their rooms hear of it."""
    from backend.game.models import Pick  # noqa: PLC0415 - one read, kept beside its use

    players = Pick.objects.filter(round_id=round_id).values("player_id")
    return list(
        Membership.objects.filter(player_id__in=players)
        .values_list("league_id", flat=True)
        .distinct()
    )


def round_ids_of_race(*, race_id: int) -> list[int]:
    return list(Round.objects.filter(race_id=race_id).values_list("pk", flat=True))


def muted_until(*, player_id: int) -> dt.datetime | None:
    mute = Mute.objects.filter(player_id=player_id, until__gt=timezone.now()).first()
    return mute.until if mute else None


def posts_last_minute(*, player_id: int) -> int:
    since = timezone.now() - dt.timedelta(minutes=1)
    return (
        RoomMessage.objects.filter(author_id=player_id, created_at__gte=since).count()
        + HelpMessage.objects.filter(author_id=player_id, created_at__gte=since).count()
    )


def _levels_from(minimum: str) -> list[str]:
    floor = next((t for t, level in LEVEL_THRESHOLDS if level == minimum), 0)
    return [level.value for t, level in LEVEL_THRESHOLDS if t >= floor]


def is_staff_adviser(user: User) -> bool:
    return bool(user.is_staff or user.groups.filter(name=ADVISERS_GROUP).exists())


def helper_eligible(user: User) -> bool:
    """Staff advisers, and players at or above the helper level, may take live questions."""
    if is_staff_adviser(user):
        return True
    levels = _levels_from(conf().helper_min_level)
    return CommunityProfile.objects.filter(player=user, level__in=levels).exists()


def helpers_available(*, exclude_id: int) -> list[int]:
    """Who a new live question goes to: available helpers who opted in and hold the level,
    and available staff advisers."""
    levels = _levels_from(conf().helper_min_level)
    available = HelperProfile.objects.filter(available=True, player__is_active=True).exclude(
        player_id=exclude_id
    )
    staff = Q(player__is_staff=True) | Q(player__groups__name=ADVISERS_GROUP)
    players = Q(opted_in=True, player__community_profile__level__in=levels)
    return sorted(set(available.filter(staff | players).values_list("player_id", flat=True)))


def helper_profile(*, user: User) -> HelperProfile:
    return HelperProfile.objects.filter(player=user).first() or HelperProfile(player=user)


def help_get(*, request_id: int, user: User) -> HelpRequest:
    """A live question its asker, its helper, a helper who may take it, or a moderator
    may see."""
    found = HelpRequest.objects.select_related("asker", "helper").filter(pk=request_id).first()
    if found is None:
        raise not_found(_("No such live question."))
    mine = user.pk in (found.asker_id, found.helper_id)
    offered = found.status == HelpRequest.Status.WAITING and helper_eligible(user)
    if not (mine or offered or is_moderator(user)):
        raise not_found(_("No such live question."))
    return found


def help_messages(*, request: HelpRequest) -> list[HelpMessage]:
    return list(request.messages.filter(is_hidden=False).select_related("author"))


def help_mine(*, user: User) -> QuerySet[HelpRequest]:
    """The player's own questions and the conversations they help in, newest first."""
    return HelpRequest.objects.filter(Q(asker=user) | Q(helper=user)).select_related(
        "asker", "helper"
    )


def help_inbox(*, user: User) -> QuerySet[HelpRequest]:
    """For a helper: the questions waiting for someone, oldest first."""
    if not helper_eligible(user):
        return HelpRequest.objects.none()
    return (
        HelpRequest.objects.filter(status=HelpRequest.Status.WAITING, expires_at__gt=timezone.now())
        .exclude(asker=user)
        .select_related("asker")
        .order_by("created_at", "id")
    )


def help_expired_ids(*, now: dt.datetime | None = None) -> list[int]:
    return list(
        HelpRequest.objects.filter(
            status=HelpRequest.Status.WAITING, expires_at__lte=now or timezone.now()
        ).values_list("pk", flat=True)
    )


def messages_search(
    *, kind: str, query: str = "", player_id: int | None = None, league: str = ""
) -> QuerySet[Any]:
    """Moderators' search through room or help messages, hidden ones included, newest
    first."""
    rows: QuerySet[Any]
    if kind == "room":
        rows = RoomMessage.objects.select_related("author", "league")
        if league:
            rows = rows.filter(league__public_id=league)
    else:
        rows = HelpMessage.objects.select_related("author")
    if query:
        rows = rows.filter(text__icontains=query)
    if player_id is not None:
        rows = rows.filter(author_id=player_id)
    return rows.order_by("-created_at", "-id")


def message_get(*, kind: str, message_id: int) -> RoomMessage | HelpMessage:
    model = RoomMessage if kind == "room" else HelpMessage
    found = model.objects.filter(pk=message_id).first()
    if found is None:
        raise not_found(_("No such message."))
    return found


def message_visible_to(message: RoomMessage | HelpMessage, user: User) -> bool:
    """Whether this member could read the message (and so may report it)."""
    if isinstance(message, RoomMessage):
        return Membership.objects.filter(league_id=message.league_id, player=user).exists()
    request = message.request
    return user.pk in (request.asker_id, request.helper_id)


# What a report shows of its reporter and its message, read with it.
REPORT_RELATED = (
    "reporter",
    "resolved_by",
    "room_message__author",
    "room_message__league",
    "help_message__author",
)


def reports_queue(*, resolved: bool = False) -> QuerySet[Report]:
    """The moderators' queue: open reports (or resolved ones), newest first."""
    return (
        Report.objects.filter(resolved_at__isnull=not resolved)
        .select_related(*REPORT_RELATED)
        .order_by("-created_at", "-id")
    )


def report_get(*, report_id: int) -> Report:
    found = Report.objects.select_related(*REPORT_RELATED).filter(pk=report_id).first()
    if found is None:
        raise not_found(_("No such report."))
    return found


def _seconds_stats(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "p90": None}
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, max(0, -(-len(ordered) * 9 // 10) - 1))]
    return {"median": round(statistics.median(ordered), 1), "p90": round(p90, 1)}


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    asked = [r for r in rows if r["status"] != HelpRequest.Status.CANCELLED or r["helper_id"]]
    waits = [
        (r["first_response_at"] - r["created_at"]).total_seconds()
        for r in asked
        if r["first_response_at"] is not None
    ]
    ratings = [r["rating"] for r in asked if r["rating"] is not None]
    return {
        "asked": len(asked),
        "answered": len(waits),
        "answered_share": round(len(waits) / len(asked), 3) if asked else None,
        "first_response_seconds": _seconds_stats(waits),
        "ratings": len(ratings),
        "rating_average": round(statistics.fmean(ratings), 2) if ratings else None,
    }


def help_metrics(*, since: dt.datetime) -> dict[str, Any]:
    """Operators' view of live help since `since`: overall, per week (Monday) and per
    helper: questions, answered share, time to first response (median, p90), ratings."""
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in HelpRequest.objects.filter(created_at__gte=since).values(
            "status",
            "helper_id",
            "helper__display_name",
            "created_at",
            "first_response_at",
            "rating",
        )
    ]
    weeks: dict[dt.date, list[dict[str, Any]]] = {}
    helpers: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        day = timezone.localtime(row["created_at"]).date()
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(row)
        if row["helper_id"] is not None:
            helpers.setdefault(row["helper_id"], []).append(row)
    return {
        "since": since,
        "overall": _summary(rows),
        "weeks": [{"week": week, **_summary(group)} for week, group in sorted(weeks.items())],
        "helpers": [
            {
                "helper": pk,
                "name": group[0]["helper__display_name"] or f"Player {pk}",
                **_summary(group),
            }
            for pk, group in sorted(helpers.items())
        ],
    }
