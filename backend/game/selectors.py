"""The game's reads: rounds and their cards, picks, results, crowd and ranking tables.

Every "is it locked yet?" question is answered by the database clock (`Now()` in SQL), the
same clock that refuses late picks, so nothing private shows a second early.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Now
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backend.accounts.models import User, public_name
from backend.common.db import is_postgres
from backend.common.errors import ApplicationError, get_or_404
from backend.racing.models import Dividend, Race, Runner
from backend.racing.selectors import silks_path

from .cache import cached, cached_here, season_token
from .conf import game_settings
from .explain import explain_score
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
    """A visible round with its card, or 404 `not_found`."""
    return get_or_404(_with_card(_rounds()), _("No such round."), pk=round_id)


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


def result_expected_at(rnd: Round) -> datetime:
    """When a locked round's official result is usually in."""
    return rnd.race.post_time + timedelta(minutes=game_settings().result_expected_minutes)


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


def settleable_round_ids(*, race: Race) -> list[int]:
    """The rounds on `race` that its result settles (not drafts, not voided ones)."""
    settleable = (Round.Status.OPEN, Round.Status.LOCKED, Round.Status.SETTLED)
    return list(Round.objects.filter(race=race, status__in=settleable).values_list("id", flat=True))


MIN_STARTERS = 4  # below 4 starters no place is paid


def feature_warnings(*, race: Race, now: datetime) -> list[str]:
    """What an operator featuring `race` (or reading its draft round's board) should know,
    without the game refusing: a short card, a post time already past."""
    warnings: list[str] = []
    starters = Runner.objects.filter(race=race).exclude(status=Runner.Status.NON_RUNNER).count()
    if starters < MIN_STARTERS:
        warnings.append(
            ngettext(
                "The card has %(starters)d runner: fewer than %(min)d, no place is paid.",
                "The card has %(starters)d runners: fewer than %(min)d, no place is paid.",
                starters,
            )
            % {"starters": starters, "min": MIN_STARTERS}
        )
    if race.post_time <= now:
        warnings.append(_("The race's post time is in the past: picks are locked from the start."))
    return warnings


def scores_reflect(rnd: Round, race: Race, *, void: bool) -> bool:
    """The round's scores already reflect its race's current result (or its void)."""
    status = Round.Status.VOID if void else Round.Status.SETTLED
    return (
        rnd.status == status
        and rnd.settled_result_version == race.result_version
        and rnd.settlement_version > 0
    )


def settle_refusal(rnd: Round, race: Race, *, void: bool, now: datetime) -> ApplicationError | None:
    """Why the round cannot be settled now, or None: a draft has no picks; otherwise a void
    settles at once, a result once official and past the lock."""
    if rnd.status == Round.Status.DRAFT and not rnd.operator_void:
        return ApplicationError(
            _("A draft round has no picks to settle."), code="not_open", status_code=409
        )
    if void:
        return None
    if race.status != Race.Status.OFFICIAL:
        return ApplicationError(
            _("The race has no official result yet."), code="no_official_result", status_code=409
        )
    if now < rnd.locks_at:
        return ApplicationError(
            _("The round is not locked yet."), code="not_locked", status_code=409
        )
    return None


def settlement_due(rnd: Round, race: Race, *, now: datetime) -> bool:
    """Settling the round now would write something: it may be settled (`settle_refusal`)
    and its scores do not reflect its result (or its void) yet."""
    void = rnd.settles_void(race)
    if settle_refusal(rnd, race, void=void, now=now) is not None:
        return False
    return not scores_reflect(rnd, race, void=void)


def scores_of(*, player: User, round_ids: list[int]) -> dict[int, RoundScore]:
    return {s.round_id: s for s in RoundScore.objects.filter(player=player, round_id__in=round_ids)}


# --- after the lock: the crowd, the result ---------------------------------------------------


def crowd_distribution(*, rnd: Round) -> dict[str, Any]:
    """Share of picks on each runner, win and place. Only after the lock (else 403).

    Picks cannot change after the lock, so the distribution is cached for the round.
    """
    if not round_is_locked(rnd):
        raise ApplicationError(
            _("The crowd's picks are shown once the round locks."),
            code="not_locked",
            status_code=403,
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
    disqualified: list[int]
    my_score: RoundScore | None
    my_pick: Pick | None
    explanation: dict[str, Any] | None = None


def round_result(*, rnd: Round, player: User) -> RoundResult:
    """The settled round's result: finish order, dividends, the player's score (else 409)."""
    if not rnd.is_final:
        raise ApplicationError(
            _("The round is not settled yet."), code="not_settled", status_code=409
        )
    runners = list(Runner.objects.filter(race_id=rnd.race_id).order_by("position", "number"))
    finish = [
        {
            "position": r.position,
            "number": r.number,
            "name": r.name,
            "jockey": r.jockey,
            "silks": silks_path(r),
        }
        for r in runners
        if r.position and not r.disqualified
    ]
    dividend_rows = list(Dividend.objects.filter(race_id=rnd.race_id).order_by("kind", "number"))
    dividends = [
        {"kind": d.kind, "number": d.number, "cents": d.cents, "pool": d.pool}
        for d in dividend_rows
    ]
    settled = rnd.status == Round.Status.SETTLED
    score = RoundScore.objects.filter(round=rnd, player=player).first()
    pick = Pick.objects.filter(round=rnd, player=player).first()
    explanation = None
    if settled and score is not None and pick is not None:
        explanation = explain_score(
            pick=pick,
            score=score,
            rules=rnd.season.rules_for(has_dividends=bool(dividend_rows)),
            runners=runners,
            dividends=dividend_rows,
        )
    return RoundResult(
        round=rnd,
        finish=finish,
        dividends=dividends if settled else [],
        non_runners=sorted(r.number for r in runners if r.is_non_runner),
        disqualified=sorted(r.number for r in runners if r.disqualified and not r.is_non_runner),
        my_score=score,
        my_pick=pick,
        explanation=explanation,
    )


# --- seasons and ranking tables --------------------------------------------------------------


def seasons_visible() -> QuerySet[Season]:
    """Seasons players can see: active and finished ones, latest first."""
    return Season.objects.exclude(status=Season.Status.DRAFT)


def season_current() -> Season | None:
    return Season.objects.filter(status=Season.Status.ACTIVE).order_by("-starts_on", "-id").first()


def season_get(*, season_id: int) -> Season:
    """A season players can see, or 404 `not_found`."""
    return get_or_404(seasons_visible(), _("No such season."), pk=season_id)


SEASON_ROW = ("rank", "previous_rank", "player_id", "player__display_name", "points", "wins")
SEASON_ROW_MORE = ("best", "rounds_played")
WEEKLY_ROW = ("rank", "player_id", "player__display_name", "points", "season_points", "season_rank")


def _row(values: dict[str, Any]) -> dict[str, Any]:
    row = dict(values)
    row["display_name"] = public_name(row.pop("player__display_name") or "", row["player_id"])
    return row


CACHED_PAGE_SIZES = frozenset({25, 50, 100, 200})
CACHED_ROWS = 1000
SEEK_FROM = CACHED_ROWS  # pages starting this deep seek their first row (TableRows._fetch)


def cacheable_slice(start: int, stop: int | None, *, count: int | None = None) -> bool:
    """A page worth caching: a usual size, aligned on it, near the top of the table; or
    the table's last page (the paginator cuts it at `count`) starting on such a boundary."""
    if stop is None or stop > CACHED_ROWS:
        return False
    size = stop - start
    if size in CACHED_PAGE_SIZES:
        return start % size == 0
    return stop == count and start % min(CACHED_PAGE_SIZES) == 0


class TableRows:
    """A ranking table's rows as the common paginator reads them: `count()` and slices.

    Each answer is cached under `key` (whose season token a settlement replaces), so a
    warm page costs no query. Every row is a dict of exactly the API's row fields
    (`_row`), so cached rows are served as they are.

    Only the pages people read are cached, so no client can grow the cache: the count, and
    pages of CACHED_PAGE_SIZES rows aligned on their size within the first CACHED_ROWS
    rows (and the last page cut short), at most 116 keys per table. Any other slice is
    read from PostgreSQL each time.
    """

    def __init__(self, rows: QuerySet[Any], fields: tuple[str, ...], key: str) -> None:
        self._rows = rows.order_by("rank", "player_id")
        self._fields = fields
        self._key = key

    def count(self) -> int:
        return cached_here(f"{self._key}:count", self._rows.count)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        start, stop = index.start or 0, index.stop
        if not cacheable_slice(start, stop, count=self.count()):
            return self._fetch(start, stop)
        key = f"{self._key}:rows:{start}:{stop}"
        if start == 0:
            # The first page: what nearly every read asks for.
            return cached_here(key, lambda: self._fetch(start, stop))
        return cached(key, lambda: self._fetch(start, stop))

    def _fetch(self, start: int, stop: int | None) -> list[dict[str, Any]]:
        rows = self._rows
        if start >= SEEK_FROM:
            # A deep page: its first row found on the (scope, rank, player) index alone,
            # then its rows read from there. An OFFSET would join each row it skips to its
            # player (0.64 s for the 20,000th page of 50 at 1,000,000 players; 0.08 s so).
            first = list(rows.values_list("rank", "player_id")[start : start + 1])
            if not first:
                return []
            rank, player_id = first[0]
            rows = rows.filter(Q(rank__gt=rank) | Q(rank=rank, player_id__gte=player_id))
            start, stop = 0, None if stop is None else stop - start
        return [_row(r) for r in rows.values(*self._fields)[start:stop]]


@dataclass
class Table:
    """A ranking table: its rows (paged by the caller), the player's row and those around it."""

    rows: TableRows
    me: dict[str, Any] | None
    around_me: list[dict[str, Any]]


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
    rows = _fetch_prepared(sql, params)
    parts: dict[int, list[dict[str, Any]]] = {-1: [], 0: [], 1: []}
    for part, *values in rows:
        parts[part].append(_row(dict(zip(names, values, strict=True))))
    me = parts[0][0] if parts[0] else None
    return me, [*reversed(parts[-1]), *parts[1]]


PREPARE_THRESHOLD = 5  # psycopg's default


def _fetch_prepared(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Rows of a statement run on every ranking read. On PostgreSQL it is a prepared
    statement: parsed and rewritten once per connection, planned for each player. Only
    prepared statements follow `plan_cache_mode`, and only this cursor prepares (Django's
    own cursors bind on the client)."""
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns preparing off; its client-binding cursors never prepare anyway,
        # so this lets only the server-binding cursor below prepare. Each execution is
        # still planned for its parameters: a generic plan, blind to the player's rank,
        # reads a whole season at a million players.
        raw.prepare_threshold = PREPARE_THRESHOLD
        raw.execute("SET plan_cache_mode = force_custom_plan")
    with psycopg.Cursor(raw) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall()


def seasons_of(*, player_id: int) -> list[int]:
    """The seasons whose table holds the player."""
    return list(Standing.objects.filter(player_id=player_id).values_list("season_id", flat=True))


def season_table(*, season: Season, player: User) -> Table:
    """The season's global table (its pages cached until the next settlement), the
    player's own row and the rows around it (index lookups, never a scan)."""
    rows = Standing.objects.filter(season=season, rank__isnull=False)
    fields = SEASON_ROW + SEASON_ROW_MORE
    key = f"game:season:{season.pk}:{season_token(season.pk)}"
    me, around = _me_and_around(Standing, "season_id", season.pk, player.pk, fields)
    return Table(TableRows(rows, fields, key), me, around)


def weekly_table(*, rnd: Round, player: User) -> Table:
    """One settled round's table, the player's row and the rows around it."""
    if not rnd.is_final:
        raise ApplicationError(
            _("The round is not settled yet."), code="not_settled", status_code=409
        )
    rows = WeeklyStanding.objects.filter(round=rnd)
    key = f"game:round:{rnd.pk}:{rnd.settlement_version}:{season_token(rnd.season_id)}"
    me, around = _me_and_around(WeeklyStanding, "round_id", rnd.pk, player.pk, WEEKLY_ROW)
    return Table(TableRows(rows, WEEKLY_ROW, key), me, around)


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


# --- the operator's view of rounds -----------------------------------------------------------


def seasons_all() -> QuerySet[Season]:
    """Every season, drafts included (the operator's list)."""
    return Season.objects.all()


def operator_season_get(*, season_id: int) -> Season:
    return get_or_404(seasons_all(), _("No such season."), pk=season_id)


def races_all() -> QuerySet[Race]:
    """Every race, for the operator to feature."""
    return Race.objects.all()


def operator_rounds() -> QuerySet[Round]:
    """Every round, drafts included, with its race (the operator's list)."""
    return Round.objects.select_related("race__meeting")


def _count_of(model: type[Pick] | type[RoundScore]) -> Any:
    """The round's rows of `model`, counted on the (round, player) index alone: unordered,
    or the model's default ordering (by round, then player id) joins the rounds table
    into the count."""
    rows = model.objects.filter(round=OuterRef("pk")).order_by().values("round")
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0)


def operator_round_get(*, round_id: int) -> Round:
    """One round with its pick and score counts (counted here only, not in the list)."""
    rounds = operator_rounds().annotate(
        picks_count=_count_of(Pick), scores_count=_count_of(RoundScore)
    )
    return get_or_404(rounds, _("No such round."), pk=round_id)


# --- the visitors' showcase ------------------------------------------------------------------

SHOWCASE_TOP = 5
SHOWCASE_ROUNDS = 3


@dataclass
class Showcase:
    """What a visitor sees of the week: the active season, its current rounds and the top
    of its table (display names only)."""

    season: Season | None
    rounds: Sequence[Round]
    top: list[dict[str, Any]]


def showcase() -> Showcase:
    """The week for visitors: the current rounds (open or awaiting their result, soonest
    first) and the first rows of the active season's table, read from the same cached
    page the players' table serves."""
    rounds = list(
        _rounds()
        .filter(status__in=(Round.Status.OPEN, Round.Status.LOCKED))
        .annotate(runner_count=Count("race__runners"))
        .order_by("locks_at", "id")[:SHOWCASE_ROUNDS]
    )
    season = season_current()
    top: list[dict[str, Any]] = []
    if season is not None:
        rows = Standing.objects.filter(season=season, rank__isnull=False)
        key = f"game:season:{season.pk}:{season_token(season.pk)}"
        table = TableRows(rows, SEASON_ROW + SEASON_ROW_MORE, key)
        top = table[0 : min(CACHED_PAGE_SIZES)][:SHOWCASE_TOP]
    return Showcase(season=season, rounds=rounds, top=top)
