"""`RaceResult`: the official outcome of one race, validated on construction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from scoring.errors import ScoringError
from scoring.rules import MAX_AMOUNT


def _as_int(value: object, what: str) -> int:
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise ScoringError(f"{what} must be an int, got {value!r}")
    return int(value)


def _numbers(numbers: Iterable[int]) -> str:
    return ", ".join(str(number) for number in sorted(numbers))


def _int_mapping(mapping: Mapping[int, int], what: str) -> dict[int, int]:
    if not isinstance(mapping, Mapping):
        raise ScoringError(f"{what} must be a mapping, got {type(mapping).__name__}")
    return {
        _as_int(key, f"{what} saddle number"): _as_int(value, f"{what}[{key!r}]")
        for key, value in mapping.items()
    }


@dataclass(frozen=True, slots=True)
class RaceResult:
    """One race's official result, as the importers normalise it.

    - `runners`: every saddle number on the card (positive ints), non-runners included.
    - `finish`: saddle number -> finishing position (1 = winner). Tied runners share the
      position, competition style: a dead heat for 1st is 1, 1, 3. Runners without a
      position (unplaced, disqualified, fell) are simply absent.
    - `non_runners`: the withdrawn runners, a subset of `runners`.
    - `win_dividends` / `place_dividends`: saddle number -> official return in cents per
      1 €, stake included (5.90 € = 590). A dead heat shows as several dividends.
    - `favourite`: the post-time favourite among the starters; the caller breaks odds ties
      (lowest saddle number), so it is one runner or None.
    - `coupled`: saddle number -> entry (écurie) key; runners absent are uncoupled.
    - `void`: the race was cancelled or declared no contest.

    Construction validates all of the above and raises `ScoringError` naming the saddle
    numbers at fault. Mappings are copied, so later changes to the caller's dicts do not
    leak in.
    """

    runners: frozenset[int]
    finish: Mapping[int, int] = field(default_factory=dict)
    non_runners: frozenset[int] = frozenset()
    win_dividends: Mapping[int, int] = field(default_factory=dict)
    place_dividends: Mapping[int, int] = field(default_factory=dict)
    favourite: int | None = None
    coupled: Mapping[int, str] = field(default_factory=dict)
    void: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.runners, str | bytes | Mapping) or not isinstance(
            self.runners, Iterable
        ):
            raise ScoringError("runners must be a set of saddle numbers")
        if isinstance(self.non_runners, str | bytes | Mapping) or not isinstance(
            self.non_runners, Iterable
        ):
            raise ScoringError("non_runners must be a set of saddle numbers")
        runners = frozenset(_as_int(number, "runner saddle number") for number in self.runners)
        non_runners = frozenset(
            _as_int(number, "non-runner saddle number") for number in self.non_runners
        )
        finish = _int_mapping(self.finish, "finish")
        win_dividends = _int_mapping(self.win_dividends, "win_dividends")
        place_dividends = _int_mapping(self.place_dividends, "place_dividends")
        if not isinstance(self.coupled, Mapping):
            raise ScoringError(f"coupled must be a mapping, got {type(self.coupled).__name__}")
        coupled: dict[int, str] = {}
        for number, entry in self.coupled.items():
            if not isinstance(entry, str):
                raise ScoringError(f"coupled[{number!r}] must be an entry key (str), got {entry!r}")
            coupled[_as_int(number, "coupled saddle number")] = entry
        favourite = None if self.favourite is None else _as_int(self.favourite, "favourite")
        if not isinstance(self.void, bool | np.bool_):
            raise ScoringError(f"void must be a bool, got {self.void!r}")

        _check_numbers(
            runners=runners,
            non_runners=non_runners,
            finish=finish,
            win_dividends=win_dividends,
            place_dividends=place_dividends,
            coupled=coupled,
        )
        if favourite is not None and (favourite not in runners or favourite in non_runners):
            raise ScoringError(f"favourite {favourite} did not run (not a starter)")

        object.__setattr__(self, "runners", runners)
        object.__setattr__(self, "non_runners", non_runners)
        object.__setattr__(self, "finish", finish)
        object.__setattr__(self, "win_dividends", win_dividends)
        object.__setattr__(self, "place_dividends", place_dividends)
        object.__setattr__(self, "coupled", coupled)
        object.__setattr__(self, "favourite", favourite)
        object.__setattr__(self, "void", bool(self.void))

    def __hash__(self) -> int:
        return hash(
            (
                self.runners,
                frozenset(self.finish.items()),
                self.non_runners,
                frozenset(self.win_dividends.items()),
                frozenset(self.place_dividends.items()),
                self.favourite,
                frozenset(self.coupled.items()),
                self.void,
            )
        )

    @property
    def starters(self) -> frozenset[int]:
        """The runners that started: `runners` minus `non_runners`."""
        return self.runners - self.non_runners


def _check_numbers(
    *,
    runners: frozenset[int],
    non_runners: frozenset[int],
    finish: Mapping[int, int],
    win_dividends: Mapping[int, int],
    place_dividends: Mapping[int, int],
    coupled: Mapping[int, str],
) -> None:
    """Every saddle number refers to the card; finish and dividends only to starters."""
    not_positive = {number for number in runners if number < 1}
    if not_positive:
        raise ScoringError(f"saddle numbers must be positive: {_numbers(not_positive)}")
    if not non_runners <= runners:
        raise ScoringError(f"non-runners not among the runners: {_numbers(non_runners - runners)}")
    for what, numbers in (
        ("finish", finish),
        ("win_dividends", win_dividends),
        ("place_dividends", place_dividends),
        ("coupled", coupled),
    ):
        unknown = set(numbers) - runners
        if unknown:
            raise ScoringError(
                f"{what} names saddle numbers not among the runners: {_numbers(unknown)}"
            )
    for what, numbers in (
        ("finish", finish),
        ("win_dividends", win_dividends),
        ("place_dividends", place_dividends),
    ):
        withdrawn = set(numbers) & non_runners
        if withdrawn:
            raise ScoringError(f"{what} names non-runners: {_numbers(withdrawn)}")
    below_one = {number for number, position in finish.items() if position < 1}
    if below_one:
        raise ScoringError(f"finish positions must be 1 or more, not for: {_numbers(below_one)}")
    for what, dividends in (("win_dividends", win_dividends), ("place_dividends", place_dividends)):
        bad = {number for number, cents in dividends.items() if not 0 <= cents <= MAX_AMOUNT}
        if bad:
            raise ScoringError(
                f"{what} must be in 0..{MAX_AMOUNT} cents (negative or absurd for: {_numbers(bad)})"
            )
