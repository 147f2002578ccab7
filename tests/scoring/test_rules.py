"""`Rules`: the defaults of docs/rules.md and their JSON form."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from hypothesis import given, settings

from scoring import Rules, ScoringError
from tests.scoring.strategies import rules_values


def test_it_defaults_to_the_game_rules() -> None:
    assert Rules().to_dict() == {
        "stake_cents": 200,
        "win_cap_cents": 2100,
        "place_cap_cents": 1100,
        "mode": "parimutuel",
        "fixed_win_points": 10,
        "fixed_place_points": 5,
        "non_runner_policy": "alternate_then_favourite",
    }


def test_it_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Rules().stake_cents = 100  # type: ignore[misc]


@settings(max_examples=100, deadline=None)
@given(rules=rules_values())
def test_it_round_trips_through_json(rules: Rules) -> None:
    assert Rules.from_dict(json.loads(json.dumps(rules.to_dict()))) == rules


def test_it_fills_missing_keys_with_defaults() -> None:
    assert Rules.from_dict({"mode": "fixed"}) == Rules(mode="fixed")


def test_it_rejects_unknown_keys() -> None:
    with pytest.raises(ScoringError, match="win_cap"):
        Rules.from_dict({"win_cap": 2100})


def test_it_rejects_a_non_mapping() -> None:
    with pytest.raises(ScoringError):
        Rules.from_dict([("mode", "fixed")])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [
        {"stake_cents": 0},
        {"stake_cents": -200},
        {"stake_cents": 2.0},
        {"stake_cents": True},
        {"stake_cents": "200"},
        {"win_cap_cents": -1},
        {"place_cap_cents": 11.0},
        {"mode": "tote"},
        {"non_runner_policy": "refund"},
        {"fixed_win_points": -10},
        {"fixed_place_points": None},
        {"stake_cents": 10**12},
    ],
)
def test_it_rejects_bad_values(bad: dict[str, Any]) -> None:
    with pytest.raises(ScoringError, match=next(iter(bad))):
        Rules.from_dict(bad)


def test_it_rejects_bad_values_when_built_directly() -> None:
    with pytest.raises(ScoringError):
        Rules(mode="fixed-odds")  # type: ignore[arg-type]


def test_it_allows_uncapped_dividends() -> None:
    assert Rules.from_dict({"win_cap_cents": None}).win_cap_cents is None
