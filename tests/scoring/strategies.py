"""Hypothesis strategies and small builders shared by the scoring tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from scoring import RaceResult, Rules
from scoring.reference import Pick

AlternateKind = Literal["Int64", "float", "object"]
ALTERNATE_KINDS: tuple[AlternateKind, ...] = ("Int64", "float", "object")


def picks_frame(
    rows: Sequence[Pick], alternate: AlternateKind = "Int64", index: list[int] | None = None
) -> pd.DataFrame:
    """A picks frame from (player_id, win, place, alternate) tuples, alternate encoded as asked."""
    alternates = [row[3] for row in rows]
    alternate_column: Any
    if alternate == "Int64":
        alternate_column = pd.array(alternates, dtype="Int64")
    elif alternate == "float":
        alternate_column = np.array(
            [np.nan if value is None else float(value) for value in alternates], dtype=float
        )
    else:
        alternate_column = pd.Series(alternates, dtype=object).to_numpy()
    return pd.DataFrame(
        {
            "player_id": np.array([row[0] for row in rows], dtype=np.int64),
            "win": np.array([row[1] for row in rows], dtype=np.int64),
            "place": np.array([row[2] for row in rows], dtype=np.int64),
            "alternate": alternate_column,
        },
        index=index,
    )


def chance(numerator: int, denominator: int) -> st.SearchStrategy[bool]:
    """True with probability numerator/denominator (as Hypothesis draws it)."""
    return st.integers(1, denominator).map(lambda drawn: drawn <= numerator)


@st.composite
def finishes(draw: st.DrawFn, starters: list[int]) -> dict[int, int]:
    """A finish over some starters: competition style with dead heats, or any positions."""
    placed = draw(st.permutations(starters)).copy()
    placed = placed[: draw(st.integers(0, len(placed)))]
    if draw(chance(1, 5)):
        # Arbitrary positions (dense dead heats, gaps): both engines must still agree.
        return {runner: draw(st.integers(1, 6)) for runner in placed}
    finish: dict[int, int] = {}
    for rank, runner in enumerate(placed):
        tie = rank > 0 and draw(chance(1, 4))
        finish[runner] = finish[placed[rank - 1]] if tie else rank + 1
    return finish


@st.composite
def races(draw: st.DrawFn, max_runners: int = 18) -> RaceResult:
    """Random races: dead heats, non-runners, coupled entries, void, odd saddle numbers."""
    runners = draw(st.lists(st.integers(1, 24), min_size=1, max_size=max_runners, unique=True))
    if draw(chance(1, 10)):
        runners.append(100_000)  # beyond the direct lookup table: the binary-search path
    non_runners = [runner for runner in runners if draw(chance(1, 6))]
    starters = [runner for runner in runners if runner not in non_runners]
    finish = draw(finishes(starters)) if starters else {}
    dividend = st.integers(0, 6000)
    if draw(st.booleans()):
        # Dividends that match the finish, as official results do.
        win_dividends = {runner: draw(dividend) for runner, at in finish.items() if at == 1}
        place_dividends = {runner: draw(dividend) for runner, at in finish.items() if at <= 3}
    else:
        win_dividends = {runner: draw(dividend) for runner in starters if draw(chance(1, 4))}
        place_dividends = {runner: draw(dividend) for runner in starters if draw(chance(1, 3))}
    favourite = draw(st.none() | st.sampled_from(starters)) if starters else None
    coupled = {
        runner: draw(st.sampled_from(["A", "B"])) for runner in runners if draw(chance(1, 3))
    }
    return RaceResult(
        runners=frozenset(runners),
        finish=finish,
        non_runners=frozenset(non_runners),
        win_dividends=win_dividends,
        place_dividends=place_dividends,
        favourite=favourite,
        coupled=coupled,
        void=draw(chance(1, 10)),
    )


def rules_values() -> st.SearchStrategy[Rules]:
    """Random rules: both modes, both non-runner policies, caps or none, odd stakes."""
    cap = st.none() | st.integers(0, 5000)
    return st.builds(
        Rules,
        stake_cents=st.sampled_from([200, 100]) | st.integers(1, 1000),
        win_cap_cents=st.just(2100) | cap,
        place_cap_cents=st.just(1100) | cap,
        mode=st.sampled_from(["parimutuel", "fixed"]),
        fixed_win_points=st.sampled_from([10, 1000]) | st.integers(0, 100),
        fixed_place_points=st.sampled_from([5, 500]) | st.integers(0, 100),
        non_runner_policy=st.sampled_from(["alternate_then_favourite", "lose"]),
    )


@st.composite
def pick_rows(draw: st.DrawFn, race: RaceResult, max_size: int = 40) -> list[Pick]:
    """Picks on a race, one per player: any runner, non-runners included, maybe an alternate."""
    saddle = st.sampled_from(sorted(race.runners))
    players = draw(st.lists(st.integers(-(2**40), 2**40), max_size=max_size, unique=True))
    return [(player, draw(saddle), draw(saddle), draw(st.none() | saddle)) for player in players]
