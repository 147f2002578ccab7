"""A league's season table: every member's cumulative standing, ranked inside the league,
with the movement since the season's last settled round."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db.models import Max

from backend.game.models import Round, RoundScore, Season, Standing
from backend.game.selectors import season_current, season_get
from backend.leagues.models import League

from .frames import RANK_KEYS, int_frame, league_ranks, members_frame, with_names

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
        .order_by("-number", "-id")
        .first()
    )


def _totals(season: Season | None, player_ids: list[int]) -> pd.DataFrame:
    columns = ["player_id", *TOTALS]
    if season is None or not player_ids:
        return int_frame([], columns)
    rows = list(
        Standing.objects.filter(season=season, player_id__in=player_ids).values_list(
            "player_id", "points", "wins", "best", "rounds_played", "rank"
        )
    )
    # An unranked standing (rank NULL) becomes 0, turned back into None on output.
    return int_frame([(*row[:5], row[5] or 0) for row in rows], columns)


def _previous_totals(
    season: Season, last: Round, player_ids: list[int], totals: pd.DataFrame
) -> pd.DataFrame:
    """Each player's totals before `last` counted (one row per player with a standing):
    the standing minus that round's score; the best round becomes the best of the season's
    other final rounds."""
    last_scores = int_frame(
        [
            (player_id, points, int(win_hit))
            for player_id, points, win_hit in RoundScore.objects.filter(
                round=last, player_id__in=player_ids
            ).values_list("player_id", "points", "win_hit")
        ],
        ["player_id", "last_points", "last_win"],
    )
    earlier_best = int_frame(
        list(
            RoundScore.objects.filter(
                round__season=season,
                round__status__in=(Round.Status.SETTLED, Round.Status.VOID),
                player_id__in=player_ids,
            )
            .exclude(round=last)
            .values("player_id")
            .annotate(best=Max("points"))
            .values_list("player_id", "best")
        ),
        ["player_id", "earlier_best"],
    )
    merged = (
        totals[["player_id", "points", "wins"]]
        .merge(last_scores, on="player_id", how="left")
        .merge(earlier_best, on="player_id", how="left")
        .fillna(0)
    )
    return pd.DataFrame(
        {
            "player_id": merged["player_id"].astype("int64"),
            "points": (merged["points"] - merged["last_points"]).astype("int64"),
            "wins": (merged["wins"] - merged["last_win"]).astype("int64"),
            "best": merged["earlier_best"].clip(lower=0).astype("int64"),
        }
    )


def _has_previous(season: Season | None, last: Round | None) -> bool:
    """Whether a settled round precedes `last`: before it, everyone was level."""
    return bool(
        season is not None
        and last is not None
        and Round.objects.filter(
            season=season, status=Round.Status.SETTLED, number__lt=last.number
        ).exists()
    )


def _previous_ranks(
    table: pd.DataFrame, season: Season, last: Round, player_ids: list[int], totals: pd.DataFrame
) -> np.ndarray:
    """Each row's league rank before `last` counted."""
    previous = _previous_totals(season, last, player_ids, totals)
    zeros = dict.fromkeys(RANK_KEYS, 0)
    before = (
        table[["league_id", "player_id"]]
        .merge(previous, on="player_id", how="left")
        .fillna(zeros)
        .astype(dict.fromkeys(RANK_KEYS, "int64"))
    )
    return league_ranks(before).to_numpy()


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
    members = members_frame([league.pk for league in leagues])
    player_ids = sorted({int(p) for p in members["player_id"].unique()})
    totals = _totals(season, player_ids)
    table = members.merge(totals, on="player_id", how="left").fillna(dict.fromkeys(TOTALS, 0))
    table = table.astype(dict.fromkeys(TOTALS, "int64"))
    table["rank"] = league_ranks(table)

    last = last_settled_round(season) if season is not None else None
    has_previous = _has_previous(season, last)
    if season is not None and last is not None and has_previous and len(table):
        table["previous_rank"] = _previous_ranks(table, season, last, player_ids, totals)
    else:
        table["previous_rank"] = np.zeros(len(table), dtype=np.int64)

    table = with_names(table, player_ids)
    table = table.sort_values(["league_id", "rank", "name", "player_id"], kind="stable")
    result = {
        league.pk: LeagueTable(league=league, season=season, last_round=last, rows=[])
        for league in leagues
    }
    for league_id, row in _table_rows(table, has_previous=has_previous):
        result[league_id].rows.append(row)
    return result


def league_table(*, league: League, season: Season | None) -> LeagueTable:
    return league_tables(leagues=[league], season=season)[league.pk]
