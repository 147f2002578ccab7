"""A league's season table: every member's cumulative standing, ranked inside the league,
with the movement since the season's last settled round."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection

from backend.accounts.models import User, public_name
from backend.game.cache import cached, retire_token, season_token_key, tokens
from backend.game.models import Round, RoundScore, Season, Standing
from backend.game.selectors import season_current, season_get
from backend.leagues.models import League, Membership

from .frames import league_ranks

TOTALS = ["points", "wins", "best", "rounds_played", "global_rank"]


@dataclass(frozen=True, slots=True)
class TableRow:
    player_id: int
    name: str
    role: str
    rank: int
    previous_rank: int | None
    movement: int | None  # previous_rank - rank: positive means up; None before round 2
    points: int
    wins: int
    best: int
    rounds_played: int
    global_rank: int | None

    def __reduce__(self) -> tuple[type[TableRow], tuple[object, ...]]:
        # Pickled as its fields in order (a cached table holds a thousand rows): ten
        # times faster both ways than the dataclass's own state dictionaries.
        return (TableRow, _ROW_FIELDS(self))


_ROW_FIELDS = attrgetter(*(field.name for field in fields(TableRow)))


@dataclass(frozen=True, slots=True)
class LeagueTable:
    league: League
    season: Season | None
    last_round: Round | None
    rows: list[TableRow]


def season_for_table(*, season_id: int | None) -> Season | None:
    """The season asked for (404 if unknown or a draft), else the current one (the latest
    active season, or the latest finished one); None before any season."""
    if season_id is not None:
        return season_get(season_id=season_id)
    return (
        season_current()
        or Season.objects.filter(status=Season.Status.FINISHED)
        .order_by("-starts_on", "-id")
        .first()
    )


def last_settled_round(season: Season) -> Round | None:
    return (
        Round.objects.filter(season=season, status=Round.Status.SETTLED)
        .select_related("race")
        .order_by("-number", "-id")
        .first()
    )


def _earlier_round_ids(season: Season, last: Round) -> list[int]:
    """The season's final rounds other than `last`: where a best round before it is."""
    return list(
        Round.objects.filter(season=season, status__in=(Round.Status.SETTLED, Round.Status.VOID))
        .exclude(pk=last.pk)
        .order_by()
        .values_list("pk", flat=True)
    )


PLAYERS_PER_QUERY = 900  # under SQLite's oldest limit of bound parameters


def _member_rows(
    league_ids: Sequence[int], season: Season | None, last: Round | None, earlier: list[int]
) -> list[tuple[object, ...]]:
    """One row per membership: the member, their public name, their standing (NULLs
    without one), their score in `last`, and their best score in the `earlier` rounds.

    The members first (the league index), then the rest looked up by their ids: index
    lookups only, never a scan of a season's tables or of every user (one query over the
    memberships and the rest together gets planned as such scans). On PostgreSQL the ids
    go as one array (one statement whatever the league's size); SQLite takes them in
    chunks under its limit of bound parameters."""
    members = list(
        Membership.objects.filter(league_id__in=league_ids)
        .order_by()
        .values_list("league_id", "player_id", "role")
    )
    player_ids = sorted({player_id for _, player_id, _ in members})
    per_query = len(player_ids) or 1 if connection.vendor == "postgresql" else PLAYERS_PER_QUERY
    found: dict[object, tuple[object, ...]] = {}
    for start in range(0, len(player_ids), per_query):
        chunk = player_ids[start : start + per_query]
        for row in _player_rows(chunk, season, last, earlier):
            found[row[0]] = row[1:]
    missing = (None,) * 10
    return [(*member, *found.get(member[1], missing)) for member in members]


def _player_rows(
    player_ids: list[int], season: Season | None, last: Round | None, earlier: list[int]
) -> list[tuple[object, ...]]:
    qn = connection.ops.quote_name
    tables = {model: qn(model._meta.db_table) for model in (User, Standing, RoundScore)}
    player_params: list[Any]
    earlier_params: list[Any]
    standing = f"{tables[Standing]} s ON s.season_id = %s AND s.player_id = u.id"
    last_score = f"{tables[RoundScore]} l ON l.round_id = %s AND l.player_id = u.id"
    if connection.vendor == "postgresql":
        players, player_params = "= ANY(%s)", [player_ids]
        earlier_in, earlier_params = "= ANY(%s)", [earlier]
        # LATERAL (LIMIT 1 keeps it from being folded back into a join): one index lookup
        # per member, whatever the planner estimates for a thousand ids; a plain join got
        # planned as a scan of the season's standings.
        standing = (
            f"LATERAL (SELECT * FROM {tables[Standing]} s0 WHERE s0.season_id = %s "  # noqa: S608 - quoted identifiers
            "AND s0.player_id = u.id LIMIT 1) s ON TRUE"
        )
        last_score = (
            f"LATERAL (SELECT * FROM {tables[RoundScore]} l0 WHERE l0.round_id = %s "  # noqa: S608 - quoted identifiers
            "AND l0.player_id = u.id LIMIT 1) l ON TRUE"
        )
    else:
        players, player_params = f"IN ({', '.join(['%s'] * len(player_ids))})", [*player_ids]
        earlier_in = f"IN ({', '.join(['%s'] * len(earlier)) or 'NULL'})"
        earlier_params = [*earlier]
    sql = (
        "SELECT u.id, u.display_name, s.player_id, s.points, s.wins, s.best, "  # noqa: S608 - quoted identifiers
        "s.rounds_played, s.rank, l.points, l.win_hit, "
        f"(SELECT MAX(e.points) FROM {tables[RoundScore]} e "
        f"WHERE e.player_id = u.id AND e.round_id {earlier_in}) "
        f"FROM {tables[User]} u LEFT JOIN {standing} LEFT JOIN {last_score} "
        f"WHERE u.id {players}"
    )
    params = [
        *earlier_params,
        season.pk if season is not None else None,
        last.pk if last is not None else None,
        *player_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_NUMBERS = [
    "league_id", "player_id", "standing", "points", "wins", "best", "rounds_played",
    "global_rank", "last_points", "last_win", "earlier_best",
]  # fmt: skip
_COLUMNS = [*_NUMBERS[:2], "role", "display_name", *_NUMBERS[2:]]


def _frames(rows: list[tuple[object, ...]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table (members, names and totals; no standing: zeros and global rank 0) and,
    per row, the totals before the last settled round: the standing less that round's
    score, the best round the best of the others (no standing: zeros).

    Built column by column with numpy: a league's thousand rows cost a tenth of what
    pandas takes to infer and convert the same rows."""
    by_name = dict(zip(_COLUMNS, zip(*rows, strict=True), strict=True)) if rows else {}
    raw = {
        name: np.fromiter(
            (0 if value is None else int(value) for value in by_name.get(name, ())),
            dtype=np.int64,
            count=len(rows),
        )
        for name in _NUMBERS
    }
    player_ids = raw["player_id"].tolist()
    names = [
        public_name(str(name or ""), pk)
        for name, pk in zip(by_name.get("display_name", ()), player_ids, strict=True)
    ]
    table = pd.DataFrame(
        {
            "league_id": raw["league_id"],
            "player_id": raw["player_id"],
            "role": pd.Series(list(by_name.get("role", ())), dtype="object"),
            "name": pd.Series(names, dtype="object"),
            **{name: raw[name] for name in TOTALS},
        }
    )
    has = raw["standing"] > 0
    previous = pd.DataFrame(
        {
            "league_id": raw["league_id"],
            "points": np.where(has, raw["points"] - raw["last_points"], 0),
            "wins": np.where(has, raw["wins"] - raw["last_win"], 0),
            "best": np.where(has, np.maximum(raw["earlier_best"], 0), 0),
        }
    )
    return table, previous


def _has_previous(season: Season | None, last: Round | None) -> bool:
    """Whether a settled round precedes `last`: before it, everyone was level."""
    return bool(
        season is not None
        and last is not None
        and Round.objects.filter(
            season=season, status=Round.Status.SETTLED, number__lt=last.number
        ).exists()
    )


def _table_rows(table: pd.DataFrame, *, has_previous: bool) -> Iterator[tuple[int, TableRow]]:
    """(league id, row) for each row of the ranked and sorted `table`."""
    columns = {name: table[name].to_numpy().tolist() for name in table.columns}
    for i, league_id in enumerate(columns["league_id"]):
        rank = int(columns["rank"][i])
        previous_rank = int(columns["previous_rank"][i]) if has_previous else None
        yield (
            int(league_id),
            TableRow(
                player_id=int(columns["player_id"][i]),
                name=str(columns["name"][i]),
                role=str(columns["role"][i]),
                rank=rank,
                previous_rank=previous_rank,
                movement=previous_rank - rank if previous_rank is not None else None,
                points=int(columns["points"][i]),
                wins=int(columns["wins"][i]),
                best=int(columns["best"][i]),
                rounds_played=int(columns["rounds_played"][i]),
                global_rank=int(columns["global_rank"][i]) or None,
            ),
        )


def league_tables(*, leagues: Sequence[League], season: Season | None) -> dict[int, LeagueTable]:
    """The season tables of several leagues at once (keyed by league pk).

    Members who never played have 0 points and share the last rank. Movement compares
    the league rank before the season's last settled round with the rank now; it is None
    until a second round is settled (before the first, everyone was level).
    """
    league_ids = [league.pk for league in leagues]
    last = last_settled_round(season) if season is not None else None
    has_previous = _has_previous(season, last)
    earlier = (
        _earlier_round_ids(season, last)
        if season is not None and last is not None and has_previous
        else []
    )
    league_ids = [league.pk for league in leagues]
    table, previous = _frames(_member_rows(league_ids, season, last, earlier))
    table["rank"] = league_ranks(table)
    if has_previous and len(table):
        table["previous_rank"] = league_ranks(previous).to_numpy()
    else:
        table["previous_rank"] = np.zeros(len(table), dtype=np.int64)
    # Ties in the order of the global table: rank, then player id.
    table = table.sort_values(["league_id", "rank", "player_id"], kind="stable")
    result = {
        league.pk: LeagueTable(league=league, season=season, last_round=last, rows=[])
        for league in leagues
    }
    for league_id, row in _table_rows(table, has_previous=has_previous):
        result[league_id].rows.append(row)
    return result


def league_token_key(league_id: int) -> str:
    return f"leagues:league:{league_id}:token"


def league_table_changed(league_id: int) -> None:
    """Retire the league's cached tables (call on commit of a change of its members)."""
    retire_token(league_token_key(league_id))


def league_table(*, league: League, season: Season | None) -> LeagueTable:
    """One league's season table, cached until a settlement of the season (its token) or a
    change of the league's members or roles (the league's token) retires it.

    A warm read is two cache round trips (both tokens, then the table); a cold one
    computes the table as `league_tables` does, in a handful of queries.
    """
    if season is None:
        return league_tables(leagues=[league], season=season)[league.pk]
    season_token, league_token = tokens([season_token_key(season.pk), league_token_key(league.pk)])
    key = f"leagues:table:{league.pk}:{season.pk}:{season_token}:{league_token}"

    def compute() -> tuple[Round | None, list[TableRow]]:
        table = league_tables(leagues=[league], season=season)[league.pk]
        return table.last_round, table.rows

    last_round, rows = cached(key, compute)
    return LeagueTable(league=league, season=season, last_round=last_round, rows=rows)
