"""The game's reads: rounds and their cards, picks, results, crowd and ranking tables.

Every "is it locked yet?" question is answered by the database clock (`Now()` in SQL), the
same clock that refuses late picks, so nothing private shows a second early.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Now

from backend.accounts.models import User, public_name
from backend.common.errors import ApplicationError
from backend.racing.models import Dividend, Runner

from .cache import cached, season_token
from .models import Pick, Round, RoundScore, Season, Standing, WeeklyStanding

AROUND = 5  # rows shown above and below the player in "around me"
SEARCH_LIMIT = 20

# --- rounds ----------------------------------------------------------------------------------


def _rounds() -> QuerySet[Round]:
    """Rounds players may see (not drafts), with `passed`: the lock has passed (DB clock)."""
    return (
        Round.objects.exclude(status=Round.Status.DRAFT)
        .select_related("season", "race__meeting")
        .annotate(passed=ExpressionWrapper(Q(locks_at__lte=Now()), output_field=BooleanField()))
    )


def _with_card(rounds: QuerySet[Round]) -> QuerySet[Round]:
    return rounds.prefetch_related(
        Prefetch("race__runners", queryset=Runner.objects.order_by("number"))
    )


def rounds_list(*, when: str = "current") -> QuerySet[Round]:
    """`current`: open rounds and locked ones awaiting their result, soonest first;
    `past`: settled and void rounds, latest first."""
    if when == "past":
        return _with_card(_rounds().filter(status__in=(Round.Status.SETTLED, Round.Status.VOID)))
    return _with_card(
        _rounds()
        .filter(status__in=(Round.Status.OPEN, Round.Status.LOCKED))
        .order_by("locks_at", "id")
    )


def round_get(*, round_id: int) -> Round:
    """A visible round with its card, or a 404 ApplicationError."""
    rnd = _with_card(_rounds()).filter(pk=round_id).first()
    if rnd is None:
        raise ApplicationError("No such round.", code="not_found", status_code=404)
    return rnd


def round_is_locked(rnd: Round) -> bool:
    """Locked for picks: past its lock by the DB clock, or no longer open."""
    return bool(getattr(rnd, "passed", False)) or rnd.status not in (
        Round.Status.OPEN,
        Round.Status.DRAFT,
    )


def round_display_status(rnd: Round) -> str:
    if rnd.status == Round.Status.OPEN and round_is_locked(rnd):
        return Round.Status.LOCKED.value
    return rnd.status


def picks_of(*, player: User, round_ids: list[int]) -> dict[int, Pick]:
    return {p.round_id: p for p in Pick.objects.filter(player=player, round_id__in=round_ids)}


def pick_get(*, player: User, rnd: Round) -> Pick | None:
    return Pick.objects.filter(player=player, round=rnd).first()


def picks_history(*, player: User) -> QuerySet[Pick]:
    """The player's picks, latest round first, with their round, race and score."""
    return (
        Pick.objects.filter(player=player)
        .exclude(round__status=Round.Status.DRAFT)
        .select_related("round__season", "round__race__meeting")
        .order_by("-round__locks_at", "-round_id")
    )


def scores_of(*, player: User, round_ids: list[int]) -> dict[int, RoundScore]:
    return {s.round_id: s for s in RoundScore.objects.filter(player=player, round_id__in=round_ids)}


# --- after the lock: the crowd, the result ---------------------------------------------------


def crowd_distribution(*, rnd: Round) -> dict[str, Any]:
    """Share of picks on each runner, win and place. Only after the lock (else 403).

    Picks cannot change after the lock, so the distribution is cached for the round.
    """
    if not round_is_locked(rnd):
        raise ApplicationError(
            "The crowd's picks are shown once the round locks.", code="not_locked", status_code=403
        )

    def compute() -> dict[str, Any]:
        picks = Pick.objects.filter(round=rnd)
        total = picks.count()
        win = dict(picks.values_list("win").annotate(n=Count("id")).values_list("win", "n"))
        place = dict(picks.values_list("place").annotate(n=Count("id")).values_list("place", "n"))
        runners = [
            {
                "number": number,
                "name": name,
                "win_picks": win.get(number, 0),
                "place_picks": place.get(number, 0),
                "win_percent": _percent(win.get(number, 0), total),
                "place_percent": _percent(place.get(number, 0), total),
            }
            for number, name in Runner.objects.filter(race_id=rnd.race_id)
            .order_by("number")
            .values_list("number", "name")
        ]
        return {"round": rnd.pk, "picks": total, "runners": runners}

    return cached(f"game:round:{rnd.pk}:crowd", compute)


def _percent(part: int, total: int) -> float:
    return round(100.0 * part / total, 1) if total else 0.0


@dataclass
class RoundResult:
    round: Round
    finish: list[dict[str, Any]]
    dividends: list[dict[str, Any]]
    non_runners: list[int]
    my_score: RoundScore | None
    my_pick: Pick | None


def round_result(*, rnd: Round, player: User) -> RoundResult:
    """The settled round's result: finish order, dividends, the player's score (else 409)."""
    if not rnd.is_final:
        raise ApplicationError("The round is not settled yet.", code="not_settled", status_code=409)
    runners = list(Runner.objects.filter(race_id=rnd.race_id).order_by("position", "number"))
    finish = [
        {"position": r.position, "number": r.number, "name": r.name, "jockey": r.jockey}
        for r in runners
        if r.position and not r.disqualified
    ]
    dividends = [
        {"kind": d.kind, "number": d.number, "cents": d.cents}
        for d in Dividend.objects.filter(race_id=rnd.race_id).order_by("kind", "number")
    ]
    return RoundResult(
        round=rnd,
        finish=finish,
        dividends=dividends if rnd.status == Round.Status.SETTLED else [],
        non_runners=sorted(r.number for r in runners if r.is_non_runner),
        my_score=RoundScore.objects.filter(round=rnd, player=player).first(),
        my_pick=Pick.objects.filter(round=rnd, player=player).first(),
    )


# --- seasons and ranking tables --------------------------------------------------------------


def season_current() -> Season | None:
    return Season.objects.filter(status=Season.Status.ACTIVE).order_by("-starts_on", "-id").first()


def season_get(*, season_id: int) -> Season:
    season = Season.objects.exclude(status=Season.Status.DRAFT).filter(pk=season_id).first()
    if season is None:
        raise ApplicationError("No such season.", code="not_found", status_code=404)
    return season


SEASON_ROW = ("rank", "previous_rank", "player_id", "player__display_name", "points", "wins")
SEASON_ROW_MORE = ("best", "rounds_played")
WEEKLY_ROW = ("rank", "player_id", "player__display_name", "points", "season_points", "season_rank")


def _row(values: dict[str, Any]) -> dict[str, Any]:
    row = dict(values)
    row["display_name"] = public_name(row.pop("player__display_name") or "", row["player_id"])
    return row


@dataclass
class Table:
    """A page of a ranking table. Every row is a dict of exactly the API's row fields
    (`_row`), so cached pages are served as they are."""

    count: int
    page: int
    page_size: int
    results: list[dict[str, Any]]
    me: dict[str, Any] | None
    around_me: list[dict[str, Any]]


def _page(
    rows: QuerySet[Any], fields: tuple[str, ...], page: int, size: int
) -> list[dict[str, Any]]:
    start = (page - 1) * size
    return [
        _row(r) for r in rows.order_by("rank", "player_id").values(*fields)[start : start + size]
    ]


def _counted_page(
    rows: QuerySet[Any], fields: tuple[str, ...], page: int, size: int
) -> dict[str, Any]:
    return {"count": rows.count(), "results": _page(rows, fields, page, size)}


def _me_and_around(
    model: type[Standing] | type[WeeklyStanding],
    scope: str,
    scope_id: int,
    player_id: int,
    fields: tuple[str, ...],
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The player's row and the rows just above and below it, in one query.

    Each side is a row-value comparison on the (scope, rank, player) index: the scan
    starts at the player's own entry, so it reads a dozen entries even for the
    500,000th player of a table, or one inside a tie shared by 200,000 players.
    """
    qn = connection.ops.quote_name
    table, users = qn(model._meta.db_table), qn(User._meta.db_table)
    columns = [f"s.{qn(f)}" for f in fields if f != "player__display_name"]
    select = ", ".join([*columns, "u.display_name"])
    names = [f for f in fields if f != "player__display_name"] + ["player__display_name"]
    side = (
        f"SELECT {{part}} AS part, {select} FROM {table} s "  # noqa: S608 - quoted identifiers
        f"INNER JOIN {users} u ON u.id = s.player_id "
        # Scalar subqueries, not a join: the planner then uses them as index bounds.
        f"WHERE s.{scope} = %s AND (s.rank, s.player_id) {{op}} "
        "((SELECT rank FROM me), (SELECT player_id FROM me)) "
        f"ORDER BY s.rank {{direction}}, s.player_id {{direction}} LIMIT %s"
    )
    sql = (
        f"WITH me AS (SELECT rank, player_id FROM {table} "  # noqa: S608 - quoted identifiers
        f"WHERE {scope} = %s AND player_id = %s AND rank IS NOT NULL) "
        f"SELECT 0 AS part, {select} FROM {table} s INNER JOIN {users} u ON u.id = s.player_id "
        f"WHERE s.{scope} = %s AND s.player_id = %s AND s.rank IS NOT NULL "
        f"UNION ALL SELECT * FROM ({side.format(part=-1, op='<', direction='DESC')}) above "
        f"UNION ALL SELECT * FROM ({side.format(part=1, op='>', direction='ASC')}) below"
    )
    params = [scope_id, player_id, scope_id, player_id, scope_id, AROUND, scope_id, AROUND]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    parts: dict[int, list[dict[str, Any]]] = {-1: [], 0: [], 1: []}
    for part, *values in rows:
        parts[part].append(_row(dict(zip(names, values, strict=True))))
    me = parts[0][0] if parts[0] else None
    return me, [*reversed(parts[-1]), *parts[1]]


def season_table(*, season: Season, player: User, page: int, page_size: int) -> Table:
    """A page of the season's global table (cached until the next settlement), the
    player's own row and the rows around it (index lookups, never a scan)."""
    rows = Standing.objects.filter(season=season, rank__isnull=False)
    fields = SEASON_ROW + SEASON_ROW_MORE
    token = season_token(season.pk)
    cached_page = cached(
        f"game:season:{season.pk}:{token}:page:{page}:{page_size}",
        lambda: _counted_page(rows, fields, page, page_size),
    )
    me, around = _me_and_around(Standing, "season_id", season.pk, player.pk, fields)
    return Table(cached_page["count"], page, page_size, cached_page["results"], me, around)


def weekly_table(*, rnd: Round, player: User, page: int, page_size: int) -> Table:
    """A page of one settled round's table, the player's row and the rows around it."""
    if not rnd.is_final:
        raise ApplicationError("The round is not settled yet.", code="not_settled", status_code=409)
    rows = WeeklyStanding.objects.filter(round=rnd)
    token = season_token(rnd.season_id)
    prefix = f"game:round:{rnd.pk}:{rnd.settlement_version}:{token}"
    cached_page = cached(
        f"{prefix}:page:{page}:{page_size}",
        lambda: _counted_page(rows, WEEKLY_ROW, page, page_size),
    )
    me, around = _me_and_around(WeeklyStanding, "round_id", rnd.pk, player.pk, WEEKLY_ROW)
    return Table(cached_page["count"], page, page_size, cached_page["results"], me, around)


def rank_history(*, season: Season, player_id: int) -> list[dict[str, Any]]:
    """The player's points and rank in each final round, and their season rank after it."""
    rows = (
        WeeklyStanding.objects.filter(player_id=player_id, round__season=season)
        .order_by("round__number")
        .values("round_id", "round__number", "points", "rank", "season_points", "season_rank")
    )
    return [dict(row) for row in rows]


def table_search(*, season: Season, query: str) -> list[dict[str, Any]]:
    """Players of the season's table whose display name starts with `query` (best first)."""
    fields = SEASON_ROW + SEASON_ROW_MORE
    rows = (
        Standing.objects.filter(
            season=season, rank__isnull=False, player__display_name__istartswith=query
        )
        .order_by("rank", "player_id")
        .values(*fields)[:SEARCH_LIMIT]
    )
    return [_row(r) for r in rows]
