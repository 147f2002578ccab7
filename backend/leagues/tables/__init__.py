"""League tables: the game's standings of a league's members, ranked inside the league.

Leagues keep no foreign key to the game: these reads join the game's tables by player
id. Ranking is always `scoring.rank_within` over one DataFrame holding every requested
league's rows (league_id is the group), so computing many leagues costs one pass, in the
same order as the global table: points, then winning win-selections, then best round.

`season` holds the season table (cumulative standings, movement since the last settled
round), `rounds` what one round shows the league; `frames` the reads both share.
"""

from __future__ import annotations

from .rounds import RoundRow, RoundTable, league_round_table, round_for_table
from .season import (
    LeagueTable,
    TableRow,
    league_table,
    league_table_changed,
    league_tables,
    season_for_table,
)

__all__ = [
    "LeagueTable",
    "RoundRow",
    "RoundTable",
    "TableRow",
    "league_round_table",
    "league_table",
    "league_table_changed",
    "league_tables",
    "round_for_table",
    "season_for_table",
]
