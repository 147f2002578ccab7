"""Why a settled pick scored what it did, one selection at a time (docs/rules.md, Points).

Read from what settlement stored (the pick, its score row, the card, the dividends and the
season's rules): nothing is scored again here, the points are the stored ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import scoring

KINDS = ("win", "place")
RUNNER_STATES = ("ran", "non_runner", "disqualified", "unknown")
SUBSTITUTIONS = ("none", "alternate", "favourite")


def _runner_state(runner: Any | None) -> str:
    if runner is None:
        return "unknown"
    if runner.is_non_runner:
        return "non_runner"
    return "disqualified" if runner.disqualified else "ran"


def _substitution(picked: int, settled_on: int, substituted: bool, alternate: int | None) -> str:
    """How the selection moved off a non-runner: to the alternate, or to the favourite."""
    if not substituted or settled_on == picked:
        return "none"
    return "alternate" if alternate is not None and settled_on == alternate else "favourite"


def _paid_by(
    number: int, kind: str, by_number: dict[int, Any], dividends: dict[tuple[str, int], Any]
) -> Any | None:
    """The dividend the selection was paid at: its own, else its coupled entry's best-placed."""
    own = dividends.get((kind, number))
    if own is not None:
        return own
    runner = by_number.get(number)
    if runner is None or not runner.coupled:
        return None
    mates = sorted(
        (r for r in by_number.values() if r.coupled == runner.coupled and r.number != number),
        key=lambda r: (r.position or 999, r.number),
    )
    return next((dividends[kind, r.number] for r in mates if (kind, r.number) in dividends), None)


def _dead_heat(number: int, kind: str, by_number: dict[int, Any], dividends: Iterable[Any]) -> bool:
    """Tied at the line: on WIN, more than one winner; on PLACE, another runner at its position."""
    if kind == "win":
        return sum(1 for d in dividends if d.kind == "win") > 1 and (
            getattr(by_number.get(number), "position", None) == 1
        )
    position = getattr(by_number.get(number), "position", None)
    return position is not None and sum(1 for r in by_number.values() if r.position == position) > 1


def explain_score(
    *, pick: Any, score: Any, rules: scoring.Rules, runners: Sequence[Any], dividends: Sequence[Any]
) -> dict[str, Any]:
    """The settled pick, selection by selection: picked, moved where and why, paid at which
    dividend of which pool, the cap, the points. Runners and dividends are model rows."""
    by_number = {r.number: r for r in runners}
    paid = {(d.kind, d.number): d for d in dividends}
    legs = []
    for kind in KINDS:
        picked = getattr(pick, kind)
        settled_on = getattr(score, f"{kind}_runner")
        cap = rules.win_cap_cents if kind == "win" else rules.place_cap_cents
        dividend = (
            _paid_by(settled_on, kind, by_number, paid) if rules.mode == "parimutuel" else None
        )
        points = getattr(score, f"{kind}_points")
        legs.append(
            {
                "kind": kind,
                "picked": picked,
                "picked_state": _runner_state(by_number.get(picked)),
                "settled_on": settled_on,
                "settled_state": _runner_state(by_number.get(settled_on)),
                "substitution": _substitution(
                    picked, settled_on, getattr(score, f"{kind}_substituted"), pick.alternate
                ),
                "dead_heat": _dead_heat(settled_on, kind, by_number, dividends),
                "dividend_cents": dividend.cents if dividend and points else None,
                "pool": dividend.pool if dividend and points else None,
                "paid_runner": dividend.number if dividend and points else None,
                "cap_cents": cap if rules.mode == "parimutuel" else None,
                "capped": bool(dividend and points and cap is not None and dividend.cents > cap),
                "hit": getattr(score, f"{kind}_hit"),
                "points": points,
            }
        )
    return {
        "mode": rules.mode,
        "stake_cents": rules.stake_cents,
        "non_runner_policy": rules.non_runner_policy,
        "legs": legs,
        "points": score.points,
    }
