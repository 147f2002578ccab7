"""`settle`: score every pick of one race at once (docs/rules.md).

The work splits in two. First a tiny per-race *runner table* (one row per saddle number)
answers "what does a selection on this runner score?", each rule of the game one small
step of a `.pipe()` chain. Then the picks, validated once, go through their own chain:
non-runner substitution, then a gather from the runner table. Per pick that is a handful
of numpy index operations, so a million picks settle in a fraction of a second.

Saddle numbers are replaced by *codes* (their rank on the card, 0..R-1) right after
validation, so every table is a short dense array whatever the saddle numbers are.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.errors import ScoringError
from scoring.result import RaceResult
from scoring.rules import DEFAULT_RULES, NonRunnerPolicy, Rules

Int64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

PICK_COLUMNS = ("player_id", "win", "place", "alternate")
OUTPUT_DTYPES: dict[str, str] = {
    "player_id": "int64",
    "win_runner": "int64",
    "place_runner": "int64",
    "win_points": "int64",
    "place_points": "int64",
    "points": "int64",
    "win_hit": "bool",
    "place_hit": "bool",
}
NO_CODE = -1
# A direct lookup table beats a binary search while it stays small; saddle numbers are
# below 100 in practice, this only bounds memory for odd feeds.
_LOOKUP_LIMIT = 1 << 16
_MAX_LISTED = 50


# --- the runner table: what a selection on each runner scores ----------------------------


def runner_table(result: RaceResult) -> pd.DataFrame:
    """One row per saddle number on the card, in saddle order; the row label is its code.

    Columns: `saddle`, `starter`, `position` (0 = no position), `win_dividend` and
    `place_dividend` (-1 = none), `entry` (écurie key, "" = uncoupled).
    """
    saddles = sorted(result.runners)
    return pd.DataFrame(
        {
            "saddle": np.array(saddles, dtype=np.int64),
            "starter": np.array([s not in result.non_runners for s in saddles], dtype=bool),
            "position": np.array([result.finish.get(s, 0) for s in saddles], dtype=np.int64),
            "win_dividend": np.array(
                [result.win_dividends.get(s, -1) for s in saddles], dtype=np.int64
            ),
            "place_dividend": np.array(
                [result.place_dividends.get(s, -1) for s in saddles], dtype=np.int64
            ),
            "entry": pd.Series([result.coupled.get(s, "") for s in saddles], dtype=object),
        }
    )


def settle_on_entry(runners: pd.DataFrame) -> pd.DataFrame:
    """Coupled entry (écurie): a selection on one runner counts for the entry.

    Rule (docs/rules.md): adds `settles_on`, the code of the runner whose result settles a
    selection on each row: the entry's best-placed starter (lowest finish position). The
    selection itself wins ties with its stable-mates, then the lowest saddle number does.
    Uncoupled runners, non-runners and entries with no placed starter settle on
    themselves, so with no finish positions (a dividends-only result) each runner keeps
    its own dividends.
    """
    entry = runners["entry"].to_numpy()
    starter = runners["starter"].to_numpy()
    position = runners["position"].to_numpy()
    settles_on = np.arange(len(runners), dtype=np.int64)
    for code in range(len(runners)):
        if not entry[code] or not starter[code]:
            continue
        placed_mates = [
            mate
            for mate in range(len(runners))
            if entry[mate] == entry[code] and starter[mate] and position[mate] > 0
        ]
        if not placed_mates:
            continue
        best = min(position[mate] for mate in placed_mates)
        if position[code] != best:
            settles_on[code] = min(mate for mate in placed_mates if position[mate] == best)
    return runners.assign(settles_on=settles_on)


def capped_return(dividends: Int64Array, stake_cents: int, cap_cents: int | None) -> Int64Array:
    """Caps: what `stake_cents` returns at each dividend (cents per 1 €), capped.

    Rule (docs/rules.md): a win dividend counts up to 21.00 per unit, a place dividend up to
    11.00. Points = stake * min(dividend, cap) // 100, floored (exact for the 2 € stake):
    2 € at 5.90 = 1180; 2 € at 45.00 capped to 21.00 = 4200. -1 (no dividend) returns 0.
    """
    counted = dividends if cap_cents is None else np.minimum(dividends, cap_cents)
    return np.where(dividends >= 0, stake_cents * counted // 100, 0).astype(np.int64)


def score_parimutuel(runners: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Parimutuel mode: a selection scores exactly when the official dividends list it.

    Rule (docs/rules.md): dead heats need nothing here, the official dividends already split
    the pool (two E_SIMPLE_GAGNANT 210 and 510 pay 420 and 1020 on 2 €). The runner that
    settles the selection (`settles_on`) provides the dividend.
    """
    settles_on = runners["settles_on"].to_numpy()
    win_dividend = runners["win_dividend"].to_numpy()[settles_on]
    place_dividend = runners["place_dividend"].to_numpy()[settles_on]
    return runners.assign(
        win_points=capped_return(win_dividend, rules.stake_cents, rules.win_cap_cents),
        place_points=capped_return(place_dividend, rules.stake_cents, rules.place_cap_cents),
        win_hit=win_dividend >= 0,
        place_hit=place_dividend >= 0,
    )


def places_paid(starters: int) -> int:
    """Fixed mode: how many places pay (docs/rules.md).

    3 with 8 or more starters, 2 with 4 to 7, none below 4.
    """
    if starters >= 8:
        return 3
    if starters >= 4:
        return 2
    return 0


def dead_heat_share(
    points: int, position: Int64Array, tied: Int64Array, paid: int
) -> tuple[Int64Array, BoolArray]:
    """Fixed mode dead heat: tied runners share the paid places they cover equally.

    Rule (docs/rules.md): with no official dividends, split the points equally between the
    tied runners. `tied` runners sharing `position` p cover places p..p+tied-1; of those,
    the ones within `paid` are shared: points * covered // tied, floored to whole points
    (two tied for 1st share 1 win: 10 // 2 = 5 each; three tied 2nd with 3 paid share 2
    places: 5 * 2 // 3 = 3 each). Position 0 means unplaced. Returns (points, hit), hit
    being "placed within the paid places".
    """
    hit = (position >= 1) & (position <= paid)
    covered = np.clip(np.minimum(position + tied - 1, paid) - position + 1, 0, None)
    share = np.where(hit, points * covered // np.maximum(tied, 1), 0).astype(np.int64)
    return share, hit


def score_fixed(runners: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Fixed-points mode (sources without dividends): scores the finish only.

    Rule (docs/rules.md): win = finished 1st, `fixed_win_points`; place = finished within
    `places_paid(starters)`, `fixed_place_points`; dead heats share (`dead_heat_share`).
    The runner that settles the selection (`settles_on`) provides the position.
    """
    position = runners["position"].to_numpy()
    _, inverse, counts = np.unique(position, return_inverse=True, return_counts=True)
    tied = counts[inverse].astype(np.int64)
    settles_on = runners["settles_on"].to_numpy()
    position, tied = position[settles_on], tied[settles_on]
    paid = places_paid(int(runners["starter"].sum()))
    win_points, win_hit = dead_heat_share(rules.fixed_win_points, position, tied, 1)
    place_points, place_hit = dead_heat_share(rules.fixed_place_points, position, tied, paid)
    return runners.assign(
        win_points=win_points, place_points=place_points, win_hit=win_hit, place_hit=place_hit
    )


def score(runners: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """The mode's scoring step: `score_parimutuel` or `score_fixed`."""
    if rules.mode == "fixed":
        return score_fixed(runners, rules)
    return score_parimutuel(runners, rules)


def void_race(runners: pd.DataFrame, *, void: bool) -> pd.DataFrame:
    """Void race: cancelled or no contest, 0 points for everyone, no hits.

    Rule (docs/rules.md): the round is void, 0 points for everyone, no penalty.
    """
    if not void:
        return runners
    return runners.assign(win_points=0, place_points=0, win_hit=False, place_hit=False)


# --- the picks ----------------------------------------------------------------------------


def _with_columns(frame: pd.DataFrame, **columns: npt.NDArray[Any]) -> pd.DataFrame:
    """`frame.assign(**columns)` without copying: these arrays are ours, fresh and private."""
    data = {name: frame[name].to_numpy() for name in frame.columns}
    return pd.DataFrame({**data, **columns}, index=frame.index, copy=False)


def encode(values: Int64Array, saddles: Int64Array) -> Int64Array:
    """Saddle numbers -> codes (index into sorted `saddles`); NO_CODE when not on the card."""
    if len(saddles) == 0:
        return np.full(len(values), NO_CODE, dtype=np.int64)
    top = int(saddles[-1])
    if top < _LOOKUP_LIMIT:
        lookup = np.full(top + 2, NO_CODE, dtype=np.int64)
        lookup[saddles] = np.arange(len(saddles), dtype=np.int64)
        if len(values) and (values.min() < 0 or values.max() > top):
            # Saddle numbers are positive: clipping sends every stranger to 0 or top+1 (-1).
            values = np.clip(values, 0, top + 1)
        return lookup[values]
    position = np.minimum(np.searchsorted(saddles, values), len(saddles) - 1)
    return np.where(saddles[position] == values, position, NO_CODE).astype(np.int64)


def substitute_non_runners(
    picks: pd.DataFrame,
    runners: pd.DataFrame,
    favourite: int | None,
    policy: NonRunnerPolicy,
) -> pd.DataFrame:
    """Non-runner: a selection on a withdrawn runner moves, win and place independently.

    Rule (docs/rules.md): with "alternate_then_favourite" the selection moves to the
    player's alternate; with none, or the alternate also out, to the post-time favourite
    (`favourite`, a code); with no favourite it stays on the non-runner and scores 0.
    With "lose" it stays and scores 0. Precondition: codes are valid (`alternate` may be
    NO_CODE).
    """
    if policy == "lose":
        return picks
    starter = np.append(runners["starter"].to_numpy(), False)  # NO_CODE -> not a starter
    win = picks["win"].to_numpy()
    place = picks["place"].to_numpy()
    alternate = picks["alternate"].to_numpy()
    alternate_runs = starter[alternate]
    if favourite is None:
        win_to = np.where(alternate_runs, alternate, win)
        place_to = np.where(alternate_runs, alternate, place)
    else:
        win_to = place_to = np.where(alternate_runs, alternate, favourite)
    return _with_columns(
        picks,
        win=np.where(starter[win], win, win_to),
        place=np.where(starter[place], place, place_to),
    )


def gather_points(picks: pd.DataFrame, runners: pd.DataFrame) -> pd.DataFrame:
    """Look each (substituted) selection up in the runner table; build the output frame."""
    win = picks["win"].to_numpy()
    place = picks["place"].to_numpy()
    win_points = runners["win_points"].to_numpy(dtype=np.int64)[win]
    place_points = runners["place_points"].to_numpy(dtype=np.int64)[place]
    saddle = runners["saddle"].to_numpy()
    return pd.DataFrame(
        {
            # A copy: the validated ids may be a read-only view of the caller's column.
            "player_id": picks["player_id"].to_numpy().copy(),
            "win_runner": saddle[win],
            "place_runner": saddle[place],
            "win_points": win_points,
            "place_points": place_points,
            "points": win_points + place_points,
            "win_hit": runners["win_hit"].to_numpy(dtype=bool)[win],
            "place_hit": runners["place_hit"].to_numpy(dtype=bool)[place],
        },
        index=picks.index,
        copy=False,
    )


# --- the boundary -------------------------------------------------------------------------


def _listed(ids: Any) -> str:
    unique = np.unique(np.asarray(ids))
    shown = ", ".join(str(int(i)) for i in unique[:_MAX_LISTED])
    more = len(unique) - _MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def _integer_column(picks: pd.DataFrame, name: str) -> Int64Array:
    column = picks[name]
    dtype = column.dtype
    if not pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        raise ScoringError(f"picks column {name!r} must have an integer dtype, not {dtype}")
    if column.hasnans:
        raise ScoringError(f"picks column {name!r} has missing values")
    if dtype == np.uint64 and len(column) and int(column.max()) > np.iinfo(np.int64).max:
        raise ScoringError(f"picks column {name!r} has values beyond int64")
    return column.to_numpy(dtype=np.int64)


def _alternate_column(picks: pd.DataFrame, player_id: Int64Array) -> tuple[Int64Array, BoolArray]:
    """The alternates as (saddle numbers, present) whatever their encoding of "none"."""
    column = picks["alternate"]
    dtype = column.dtype
    present = ~column.isna().to_numpy()
    if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        return column.to_numpy(dtype=np.int64, na_value=0), present
    if pd.api.types.is_object_dtype(dtype):
        kind = pd.api.types.infer_dtype(column, skipna=True)
        if kind == "integer":
            values = column.where(present, 0).to_numpy(dtype=np.int64)
            return values, present
        if kind not in ("floating", "mixed-integer-float", "empty"):
            raise ScoringError(f"picks column 'alternate' holds non-numbers ({kind})")
        column = column.where(present, np.nan).astype(np.float64)
    elif not pd.api.types.is_float_dtype(dtype):
        raise ScoringError(
            f"picks column 'alternate' must be integer, float or object, not {dtype}"
        )
    floats = column.to_numpy(dtype=np.float64, na_value=np.nan)
    whole = np.isnan(floats) | (np.isfinite(floats) & (floats == np.round(floats)))
    if not whole.all():
        raise ScoringError(
            f"alternate must be a whole saddle number for players {_listed(player_id[~whole])}"
        )
    # Out-of-range floats clip to a number no card has, so they are reported as strangers.
    values = np.clip(np.nan_to_num(floats, nan=0.0), -1, 2**62).astype(np.int64)
    return values, present


def validated_picks(picks: pd.DataFrame, saddles: Int64Array) -> pd.DataFrame:
    """The boundary: check `picks` once and encode its selections as codes.

    Precondition of everything downstream: `win`, `place` are valid codes, `alternate` a
    valid code or NO_CODE. Raises `ScoringError` for a non-frame, missing columns, wrong
    dtypes, missing values and saddle numbers not on the card (listing the player ids).
    """
    if not isinstance(picks, pd.DataFrame):
        raise ScoringError(f"picks must be a pandas DataFrame, got {type(picks).__name__}")
    missing = [name for name in PICK_COLUMNS if name not in picks.columns]
    if missing:
        raise ScoringError(f"picks is missing columns: {', '.join(missing)}")
    if picks.columns.duplicated().any():
        raise ScoringError("picks has duplicate column names")
    if len(picks) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return pd.DataFrame(dict.fromkeys(PICK_COLUMNS, empty), index=picks.index)
    player_id = _integer_column(picks, "player_id")
    win = encode(_integer_column(picks, "win"), saddles)
    place = encode(_integer_column(picks, "place"), saddles)
    alternate_saddle, has_alternate = _alternate_column(picks, player_id)
    alternate = np.where(has_alternate, encode(alternate_saddle, saddles), NO_CODE)
    strangers = (win == NO_CODE) | (place == NO_CODE) | (has_alternate & (alternate == NO_CODE))
    if strangers.any():
        raise ScoringError(
            f"picks name saddle numbers not on the card ({', '.join(map(str, saddles))}) "
            f"for players {_listed(player_id[strangers])}"
        )
    return pd.DataFrame(
        {"player_id": player_id, "win": win, "place": place, "alternate": alternate},
        index=picks.index,
        copy=False,
    )


def _code_of(saddle: int | None, saddles: Int64Array) -> int | None:
    return None if saddle is None else int(np.searchsorted(saddles, saddle))


def settle(picks: pd.DataFrame, result: RaceResult, rules: Rules = DEFAULT_RULES) -> pd.DataFrame:
    """Score every pick of one race.

    `picks`: columns `player_id`, `win`, `place` (integer dtypes) and `alternate` (nullable:
    "Int64", float with NaN, or object with None). Returns a frame with the same index
    and row order: `player_id`, `win_runner`, `place_runner` (the selections after
    non-runner substitution; a coupled selection still reports the runner picked),
    `win_points`, `place_points`, `points` (int64 cents) and `win_hit`, `place_hit`.
    Raises `ScoringError` on bad input (see `validated_picks`).
    """
    if not isinstance(result, RaceResult):
        raise ScoringError(f"result must be a RaceResult, got {type(result).__name__}")
    if not isinstance(rules, Rules):
        raise ScoringError(f"rules must be Rules, got {type(rules).__name__}")
    runners = (
        runner_table(result)
        .pipe(settle_on_entry)
        .pipe(score, rules)
        .pipe(void_race, void=result.void)
    )
    saddles = runners["saddle"].to_numpy()
    return (
        validated_picks(picks, saddles)
        .pipe(
            substitute_non_runners,
            runners,
            _code_of(result.favourite, saddles),
            rules.non_runner_policy,
        )
        .pipe(gather_points, runners)
    )
