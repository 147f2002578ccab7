"""The operators' conversion funnel: registered -> picked -> clicked -> account opened,
players in a league vs solo; and the offers by page: shown, clicked, and whether the
season's reality check had been read first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Value

from backend.accounts.models import User
from backend.game.models import Pick, Round, Season
from backend.handoff.models import Conversion, HandoffClick, OfferImpression, OfferPage

FUNNEL_STEPS = (
    ("registered", "Registered before the lock"),
    ("picked", "Picked"),
    ("clicked", "Clicked a betting action"),
    ("converted", "Opened an account (postback)"),
)
SEGMENTS = ("all", "league", "solo")


def funnel_scope(*, round_id: str = "", season_id: str = "") -> tuple[Season | None, Round | None]:
    """The (season, round) an operator asked the funnel of, from the admin's query string:
    a round wins over a season; neither (or an unknown one) means every round."""
    if round_id.isdigit():
        return None, Round.objects.filter(pk=int(round_id)).select_related("season").first()
    if season_id.isdigit():
        return Season.objects.filter(pk=int(season_id)).first(), None
    return None, None


def funnel_choices() -> dict[str, Any]:
    """The seasons and the latest rounds the funnel page offers to choose from."""
    return {
        "seasons": Season.objects.all()[:50],
        "rounds": Round.objects.exclude(status=Round.Status.DRAFT)
        .select_related("season", "race__meeting")
        .order_by("-locks_at")[:100],
    }


def _no_counts() -> dict[str, dict[str, int]]:
    return {segment: dict.fromkeys(dict(FUNNEL_STEPS), 0) for segment in SEGMENTS}


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _league_member() -> Any:
    """Whether a user (OuterRef "pk") is in any league. Leagues sit beside the hand-off, not
    below it: their membership table is looked up by name, and without the leagues app
    every player counts as solo."""
    try:
        membership = apps.get_model("leagues", "Membership")
    except LookupError:
        return Value(value=False)
    return Exists(membership.objects.filter(player=OuterRef("pk")))


def _funnel_counts(rounds: QuerySet[Round], cutoff: datetime) -> dict[str, dict[str, int]]:
    """Players per step and segment: one aggregate query over users with EXISTS sub-queries,
    grouped by league membership."""
    round_ids = rounds.values("pk")
    player = OuterRef("pk")
    picked = Pick.objects.filter(player=player, round__in=round_ids)
    clicked = HandoffClick.objects.filter(player=player, round__in=round_ids)
    converted = Conversion.objects.filter(
        player=player, event=Conversion.Event.ACCOUNT_OPENED, click__round__in=round_ids
    )
    rows = (
        User.objects.filter(is_staff=False, date_joined__lt=cutoff)
        .annotate(in_league=_league_member())
        .values("in_league")
        .annotate(
            registered=Count("pk"),
            picked=Count("pk", filter=Q(Exists(picked))),
            clicked=Count("pk", filter=Q(Exists(clicked))),
            converted=Count("pk", filter=Q(Exists(converted))),
        )
        .order_by()
    )
    counts = _no_counts()
    for row in rows:
        values: dict[str, Any] = dict(row)
        segment = "league" if values["in_league"] else "solo"
        for key, _ in FUNNEL_STEPS:
            counts[segment][key] += values[key]
            counts["all"][key] += values[key]
    return counts


def _funnel_steps(counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Each step's counts per segment, with its rates from the previous step and from
    registered (None when dividing by zero)."""
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
    return steps


def _by_page(rounds: QuerySet[Round]) -> list[dict[str, Any]]:
    """Per page: offers shown (one per player and round), clicks, and how many of each came
    after the player had read the season's reality check. Two queries."""
    checked = Q(reality_check_seen=True)
    shown: dict[str, dict[str, Any]] = {
        row["page"]: dict(row)
        for row in OfferImpression.objects.filter(round__in=rounds.values("pk"))
        .values("page")
        .annotate(n=Count("pk"), checked=Count("pk", filter=checked))
        .order_by()
    }
    clicked: dict[str, dict[str, Any]] = {
        row["page"]: dict(row)
        for row in HandoffClick.objects.filter(round__in=rounds.values("pk"))
        .values("page")
        .annotate(n=Count("pk"), checked=Count("pk", filter=checked))
        .order_by()
    }
    rows = []
    for page, label in OfferPage.choices:
        offers, clicks = shown.get(page, {}), clicked.get(page, {})
        rows.append(
            {
                "page": page,
                "label": label,
                "shown": offers.get("n", 0),
                "shown_after_check": offers.get("checked", 0),
                "clicks": clicks.get("n", 0),
                "clicks_after_check": clicks.get("checked", 0),
                "clicks_without_check": clicks.get("n", 0) - clicks.get("checked", 0),
            }
        )
    return rows


def funnel(*, season: Season | None = None, round: Round | None = None) -> dict[str, Any]:
    """The conversion funnel of a round, a season, or every round (neither given).

    Players (staff excluded) who had an account before the (last) lock -> who picked in
    those rounds -> who followed a betting link on them -> whose account opening a partner
    reported for such a click; split by players with any league membership vs solo. And
    `pages`: the offers shown and clicked per page, with the reality check read or not.
    Four queries: the rounds' summary, `_funnel_counts`, then `_by_page`.
    """
    rounds = Round.objects.exclude(status=Round.Status.DRAFT)
    if round is not None:
        rounds = rounds.filter(pk=round.pk)
    elif season is not None:
        rounds = rounds.filter(season=season)
    summary = rounds.aggregate(n=Count("pk"), cutoff=Max("locks_at"))
    counts = _funnel_counts(rounds, summary["cutoff"]) if summary["n"] else _no_counts()
    return {
        "season_id": getattr(season, "pk", None) if round is None else round.season_id,
        "round_id": getattr(round, "pk", None),
        "rounds": summary["n"],
        "segments": list(SEGMENTS),
        "steps": _funnel_steps(counts),
        "pages": _by_page(rounds),
    }
