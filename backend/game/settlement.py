"""The settlement pipeline's steps: picks in, scores out, standings recomputed.

`services.round_settle` chains these inside one transaction. Each step moves a whole
round or season as one DataFrame (see `bulk`): the work per pick happens in numpy, in
`scoring.settle` and `scoring.rank`, never in a Python loop over rows or model instances.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from django.db import connection

import scoring
from backend.common import db as bulk
from backend.common import delta
from backend.racing.models import Dividend, Race, Runner

from .models import Pick, Round, RoundScore, Standing, WeeklyStanding

# Each column in the narrowest dtype its model field allows: a million rows stay small.
PICK_DTYPES = {"player_id": "int64", "win": "int16", "place": "int16", "alternate": "Int16"}
TOTAL_DTYPES = {
    "player_id": "int64",
    "points": "int64",
    "wins": "int32",
    "best": "int32",
    "rounds_played": "int32",
}
FINAL = (Round.Status.SETTLED.value, Round.Status.VOID.value)
ALL_ROUNDS = 32767  # above any round number: "the whole season so far"


def load_picks(round_id: int, span: tuple[int, int] | None = None) -> pd.DataFrame:
    """Every pick of the round (of the players whose ids are in `span`, lo and hi included),
    in one query, in player order: player_id, win, place, alternate."""
    condition, params = bulk.slice_condition(
        {"round_id": round_id}, ("player_id", *span) if span else None
    )
    picks = bulk.read_frame(
        f"SELECT player_id, win, place, alternate FROM {bulk.table_of(Pick)} WHERE {condition}",  # noqa: S608 - identifiers from model metadata
        params,
        PICK_DTYPES,
    )
    return by_player(picks)


def by_player(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame in player order (as it is when it already is): every table written from
    it then fills its (slice, player) index from left to right."""
    if frame["player_id"].is_monotonic_increasing:
        return frame
    order = np.argsort(frame["player_id"].to_numpy(), kind="stable")
    return frame.take(order).reset_index(drop=True)


def race_result(race: Race, *, void: bool, picked: set[int]) -> scoring.RaceResult:
    """The race's stored result as the engine takes it.

    The favourite is the starter with the lowest odds, ties to the lower saddle number.
    Saddle numbers picked but absent from the card (a runner deleted after the picks)
    count as non-runners, so their picks move like any withdrawn selection.
    """
    runners = list(
        Runner.objects.filter(race=race).values_list(
            "number", "status", "odds", "position", "coupled", "disqualified"
        )
    )
    card = {number for number, *_ in runners}
    non_runners = {n for n, status, *_ in runners if status == Runner.Status.NON_RUNNER}
    starters = card - non_runners
    strangers = picked - card
    finish = {
        n: position
        for n, _, _, position, _, disqualified in runners
        if n in starters and position and not disqualified
    }
    priced = [(odds, n) for n, _, odds, *_ in runners if n in starters and odds is not None]
    favourite = min(priced)[1] if priced else None
    win: dict[int, int] = {}
    place: dict[int, int] = {}
    if not void:
        for kind, number, cents in Dividend.objects.filter(race=race).values_list(
            "kind", "number", "cents"
        ):
            (win if kind == Dividend.Kind.WIN else place)[number] = cents
    return scoring.RaceResult(
        runners=frozenset(card | strangers),
        finish=finish if not void else {},
        non_runners=frozenset(non_runners | strangers),
        win_dividends=win,
        place_dividends=place,
        favourite=favourite,
        coupled={n: entry for n, _, _, _, entry, _ in runners if entry},
        void=void,
    )


def has_dividends(result: scoring.RaceResult) -> bool:
    """Whether the result holds any dividend: without one it is scored in fixed mode
    (`Season.rules_for`)."""
    return bool(result.win_dividends or result.place_dividends)


def picked_numbers(picks: pd.DataFrame) -> set[int]:
    values = [picks["win"].to_numpy(), picks["place"].to_numpy()]
    values.append(picks["alternate"].dropna().to_numpy(dtype=np.int64))
    return {int(n) for n in np.unique(np.concatenate(values))} if len(picks) else set()


def score_frame(picks: pd.DataFrame, settled: pd.DataFrame) -> pd.DataFrame:
    """One round's RoundScore rows (by column name; the round and the settlement version
    are added as they are written) from the picks and `scoring.settle`'s output, in the
    model fields' own widths."""
    win_runner = settled["win_runner"].to_numpy().astype(np.int16)
    place_runner = settled["place_runner"].to_numpy().astype(np.int16)
    return pd.DataFrame(
        {
            "player_id": settled["player_id"].to_numpy(),
            "win_runner": win_runner,
            "place_runner": place_runner,
            "win_points": settled["win_points"].to_numpy().astype(np.int32),
            "place_points": settled["place_points"].to_numpy().astype(np.int32),
            "points": settled["points"].to_numpy().astype(np.int32),
            "win_hit": settled["win_hit"].to_numpy(),
            "place_hit": settled["place_hit"].to_numpy(),
            "win_substituted": win_runner != picks["win"].to_numpy(),
            "place_substituted": place_runner != picks["place"].to_numpy(),
        },
        copy=False,
    )


def write_scores(
    scores: pd.DataFrame, *, round_id: int, version: int, span: tuple[int, int] | None = None
) -> delta.Written:
    """The round's RoundScores (those of the players whose ids are in `span`), written by
    difference: a first settlement COPYs them straight in; a correction writes only the
    rows whose values changed (and new and vanished ones), which take `version` as their
    `settlement_version`, the others keeping theirs; the same result settled again writes
    nothing (the rows keep their ids). Changed rows are updated in place however many they
    are: no indexed column changes and the table's pages keep room (fillfactor, migration
    game/0005), so on PostgreSQL each update is heap-only (HOT)."""
    return delta.sync_rows(
        RoundScore,
        scores,
        where={"round_id": round_id},
        key="player_id",
        span=span,
        stamp={"settlement_version": version},
        in_place=True,
    )


def picked_in_round(round_id: int) -> set[int]:
    """Every saddle number picked in the round (win, place or alternate), by SQL."""
    table = bulk.table_of(Pick)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT win FROM {table} WHERE round_id = %s UNION SELECT place FROM {table} "  # noqa: S608 - identifiers from model metadata
            f"WHERE round_id = %s UNION SELECT alternate FROM {table} WHERE round_id = %s "
            "AND alternate IS NOT NULL",
            [round_id, round_id, round_id],
        )
        return {int(row[0]) for row in cursor.fetchall()}


def player_span(round_id: int) -> tuple[int, int] | None:
    """The lowest and highest player id with a pick or a score in the round."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(p), MAX(p) FROM (SELECT MIN(player_id) p FROM {bulk.table_of(Pick)} "  # noqa: S608 - identifiers from model metadata
            f"WHERE round_id = %s UNION ALL SELECT MAX(player_id) FROM {bulk.table_of(Pick)} "
            f"WHERE round_id = %s UNION ALL SELECT MIN(player_id) FROM {bulk.table_of(RoundScore)} "
            f"WHERE round_id = %s UNION ALL SELECT MAX(player_id) FROM {bulk.table_of(RoundScore)} "
            "WHERE round_id = %s) ends",
            [round_id] * 4,
        )
        low, high = cursor.fetchone()
    return None if low is None else (int(low), int(high))


def load_scores(round_id: int) -> pd.DataFrame:
    """The round's stored scores as the weekly table takes them: player_id, points, win_hit."""
    return by_player(
        bulk.read_frame(
            "SELECT player_id, points, CASE WHEN win_hit THEN 1 ELSE 0 END "  # noqa: S608 - identifiers from model metadata
            f"FROM {bulk.table_of(RoundScore)} WHERE round_id = %s",
            [round_id],
            {"player_id": "int64", "points": "int32", "win_hit": "int8"},
        )
    )


def season_totals(season_id: int, upto_number: int = ALL_ROUNDS) -> pd.DataFrame:
    """Each player's season so far, aggregated in SQL over the final rounds' scores.

    Columns: player_id, points, wins (winning win-selections), best (best round),
    rounds_played; in player order. Rounds numbered above `upto_number` are left out.
    """
    scores = bulk.table_of(RoundScore)
    rounds = bulk.table_of(Round)
    return by_player(
        bulk.read_frame(
            "SELECT s.player_id, SUM(s.points), SUM(CASE WHEN s.win_hit THEN 1 ELSE 0 END), "  # noqa: S608 - identifiers from model metadata
            f"MAX(s.points), COUNT(*) FROM {scores} s INNER JOIN {rounds} r ON r.id = s.round_id "
            "WHERE r.season_id = %s AND r.status IN (%s, %s) AND r.number <= %s "
            "GROUP BY s.player_id",
            [season_id, *FINAL, upto_number],
            TOTAL_DTYPES,
        )
    )


def ranked(table: pd.DataFrame) -> pd.DataFrame:
    """The table with its competition `rank` (scoring.rank: points, wins, best)."""
    return table.assign(rank=scoring.rank(table).to_numpy().astype(np.int32))


STANDING_VALUES = ["points", "wins", "best", "rounds_played", "rank", "previous_rank"]


def last_scored_number(season_id: int) -> int | None:
    """The number of the season's last round scored (settled, not void), or None."""
    return (
        Round.objects.filter(season_id=season_id, status=Round.Status.SETTLED)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )


def write_standings(
    season_id: int,
    totals: pd.DataFrame,
    *,
    first_settlement: bool,
    before: pd.DataFrame | None = None,
) -> delta.Written:
    """Make every player's Standing of the season match the ranked totals (only the rows
    that changed are written).

    `previous_rank` is the rank before the season's last round scored counted. On that
    round's first settlement it takes the rank being replaced; its re-settlement (same or
    corrected result), and a void round's that scored nobody before, keep it, so running
    a settlement twice writes the same rows and a void round leaves the movement of the
    last round scored. Any other settlement (an older round's, a scored round voided)
    gives `before`: the season ranked without its last round scored, recomputed, whose
    ranks it takes (NULL for a player absent from it).
    """
    where = {"season_id": season_id}
    current = delta.current_rows(Standing, ["player_id", *STANDING_VALUES], where=where)
    keys = totals["player_id"].to_numpy()
    if before is not None:
        found, at = delta.lookup(keys, before["player_id"].to_numpy())
        previous = delta.gathered(before["rank"], found, at)
    else:
        found, at = delta.lookup(keys, current["player_id"].to_numpy())
        stored = current["rank" if first_settlement else "previous_rank"]
        previous = delta.gathered(stored, found, at)
    rows = pd.DataFrame(
        {
            "player_id": totals["player_id"].to_numpy(),
            "points": totals["points"].to_numpy(),
            "wins": totals["wins"].to_numpy(),
            "best": totals["best"].to_numpy(),
            "rounds_played": totals["rounds_played"].to_numpy(),
            "rank": totals["rank"].to_numpy(),
            "previous_rank": previous,
        },
        copy=False,
    )
    del found, at, previous
    return delta.sync_rows(Standing, rows, where=where, key="player_id", current=current)


def weekly_frame(scores: pd.DataFrame) -> pd.DataFrame:
    """One round's table ranked like every table: points, winning win, best (= points)."""
    table = pd.DataFrame(
        {
            "player_id": scores["player_id"].to_numpy(),
            "points": scores["points"].to_numpy(),
            "wins": scores["win_hit"].to_numpy().astype(np.int8),
            "best": scores["points"].to_numpy(),
        },
        copy=False,
    )
    return ranked(table)[["player_id", "points", "rank"]]


WEEKLY_VALUES = ["points", "rank", "season_points", "season_rank"]


def load_weekly(round_id: int) -> pd.DataFrame:
    """The round's stored WeeklyStandings: player_id and `WEEKLY_VALUES`."""
    return delta.current_rows(
        WeeklyStanding, ["player_id", *WEEKLY_VALUES], where={"round_id": round_id}
    )


def write_weekly(
    round_id: int,
    weekly: pd.DataFrame,
    season: pd.DataFrame,
    *,
    current: pd.DataFrame | None = None,
) -> delta.Written:
    """The round's WeeklyStanding rows, with the season total and rank after it (only the
    rows that changed are written). `current`: the round's rows as `load_weekly` read
    them, when the caller has them."""
    found, at = delta.lookup(weekly["player_id"].to_numpy(), season["player_id"].to_numpy())
    season_points = delta.gathered(season["points"], found, at).fillna(0)
    season_rank = delta.gathered(season["rank"], found, at)
    rows = pd.DataFrame(
        {
            "player_id": weekly["player_id"].to_numpy(),
            "points": weekly["points"].to_numpy(),
            "rank": weekly["rank"].to_numpy(),
            "season_points": season_points,
            "season_rank": season_rank,
        },
        copy=False,
    )
    del found, at, season_points, season_rank
    return delta.sync_rows(
        WeeklyStanding, rows, where={"round_id": round_id}, key="player_id", current=current
    )
