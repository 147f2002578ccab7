"""An independent scorer: the game's rules (docs/rules.md, the default parimutuel season)
recomputed from the documents the feed served, without any of the project's code.

2 € on each selection; a selection scores 2 * min(dividend per euro, cap) when the
official dividends list it (caps 21.00 WIN, 11.00 PLACE). A non-runner selection moves to
the alternate, else to the post-time favourite (lowest odds among starters, ties to the
lower saddle number). A disqualified horse started: it is simply unplaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STAKE = 2
WIN_CAP, PLACE_CAP = 2100, 1100


@dataclass(frozen=True)
class Outcome:
    win: dict[int, int]  # saddle number -> cents per euro
    place: dict[int, int]
    non_runners: frozenset[int]
    favourite: int | None


@dataclass(frozen=True)
class Score:
    points: int
    win_hit: bool


def _pool(rapports: list[dict[str, Any]], internet: str, shop: str) -> dict[int, int]:
    by_kind = {bet["typePari"]: bet for bet in rapports}
    bet = by_kind.get(internet) or by_kind.get(shop) or {"rapports": []}
    return {int(r["combinaison"]): int(r["dividendePourUnEuro"]) for r in bet["rapports"]}


def _odds(runner: dict[str, Any]) -> float | None:
    for key in ("dernierRapportDirect", "dernierRapportReference"):
        value = (runner.get(key) or {}).get("rapport")
        if isinstance(value, int | float) and value > 0:
            return float(value)
    return None


def outcome(participants: dict[str, Any], rapports: list[dict[str, Any]]) -> Outcome:
    runners = participants["participants"]
    non_runners = frozenset(r["numPmu"] for r in runners if r.get("statut") == "NON_PARTANT")
    quoted = [
        (odds, r["numPmu"])
        for r in runners
        if r["numPmu"] not in non_runners and (odds := _odds(r)) is not None
    ]
    return Outcome(
        win=_pool(rapports, "E_SIMPLE_GAGNANT", "SIMPLE_GAGNANT"),
        place=_pool(rapports, "E_SIMPLE_PLACE", "SIMPLE_PLACE"),
        non_runners=non_runners,
        favourite=min(quoted)[1] if quoted else None,
    )


def _runner(selection: int, alternate: int | None, result: Outcome) -> int:
    if selection not in result.non_runners:
        return selection
    if alternate is not None and alternate not in result.non_runners:
        return alternate
    return result.favourite if result.favourite is not None else selection


def score(win: int, place: int, alternate: int | None, result: Outcome) -> Score:
    win_runner = _runner(win, alternate, result)
    place_runner = _runner(place, alternate, result)
    win_cents = result.win.get(win_runner, 0)
    place_cents = result.place.get(place_runner, 0)
    points = STAKE * min(win_cents, WIN_CAP) + STAKE * min(place_cents, PLACE_CAP)
    return Score(points=points, win_hit=win_cents > 0)


def competition_ranks(rows: list[tuple[int, tuple[int, ...]]]) -> dict[int, int]:
    """player -> rank for (player, key) rows, higher keys first, ties sharing (1, 2, 2, 4)."""
    ordered = sorted(rows, key=lambda row: row[1], reverse=True)
    ranks: dict[int, int] = {}
    for position, (player, key) in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        same = previous is not None and previous[1] == key
        ranks[player] = ranks[previous[0]] if same and previous else position
    return ranks
