"""Properties of `settle` on random races and picks (Hypothesis)."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import RaceResult, Rules, settle
from scoring.reference import Pick, settle_rows
from tests.scoring.strategies import (
    ALTERNATE_KINDS,
    AlternateKind,
    pick_rows,
    picks_frame,
    races,
    rules_values,
)

# The agreement with the reference is the property that matters most: it gets the most
# examples; the others are cheaper checks of the same engine and keep the run short.
AGREEMENT = settings(max_examples=300, deadline=None)
PROPERTY = settings(max_examples=100, deadline=None)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[RaceResult, Rules, list[Pick], AlternateKind]:
    race = draw(races())
    return race, draw(rules_values()), draw(pick_rows(race)), draw(st.sampled_from(ALTERNATE_KINDS))


@AGREEMENT
@given(scenarios())
def test_it_agrees_with_the_reference(
    scenario: tuple[RaceResult, Rules, list[Pick], AlternateKind],
) -> None:
    race, rules, rows, kind = scenario
    out = settle(picks_frame(rows, kind), race, rules)
    assert [tuple(row) for row in out.itertuples(index=False)] == [
        tuple(settled) for settled in settle_rows(rows, race, rules)
    ]


@PROPERTY
@given(scenarios(), st.randoms(use_true_random=False))
def test_it_scores_players_the_same_whatever_the_row_order(
    scenario: tuple[RaceResult, Rules, list[Pick], AlternateKind], shuffler: random.Random
) -> None:
    race, rules, rows, kind = scenario
    shuffled = list(rows)
    shuffler.shuffle(shuffled)
    first = settle(picks_frame(rows, kind), race, rules).set_index("player_id").sort_index()
    second = settle(picks_frame(shuffled, kind), race, rules).set_index("player_id").sort_index()
    pd.testing.assert_frame_equal(first, second)


@PROPERTY
@given(scenarios())
def test_it_never_scores_negative_points(
    scenario: tuple[RaceResult, Rules, list[Pick], AlternateKind],
) -> None:
    race, rules, rows, kind = scenario
    out = settle(picks_frame(rows, kind), race, rules)
    assert (out[["win_points", "place_points"]] >= 0).all().all()
    assert (out["points"] == out["win_points"] + out["place_points"]).all()


@PROPERTY
@given(scenarios())
def test_it_never_pays_beyond_the_caps(
    scenario: tuple[RaceResult, Rules, list[Pick], AlternateKind],
) -> None:
    race, rules, rows, kind = scenario
    out = settle(picks_frame(rows, kind), race, rules)
    if rules.mode == "fixed":
        win_most, place_most = rules.fixed_win_points, rules.fixed_place_points
    else:
        uncapped = 10**9
        win_most = rules.stake_cents * (rules.win_cap_cents or uncapped) // 100
        place_most = rules.stake_cents * (rules.place_cap_cents or uncapped) // 100
        if rules.win_cap_cents == 0:
            win_most = 0
        if rules.place_cap_cents == 0:
            place_most = 0
    assert (out["win_points"] <= win_most).all()
    assert (out["place_points"] <= place_most).all()


@PROPERTY
@given(scenarios())
def test_it_scores_only_hits(
    scenario: tuple[RaceResult, Rules, list[Pick], AlternateKind],
) -> None:
    race, rules, rows, kind = scenario
    out = settle(picks_frame(rows, kind), race, rules)
    assert (out.loc[~out["win_hit"], "win_points"] == 0).all()
    assert (out.loc[~out["place_hit"], "place_points"] == 0).all()


@PROPERTY
@given(scenarios())
def test_it_scores_nothing_in_a_void_race(
    scenario: tuple[RaceResult, Rules, list[Pick], AlternateKind],
) -> None:
    race, rules, rows, kind = scenario
    void = dataclasses.replace(race, void=True)
    out = settle(picks_frame(rows, kind), void, rules)
    assert (out["points"] == 0).all()
    assert not out[["win_hit", "place_hit"]].any().any()


@PROPERTY
@given(scenarios())
def test_it_moves_selections_only_off_non_runners(
    scenario: tuple[RaceResult, Rules, list[Pick], AlternateKind],
) -> None:
    race, rules, rows, kind = scenario
    out = settle(picks_frame(rows, kind), race, rules)
    picked = np.array([row[1] for row in rows], dtype=np.int64)
    moved = out["win_runner"].to_numpy() != picked
    assert all(saddle in race.non_runners for saddle in picked[moved])


@PROPERTY
@given(races(), rules_values())
def test_it_never_shares_out_more_than_the_paid_places_in_fixed_mode(
    race: RaceResult, rules: Rules
) -> None:
    # One pick per starter, no entries: a dead heat splits the points, never multiplies them.
    plain = RaceResult(runners=race.runners, finish=race.finish, non_runners=race.non_runners)
    rules = Rules(**{**rules.to_dict(), "mode": "fixed"})
    rows: list[Pick] = [(s, s, s, None) for s in sorted(plain.starters)]
    out = settle(picks_frame(rows), plain, rules)
    starters = len(plain.starters)
    paid = 3 if starters >= 8 else 2 if starters >= 4 else 0
    competition = all(
        position == 1 + sum(other < position for other in plain.finish.values())
        for position in plain.finish.values()
    )
    if competition:
        assert out["win_points"].sum() <= rules.fixed_win_points
        assert out["place_points"].sum() <= paid * rules.fixed_place_points
