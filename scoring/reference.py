"""The rules of docs/rules.md restated row by row, in plain Python, for reading.

This is the oracle the vectorized engine is tested against (and benchmarked against): it
shares only `Rules`, `RaceResult` and `ScoringError` with it. Each rule is one small
function; `settle_rows` applies them to one pick after another.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from scoring.errors import ScoringError
from scoring.result import RaceResult
from scoring.rules import DEFAULT_RULES, Rules

Pick = tuple[int, int, int, int | None]  # player_id, win, place, alternate (None = none)


class SettledPick(NamedTuple):
    """One settled pick, the same fields as a row of `scoring.settle`'s output."""

    player_id: int
    win_runner: int
    place_runner: int
    win_points: int
    place_points: int
    points: int
    win_hit: bool
    place_hit: bool


class Score(NamedTuple):
    points: int
    hit: bool


MISS = Score(0, hit=False)


def substitute(selection: int, alternate: int | None, result: RaceResult, rules: Rules) -> int:
    """Non-runner: a withdrawn selection moves to the alternate, else to the favourite.

    Rule (docs/rules.md): with "alternate_then_favourite", a non-runner selection moves to
    the player's alternate; with none, or the alternate also out, to the post-time
    favourite; with no favourite it stays (and scores 0). With "lose" it stays.
    """
    if selection not in result.non_runners or rules.non_runner_policy == "lose":
        return selection
    if alternate is not None and alternate not in result.non_runners:
        return alternate
    if result.favourite is not None:
        return result.favourite
    return selection


def entry_runner(selection: int, result: RaceResult) -> int:
    """Coupled entry: the runner whose result settles a selection on an écurie.

    Rule (docs/rules.md): a selection on one runner of an écurie counts for the entry: it
    settles on the entry's best-placed starter; the selection itself wins a tie, then the
    lowest saddle number. No entry, a non-runner, or no placed starter: the selection.
    """
    entry = result.coupled.get(selection)
    if entry is None or selection in result.non_runners:
        return selection
    placed = [
        (result.finish[runner], runner)
        for runner in result.starters
        if result.coupled.get(runner) == entry and runner in result.finish
    ]
    if not placed:
        return selection
    best_position = min(placed)[0]
    if result.finish.get(selection) == best_position:
        return selection
    return min(runner for position, runner in placed if position == best_position)


def capped_points(dividend: int, stake_cents: int, cap_cents: int | None) -> int:
    """Caps: stake * min(dividend, cap) // 100 (2 € at 45.00 capped to 21.00 = 4200)."""
    if cap_cents is not None:
        dividend = min(dividend, cap_cents)
    return stake_cents * dividend // 100


def parimutuel(runner: int, dividends: Mapping[int, int], stake: int, cap: int | None) -> Score:
    """Parimutuel: the selection scores exactly when the official dividends list it.

    Dead heats are already in the dividends (two win dividends for a dead heat for 1st).
    """
    if runner not in dividends:
        return MISS
    return Score(capped_points(dividends[runner], stake, cap), hit=True)


def fixed_places_paid(result: RaceResult) -> int:
    """Fixed mode: 3 places with 8+ starters, 2 with 4 to 7, none below 4."""
    starters = len(result.starters)
    if starters >= 8:
        return 3
    if starters >= 4:
        return 2
    return 0


def fixed_share(runner: int, points: int, places: int, result: RaceResult) -> Score:
    """Fixed mode with dead heats: tied runners share the paid places they cover.

    Rule (docs/rules.md): split the points equally between the tied runners. k runners
    tied at position p cover places p..p+k-1; each gets points * (covered places within
    `places`) // k, rounded down.
    """
    position = result.finish.get(runner)
    if position is None or position > places:
        return MISS
    tied = sum(1 for other in result.finish.values() if other == position)
    last_covered = min(position + tied - 1, places)
    return Score(points * (last_covered - position + 1) // tied, hit=True)


def score_win(runner: int, result: RaceResult, rules: Rules) -> Score:
    """A win selection's score, after substitution and entry resolution."""
    if result.void:
        return MISS
    if rules.mode == "fixed":
        return fixed_share(runner, rules.fixed_win_points, 1, result)
    return parimutuel(runner, result.win_dividends, rules.stake_cents, rules.win_cap_cents)


def score_place(runner: int, result: RaceResult, rules: Rules) -> Score:
    """A place selection's score, after substitution and entry resolution."""
    if result.void:
        return MISS
    if rules.mode == "fixed":
        return fixed_share(runner, rules.fixed_place_points, fixed_places_paid(result), result)
    return parimutuel(runner, result.place_dividends, rules.stake_cents, rules.place_cap_cents)


def check_pick(pick: Pick, result: RaceResult) -> None:
    """Every saddle number a pick names must be on the card."""
    player_id, win, place, alternate = pick
    named = [win, place] if alternate is None else [win, place, alternate]
    if any(number not in result.runners for number in named):
        raise ScoringError(f"picks name saddle numbers not on the card for players {player_id}")


def settle_rows(
    picks: Iterable[Pick], result: RaceResult, rules: Rules = DEFAULT_RULES
) -> list[SettledPick]:
    """Settle picks given as plain (player_id, win, place, alternate) tuples."""
    picks = list(picks)
    strangers = []
    for pick in picks:
        try:
            check_pick(pick, result)
        except ScoringError:
            strangers.append(pick[0])
    if strangers:
        raise ScoringError(f"picks name saddle numbers not on the card for players {strangers}")
    settled = []
    for player_id, win, place, alternate in picks:
        win_runner = substitute(win, alternate, result, rules)
        place_runner = substitute(place, alternate, result, rules)
        win_score = score_win(entry_runner(win_runner, result), result, rules)
        place_score = score_place(entry_runner(place_runner, result), result, rules)
        settled.append(
            SettledPick(
                player_id=player_id,
                win_runner=win_runner,
                place_runner=place_runner,
                win_points=win_score.points,
                place_points=place_score.points,
                points=win_score.points + place_score.points,
                win_hit=win_score.hit,
                place_hit=place_score.hit,
            )
        )
    return settled


def rank_rows(rows: Sequence[tuple[float, float, float]]) -> list[int]:
    """Competition ranks of (points, wins, best) rows: 1 + the number of strictly better rows.

    Rule (docs/rules.md): total points desc, then winning win-selections, then best single
    round; rows equal on all three share the rank (1, 2, 2, 4).
    """
    ascending = sorted(rows)
    return [1 + len(ascending) - bisect_right(ascending, row) for row in rows]
