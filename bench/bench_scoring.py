"""Benchmark of the scoring engine against its targets (prints a table, exits 1 on a miss).

Run from the repository root:

    .venv/bin/python -m bench.bench_scoring        # or: python bench/bench_scoring.py

Timings are the best of several runs after a warm-up. Peak memory is the peak resident set
(`resource.getrusage(...).ru_maxrss`) of a fresh subprocess that builds 1,000,000 picks and
settles them, so it includes the interpreter, numpy and pandas themselves. It is measured
first: on Linux a child's ru_maxrss starts from its parent's resident set at spawn time, so a
parent already holding the benchmark data would inflate it. The memory that `settle` itself
allocates (tracemalloc peak) is shown for information.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make the repository importable
    sys.path.insert(0, str(ROOT))

from scoring import RaceResult, Rules, rank, rank_within, settle  # noqa: E402
from scoring.reference import Pick, settle_rows  # noqa: E402

PICKS = 1_000_000
SAMPLE = 200_000
PLAYERS = 1_000_000
LEAGUES = 100_000
SEED = 20260830

# A realistic featured race: 16 runners, 9 withdrawn (favourite 4), a dead heat for 1st
# (4 and 11, two win dividends), and an écurie (2 and 12).
RACE = RaceResult(
    runners=frozenset(range(1, 17)),
    non_runners=frozenset({9}),
    finish={4: 1, 11: 1, 8: 3, 2: 4, 15: 5, 12: 6},
    win_dividends={4: 210, 11: 510},
    place_dividends={4: 200, 11: 380, 8: 460},
    favourite=4,
    coupled={2: "A", 12: "A"},
)


def make_picks(count: int, seed: int = SEED) -> pd.DataFrame:
    """Picks as a crowd makes them: favourites popular, ~30% with an alternate."""
    rng = np.random.default_rng(seed)
    popularity = np.linspace(3.0, 0.5, 16)
    popularity /= popularity.sum()
    saddles = np.arange(1, 17, dtype=np.int64)
    alternate = pd.array(rng.choice(saddles, size=count, p=popularity), dtype="Int64")
    alternate[rng.random(count) >= 0.3] = pd.NA
    return pd.DataFrame(
        {
            "player_id": np.arange(1, count + 1, dtype=np.int64),
            "win": rng.choice(saddles, size=count, p=popularity),
            "place": rng.choice(saddles, size=count, p=popularity),
            "alternate": alternate,
        }
    )


def as_tuples(picks: pd.DataFrame) -> list[Pick]:
    alternates = picks["alternate"].astype(object).where(picks["alternate"].notna(), None)
    return list(
        zip(
            picks["player_id"].tolist(),
            picks["win"].tolist(),
            picks["place"].tolist(),
            alternates.tolist(),
            strict=True,
        )
    )


def make_standings(count: int, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 1)
    return pd.DataFrame(
        {
            "points": rng.integers(0, 60_000, count),
            "wins": rng.integers(0, 30, count),
            "best": rng.integers(0, 6_000, count),
            "league_id": rng.integers(1, LEAGUES + 1, count),
        }
    )


def best_of(run: Callable[[], Any], repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        run()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def peak_memory_mb() -> float:
    """ru_maxrss (KiB on Linux) of a fresh subprocess settling PICKS picks."""
    child = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--memory-child"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(child.stdout.strip()) / 1024


def memory_child() -> None:
    settle(make_picks(PICKS), RACE)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def settle_allocation_mb(picks: pd.DataFrame) -> float:
    """Peak memory allocated while settling `picks` (tracemalloc), beyond the picks."""
    tracemalloc.start()
    try:
        settle(picks, RACE)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main() -> int:
    memory_mb = peak_memory_mb()  # first, while this process is still small
    rules = Rules()
    picks = make_picks(PICKS)
    sample = picks.iloc[:SAMPLE].reset_index(drop=True)
    sample_tuples = as_tuples(sample)
    standings = make_standings(PLAYERS)

    # The two implementations must agree before their speeds mean anything.
    engine_rows = list(settle(sample, RACE, rules).itertuples(index=False, name=None))
    assert engine_rows == [tuple(row) for row in settle_rows(sample_tuples, RACE, rules)]

    settle_s = best_of(lambda: settle(picks, RACE, rules), repeat=7)
    sample_s = best_of(lambda: settle(sample, RACE, rules), repeat=7)
    reference_s = best_of(lambda: settle_rows(sample_tuples, RACE, rules), repeat=3)
    rank_s = best_of(lambda: rank(standings), repeat=5)
    within_s = best_of(lambda: rank_within(standings, by="league_id"), repeat=5)
    allocated_mb = settle_allocation_mb(picks)
    ratio = reference_s / sample_s

    rows = [
        (f"settle {PICKS:,} picks", f"{settle_s:.3f} s ({PICKS / settle_s / 1e6:.1f} M picks/s)",
         "< 0.300 s", settle_s < 0.3),
        (f"settle {SAMPLE:,} picks", f"{sample_s:.3f} s ({SAMPLE / sample_s / 1e6:.1f} M picks/s)",
         "", None),
        (f"reference {SAMPLE:,} tuples",
         f"{reference_s:.3f} s ({SAMPLE / reference_s / 1e6:.2f} M picks/s)", "", None),
        ("settle vs reference", f"{ratio:.0f}x faster", ">= 5x", ratio >= 5),
        (f"rank {PLAYERS:,} players", f"{rank_s:.3f} s", "< 0.500 s", rank_s < 0.5),
        (f"rank_within {PLAYERS:,} in {LEAGUES:,} leagues", f"{within_s:.3f} s", "< 1.000 s",
         within_s < 1.0),
        (f"peak RSS, settle {PICKS:,} (fresh process)", f"{memory_mb:.0f} MB", "< 500 MB",
         memory_mb < 500),
        (f"allocated by settle {PICKS:,} (tracemalloc)", f"{allocated_mb:.0f} MB", "", None),
    ]  # fmt: skip
    widths = [max(len(str(row[i])) for row in rows) for i in range(3)]
    header = ("benchmark", "measured", "target")
    widths = [max(width, len(name)) for width, name in zip(widths, header, strict=True)]
    line = " | ".join(name.ljust(width) for name, width in zip(header, widths, strict=True))
    print(f"{line} | result")
    print("-" * (len(line) + 9))
    for name, measured, target, passed in rows:
        verdict = "" if passed is None else "PASS" if passed else "FAIL"
        cells = (name, measured, target)
        print(" | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + f" | {verdict}")
    print(f"(best of N after a warm-up; {np.__name__} {np.__version__}, pandas {pd.__version__})")
    return 0 if all(passed is not False for *_, passed in rows) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    if parser.parse_args().memory_child:
        memory_child()
        sys.exit(0)
    sys.exit(main())
