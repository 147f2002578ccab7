"""The engine on real PMU results: its points match PMU's own figures.

The files stay in the shared real-data folder; these tests skip when it is absent.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from scoring import RaceResult, Rules, settle
from tests.scoring.strategies import picks_frame

pytestmark = pytest.mark.realdata

UNCAPPED = Rules(win_cap_cents=None, place_cap_cents=None)


def real_data() -> Path:
    configured = os.environ.get("PADDOCK_REAL_DATA")
    folder = (
        Path(configured) if configured else Path(__file__).resolve().parents[3] / "shared/real-data"
    )
    if not folder.is_dir():
        pytest.skip(f"no real data at {folder} (set PADDOCK_REAL_DATA)")
    return folder


def load(relative: str) -> Any:
    path = real_data() / relative
    if not path.is_file():
        pytest.skip(f"real data file missing: {relative}")
    return json.loads(path.read_text(encoding="utf-8"))


def dividends(pools: list[dict[str, Any]], kind: str) -> dict[int, dict[str, int]]:
    """Saddle number -> the PMU rapport of the pool `kind` (E_SIMPLE_GAGNANT, ...)."""
    pool = next(pool for pool in pools if pool["typePari"] == kind)
    return {int(rapport["combinaison"]): rapport for rapport in pool["rapports"]}


def finish_of(arrival: list[list[int]]) -> dict[int, int]:
    """PMU `ordreArrivee` groups -> positions, tied runners sharing one (1, 1, 3)."""
    finish: dict[int, int] = {}
    for group in arrival:
        position = len(finish) + 1
        finish.update(dict.fromkeys(group, position))
    return finish


def test_it_pays_what_pmu_pays_on_a_2_euro_base_stake() -> None:
    # 04/11/2025 R1C1 Vincennes, shop pools with miseBase 200: PMU's own 2 € figures.
    data = load("SaGicquel+horse3/exemple_api_pmu.json")
    race_data = data["course_data"]
    win = dividends(data["rapports"], "SIMPLE_GAGNANT")
    place = dividends(data["rapports"], "SIMPLE_PLACE")
    race = RaceResult(
        runners=frozenset(range(1, race_data["nombreDeclaresPartants"] + 1)),
        finish=finish_of(race_data["ordreArrivee"]),
        win_dividends={n: r["dividendePourUnEuro"] for n, r in win.items()},
        place_dividends={n: r["dividendePourUnEuro"] for n, r in place.items()},
    )
    out = settle(picks_frame([(n, n, n, None) for n in sorted(race.runners)]), race, UNCAPPED)
    by_runner = out.set_index("win_runner")
    assert {n: by_runner.at[n, "win_points"] for n in win} == {
        n: r["dividendePourUneMiseDeBase"] for n, r in win.items()
    }
    assert {n: by_runner.at[n, "place_points"] for n in place} == {
        n: r["dividendePourUneMiseDeBase"] for n, r in place.items()
    }
    assert by_runner.at[16, "win_points"] == 1180


def test_it_caps_a_real_place_dividend() -> None:
    data = load("SaGicquel+horse3/exemple_api_pmu.json")
    place = dividends(data["rapports"], "SIMPLE_PLACE")
    race = RaceResult(
        runners=frozenset(range(1, 17)),
        place_dividends={n: r["dividendePourUnEuro"] for n, r in place.items()},
    )
    # 15 paid 11.40 to place: the game counts 11.00.
    assert settle(picks_frame([(1, 1, 15, None)]), race)["place_points"].tolist() == [2200]


def test_it_pays_a_real_dead_heat_for_first_on_each_dividend() -> None:
    # 30/08/2026 R1C3 Deauville: dead heat for 1st, E_SIMPLE_GAGNANT 4 = 210 and 11 = 510.
    pools = load(
        "Moriah12783+elite-turf/lib__sync____fixtures____pmu-rapports-definitifs-20260830-R1C3.json"
    )
    win = dividends(pools, "E_SIMPLE_GAGNANT")
    place = dividends(pools, "E_SIMPLE_PLACE")
    race = RaceResult(
        runners=frozenset(range(1, 17)),
        win_dividends={n: r["dividendePourUnEuro"] for n, r in win.items()},
        place_dividends={n: r["dividendePourUnEuro"] for n, r in place.items()},
    )
    out = settle(picks_frame([(1, 4, 4, None), (2, 11, 11, None)]), race)
    assert out["win_points"].tolist() == [420, 1020]
    assert out["win_hit"].all()
