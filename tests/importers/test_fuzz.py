"""Garbage in, FeedError out: no input may make a parser raise anything else."""

from __future__ import annotations

import contextlib
import csv as stdlib_csv
import io
import json
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers import FeedError, pmu
from importers import csv as cards

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PMU_KEYS = [
    "programme", "reunions", "courses", "date", "timezoneOffset", "dateReunion", "numOfficiel",
    "numExterne", "hippodrome", "libelleCourt", "pays", "code", "numReunion", "numOrdre",
    "libelle", "heureDepart", "distance", "distanceUnit", "discipline", "nombreDeclaresPartants",
    "statut", "categorieStatut", "arriveeDefinitive", "rembourse", "ordreArrivee", "incidents",
    "type", "numeroParticipants", "participants", "numPmu", "nom", "driver", "entraineur",
    "incident", "ecurie", "dernierRapportDirect", "dernierRapportReference", "rapport",
    "urlCasaque", "typePari", "rapports", "combinaison", "dividendePourUnEuro", "dividende",
    "dividendeUnite", "course_data",
]  # fmt: skip

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
    | st.sampled_from(
        ["NON_PARTANT", "DISQUALIFIE_X", "E_SIMPLE_GAGNANT", "SIMPLE_PLACE", "NP", "7"]
    )
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(PMU_KEYS) | st.text(max_size=6), children, max_size=5)
    ),
    max_leaves=25,
)


def course() -> dict[str, Any]:
    return {
        "numReunion": 1,
        "numOrdre": 2,
        "libelle": "PRIX",
        "heureDepart": 1_762_344_720_000,
        "timezoneOffset": 3_600_000,
        "distance": 2100,
        "distanceUnit": "METRE",
        "discipline": "PLAT",
        "nombreDeclaresPartants": 4,
        "statut": "ARRIVEE_DEFINITIVE",
        "arriveeDefinitive": True,
        "participants": [],
        "ordreArrivee": [[2, 4], [1]],
        "incidents": [
            {"type": "NON_PARTANT", "numeroParticipants": [3]},
            {"type": "DISQUALIFIE_POUR_ALLURE_IRREGULIERE", "numeroParticipants": [5]},
        ],
    }


def participants() -> dict[str, Any]:
    return {
        "participants": [
            {
                "numPmu": n,
                "nom": f"H{n}",
                "statut": "NON_PARTANT" if n == 3 else "PARTANT",
                "driver": "J",
                "entraineur": "T",
                "ordreArrivee": {1: 3, 2: 1, 4: 1}.get(n),
                "incident": "DISQUALIFIE_POUR_ALLURE_IRREGULIERE" if n == 5 else None,
                "ecurie": "E1" if n in (1, 2) else None,
                "dernierRapportDirect": {"typePari": "E_SIMPLE_GAGNANT", "rapport": 2.5 + n},
                "urlCasaque": f"https://x/casaques/05112025/R1/C2/P{n}.png",
            }
            for n in range(1, 6)
        ]
    }


def rapports() -> list[Any]:
    return [
        {
            "typePari": kind,
            "rembourse": False,
            "rapports": [
                {"combinaison": str(n), "dividendePourUnEuro": 150 + n, "dividende": 150 + n}
                for n in numbers
            ],
        }
        for kind, numbers in (
            ("E_SIMPLE_GAGNANT", [2, 4]),
            ("SIMPLE_GAGNANT", [2, 4]),
            ("E_SIMPLE_PLACE", [2, 4, 1]),
            ("E_COUPLE_GAGNANT", []),
        )
    ]


def programme() -> dict[str, Any]:
    return {
        "programme": {
            "date": 1_762_297_200_000,
            "timezoneOffset": 3_600_000,
            "reunions": [
                {
                    "numOfficiel": 1,
                    "dateReunion": 1_762_297_200_000,
                    "timezoneOffset": 3_600_000,
                    "hippodrome": {"libelleCourt": "NANTES"},
                    "pays": {"code": "FRA"},
                    "courses": [course()],
                }
            ],
        }
    }


TEMPLATES: list[Callable[[], Any]] = [
    programme,
    participants,
    rapports,
    course,
    lambda: {"date_analyse": "x", "course_data": course(), "rapports": rapports()},
]


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths(child, (*prefix, index))
    return found


def replace(doc: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    return doc


@st.composite
def mutated_documents(draw: st.DrawFn) -> bytes:
    """A valid-looking PMU document with one to three nodes swapped for random JSON."""
    doc = draw(st.sampled_from(TEMPLATES))()
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        doc = replace(doc, draw(st.sampled_from(paths(doc))), draw(json_values))
    return json.dumps(doc).encode()


def every_pmu_parser(raw: bytes) -> None:
    valid_participants = json.dumps(participants()).encode()
    valid_rapports = json.dumps(rapports()).encode()
    calls: list[Callable[[], object]] = [
        lambda: pmu.parse_programme(raw, source="x.json"),
        lambda: pmu.parse_participants(raw),
        lambda: pmu.parse_dividends(raw),
        lambda: pmu.parse_race(raw),
        lambda: pmu.parse_outcome(raw, raw),
        lambda: pmu.parse_outcome(raw, valid_rapports),
        lambda: pmu.parse_outcome(valid_participants, raw),
    ]
    for call in calls:
        with contextlib.suppress(FeedError):
            call()


def every_csv_parser(raw: bytes) -> None:
    valid = cards.template_bytes()
    calls: list[Callable[[], object]] = [
        lambda: cards.parse_programme(raw, source="x.csv"),
        lambda: cards.parse_participants(raw),
        lambda: cards.parse_dividends(raw),
        lambda: cards.parse_outcome(raw, raw),
        lambda: cards.parse_outcome(valid, raw),
        lambda: cards.parse_outcome(raw, valid),
    ]
    for call in calls:
        with contextlib.suppress(FeedError):
            call()


def test_it_survives_the_mutation_templates_unmutated() -> None:
    # The templates themselves parse: mutations start from valid documents.
    assert pmu.parse_outcome(json.dumps(participants()).encode(), json.dumps(rapports()).encode())
    assert pmu.parse_programme(json.dumps(programme()).encode())


@FUZZ
@given(st.binary(max_size=300))
def test_it_raises_only_feed_error_on_random_bytes_as_json(raw: bytes) -> None:
    every_pmu_parser(raw)


@FUZZ
@given(json_values)
def test_it_raises_only_feed_error_on_random_json_values(value: Any) -> None:
    every_pmu_parser(json.dumps(value).encode())


@FUZZ
@given(mutated_documents())
def test_it_raises_only_feed_error_on_plausible_json_with_wrong_types(raw: bytes) -> None:
    every_pmu_parser(raw)


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_it_raises_only_feed_error_on_random_bytes_as_csv(raw: bytes) -> None:
    every_csv_parser(raw)


csv_cells = st.sampled_from(
    ["", "1", "R1", "C2", "0", "yes", "no", "2026-11-29", "2026-02-30", "2026-11-29T15:15:00+01:00",
     "2026-11-29T15:15:00", "5.9", "5,90", "590", "-1", "official", "refunded", "VINCENNES", "x"]
) | st.text(max_size=12)  # fmt: skip


@st.composite
def plausible_csv(draw: st.DrawFn) -> bytes:
    """Our header (some columns dropped or shuffled) over rows of likely and unlikely cells."""
    optional = [c for c in cards.COLUMNS if c not in cards.REQUIRED_COLUMNS]
    columns = list(cards.REQUIRED_COLUMNS) + draw(st.lists(st.sampled_from(optional), unique=True))
    columns = draw(st.permutations(columns))
    rows = draw(
        st.lists(st.lists(csv_cells, min_size=len(columns), max_size=len(columns)), max_size=6)
    )
    out = io.StringIO()
    writer = stdlib_csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode()


@FUZZ
@given(plausible_csv())
def test_it_raises_only_feed_error_on_plausible_csv(raw: bytes) -> None:
    every_csv_parser(raw)
