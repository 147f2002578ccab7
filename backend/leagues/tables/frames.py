"""What both league tables read: the members of leagues as a DataFrame, the names other
players see, and the one ranking inside each league."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

import scoring
from backend.accounts.models import User, public_name
from backend.leagues.models import Membership

# The global table's order: points, then winning win-selections, then best round.
RANK_KEYS = ["points", "wins", "best"]


def members_frame(league_ids: Sequence[int]) -> pd.DataFrame:
    """One row per membership: league_id, player_id, role; each league's in the order its
    members joined (by the league's id, not its name: no join of the leagues table)."""
    rows = list(
        Membership.objects.filter(league_id__in=league_ids)
        .order_by("league_id", "joined_at", "id")
        .values_list("league_id", "player_id", "role")
    )
    return pd.DataFrame(rows, columns=["league_id", "player_id", "role"]).astype(
        {"league_id": "int64", "player_id": "int64", "role": "object"}
    )


def int_frame(rows: list[tuple[object, ...]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns).astype(dict.fromkeys(columns, "int64"))


def league_ranks(table: pd.DataFrame) -> pd.Series:
    """Each row's rank inside its league (ties share a rank: 1, 2, 2, 4)."""
    return scoring.rank_within(table[[*RANK_KEYS, "league_id"]])


def with_names(table: pd.DataFrame, player_ids: Sequence[int]) -> pd.DataFrame:
    """`table` with each player's `name` as other players see it, as in the game's tables:
    never an email address."""
    names = {
        pk: public_name(display_name, pk)
        for pk, display_name in User.objects.filter(pk__in=player_ids).values_list(
            "pk", "display_name"
        )
    }
    return table.assign(name=table["player_id"].map(names).fillna(""))
