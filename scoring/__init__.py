"""Paddock's scoring engine: pure numpy/pandas, no I/O, no clock, no randomness.

Entry points: `settle` scores one race's picks, `rank` and `rank_within` rank standings.
Configuration lives in a frozen `Rules`, the race in a validated `RaceResult`; every bad
input raises `ScoringError`. `scoring.reference` restates the rules row by row.
"""

from scoring.errors import ScoringError
from scoring.rank import rank, rank_within
from scoring.result import RaceResult
from scoring.rules import Rules
from scoring.settle import settle

__all__ = ["RaceResult", "Rules", "ScoringError", "rank", "rank_within", "settle"]
