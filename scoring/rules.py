"""`Rules`: every knob of the game in one frozen value (docs/rules.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal, get_args

from scoring.errors import ScoringError

Mode = Literal["parimutuel", "fixed"]
NonRunnerPolicy = Literal["alternate_then_favourite", "lose"]

# Amounts are int64 cents; bounding every amount at 10**9 keeps stake * dividend
# (and fixed points * places) far below 2**63, so numpy never overflows.
MAX_AMOUNT = 10**9


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class Rules:
    """How a season scores picks. Defaults are the game's (docs/rules.md).

    - `stake_cents`: the mythical stake of each selection, in cents (2.00 € = 200).
    - `win_cap_cents` / `place_cap_cents`: the highest dividend that counts, in cents per
      1 € unit (21.00 = 2100, 11.00 = 1100); `None` means no cap. Parimutuel mode only.
    - `mode`: "parimutuel" scores the official dividends; "fixed" scores the finish only,
      for sources without dividends.
    - `fixed_win_points` / `fixed_place_points`: fixed-mode points, in the same int64 unit
      as the `points` column, stored as is (10 means 10, i.e. shown as 0.10 by a display
      that divides cents by 100; a season that wants "10.00" sets 1000).
    - `non_runner_policy`: "alternate_then_favourite" moves a non-runner selection to the
      player's alternate, then to the post-time favourite; "lose" scores it 0.
    """

    stake_cents: int = 200
    win_cap_cents: int | None = 2100
    place_cap_cents: int | None = 1100
    mode: Mode = "parimutuel"
    fixed_win_points: int = 10
    fixed_place_points: int = 5
    non_runner_policy: NonRunnerPolicy = "alternate_then_favourite"

    def __post_init__(self) -> None:
        if not _is_int(self.stake_cents) or not 0 < self.stake_cents <= MAX_AMOUNT:
            raise ScoringError(
                f"stake_cents must be an int in 1..{MAX_AMOUNT}, got {self.stake_cents!r}"
            )
        for name in ("win_cap_cents", "place_cap_cents"):
            cap = getattr(self, name)
            if cap is not None and (not _is_int(cap) or not 0 <= cap <= MAX_AMOUNT):
                raise ScoringError(f"{name} must be None or an int in 0..{MAX_AMOUNT}, got {cap!r}")
        for name in ("fixed_win_points", "fixed_place_points"):
            points = getattr(self, name)
            if not _is_int(points) or not 0 <= points <= MAX_AMOUNT:
                raise ScoringError(f"{name} must be an int in 0..{MAX_AMOUNT}, got {points!r}")
        if self.mode not in get_args(Mode):
            raise ScoringError(f"mode must be one of {get_args(Mode)}, got {self.mode!r}")
        if self.non_runner_policy not in get_args(NonRunnerPolicy):
            raise ScoringError(
                f"non_runner_policy must be one of {get_args(NonRunnerPolicy)}, "
                f"got {self.non_runner_policy!r}"
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rules:
        """Rules from their JSON form. Missing keys take the defaults.

        Unknown keys and bad values raise `ScoringError`, so a typo in a season's stored
        rules fails loudly instead of silently scoring with a default.
        """
        if not isinstance(data, Mapping):
            raise ScoringError(f"rules must be a mapping, got {type(data).__name__}")
        known = {field.name for field in fields(cls)}
        unknown = sorted(str(key) for key in data if key not in known)
        if unknown:
            raise ScoringError(f"unknown rules keys: {', '.join(unknown)}")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: plain ints, strings and None. `from_dict(to_dict())` round-trips."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


DEFAULT_RULES = Rules()
