"""Racing fixtures: the real PMU captures, hand-written feed files, a local PMU server."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pytest_django import Settings

from backend.racing.models import Dividend, ImportRun, Meeting, Race, Runner
from backend.racing.signals import official_result_stored

REAL_DAY = dt.date(2025, 11, 5)  # mathis-dumont's programme, participants and rapports
MATHIS = "mathis-dumont+horse-racing-prediction"


def _real_data_dir() -> Path | None:
    configured = os.environ.get("PADDOCK_REAL_DATA")
    candidates = [Path(configured)] if configured else []
    # tests/backend/racing/conftest.py -> the checkout -> ../shared/real-data beside it
    candidates.append(Path(__file__).resolve().parents[3].parent / "shared" / "real-data")
    return next((p for p in candidates if (p / "INDEX.md").is_file()), None)


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The shared real race files (PADDOCK_REAL_DATA, or ../shared/real-data); skips
    without them."""
    found = _real_data_dir()
    if found is None:
        pytest.skip(
            "real race files not found: set PADDOCK_REAL_DATA or put them in ../shared/real-data"
        )
    return found


@pytest.fixture(scope="session")
def real_files(real_data: Path) -> dict[str, Path]:
    """The real programme, participants and rapports of REAL_DAY's R1 C1, by kind."""
    folder = real_data / MATHIS
    return {
        "programme": folder / "pretraitement__programme_05112025.json",
        "participants": folder / "pretraitement__participants_R1_C1.json",
        "rapports": folder / "pretraitement__rapports_R1_C1.json",
    }


@pytest.fixture
def signals() -> Iterator[list[dict[str, Any]]]:
    """Every official_result_stored sent during the test, as {race_id, version}."""
    sent: list[dict[str, Any]] = []

    def receiver(sender: Any, race: Race, version: int, **kwargs: Any) -> None:
        sent.append({"race_id": race.pk, "version": version})

    official_result_stored.connect(receiver, dispatch_uid="tests.racing.signals")
    yield sent
    official_result_stored.disconnect(dispatch_uid="tests.racing.signals")


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every stored racing row, to compare the database before and after."""
    return {
        "meetings": sorted(Meeting.objects.values_list("pk", "date", "number", "racecourse")),
        "races": sorted(
            Race.objects.values_list(
                "pk",
                "meeting_id",
                "number",
                "name",
                "post_time",
                "status",
                "result_version",
                "result_updated_at",
                "distance",
                "declared_runners",
            )
        ),
        "runners": sorted(
            Runner.objects.values_list(
                "pk",
                "race_id",
                "number",
                "name",
                "jockey",
                "status",
                "odds",
                "position",
                "disqualified",
                "coupled",
            )
        ),
        "dividends": sorted(
            Dividend.objects.values_list("race_id", "kind", "number", "cents", "pool")
        ),
    }


def counts() -> dict[str, int]:
    return {
        "meetings": Meeting.objects.count(),
        "races": Race.objects.count(),
        "runners": Runner.objects.count(),
        "dividends": Dividend.objects.count(),
    }


def last_run() -> ImportRun:
    run = ImportRun.objects.order_by("-pk").first()
    assert run is not None
    return run


# --- hand-written files -------------------------------------------------------------------

CSV_HEADER = (
    "date,meeting,racecourse,country,race,race_name,post_time,distance,discipline,race_status,"
    "number,horse,jockey,trainer,coupled,non_runner,odds,position,disqualified,win_dividend,"
    "place_dividend"
)


def csv_race(
    runners: list[dict[str, Any]],
    *,
    day: str = "2026-11-29",
    meeting: int = 1,
    race: int = 4,
    status: str = "",
    post_time: str = "2026-11-29T15:15:00+01:00",
) -> bytes:
    """A Paddock CSV of one race; each runner dict may set any column by name."""
    lines = [CSV_HEADER]
    for runner in runners:
        row = {
            "date": day,
            "meeting": meeting,
            "racecourse": "VINCENNES",
            "country": "FRA",
            "race": race,
            "race_name": "PRIX DU TEST",
            "post_time": post_time,
            "distance": 2700,
            "discipline": "ATTELE",
            "race_status": status,
            "horse": f"HORSE {runner['number']}",
            "jockey": f"J. {runner['number']}",
            "trainer": "T. TRAINER",
            "non_runner": 0,
            "disqualified": 0,
            **runner,
        }
        lines.append(",".join(str(row.get(c, "")) for c in CSV_HEADER.split(",")))
    return ("\n".join(lines) + "\n").encode()


def eight_runners(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    """Runners 1..8 of the CSV race, odds 2..9; `changes` keyed "n3" edit runner 3."""
    runners = [{"number": n, "odds": n + 1} for n in range(1, 9)]
    for key, change in changes.items():
        runners[int(key[1:]) - 1].update(change)
    return runners


def pmu_participants(
    runners: list[dict[str, Any]], *, day: str | None = None, meeting: int = 1, race: int = 1
) -> bytes:
    """A PMU participants document: numPmu, nom, odds; `arrival` / `statut` / `incident`.

    With `day` (DDMMYYYY) the silks' addresses name the race, as PMU's do
    (…/casaques/05112025/R1/C1/P3.png), and a result import checks it is the race imported
    for; without, they name none (…/casaques/P3.png) and the file fits any race.
    """
    items = []
    for r in runners:
        where = "" if day is None else f"{day}/R{meeting}/C{race}/"
        item: dict[str, Any] = {
            "numPmu": r["number"],
            "nom": r.get("name", f"CHEVAL {r['number']}"),
            "statut": r.get("statut", "PARTANT"),
            "driver": f"D. {r['number']}",
            "entraineur": "E. TRAINER",
            "urlCasaque": f"https://x.test/casaques/{where}P{r['number']}.png",
            "ecurie": r.get("coupled"),
        }
        if "odds" in r:
            item["dernierRapportDirect"] = {"typePari": "SIMPLE_GAGNANT", "rapport": r["odds"]}
        if "position" in r:
            item["ordreArrivee"] = r["position"]
        if "incident" in r:
            item["incident"] = r["incident"]
        items.append(item)
    return json.dumps({"participants": items}).encode()


def pmu_rapports(
    win: dict[int, int], place: dict[int, int], *, refunded: bool = False, prefix: str = "E_"
) -> bytes:
    def bet(kind: str, table: dict[int, int]) -> dict[str, Any]:
        return {
            "typePari": f"{prefix}{kind}",
            "rembourse": refunded,
            "rapports": [
                {"dividendePourUnEuro": cents, "combinaison": str(number)}
                for number, cents in table.items()
            ],
        }

    return json.dumps([bet("SIMPLE_GAGNANT", win), bet("SIMPLE_PLACE", place)]).encode()


def pmu_programme(
    races: list[dict[str, Any]], *, day: dt.date = REAL_DAY, meeting: int = 1
) -> bytes:
    """A one-meeting PMU programme; each race dict: number, name, post (aware datetime)."""
    offset = 3_600_000
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    courses = [
        {
            "numOrdre": r["number"],
            "libelle": r.get("name", f"PRIX {r['number']}"),
            "heureDepart": int(r["post"].timestamp() * 1000),
            "timezoneOffset": offset,
            "distance": 2100,
            "distanceUnit": "METRE",
            "discipline": "ATTELE",
            "nombreDeclaresPartants": r.get("declared", 8),
            "statut": r.get("statut", "PROGRAMMEE"),
        }
        for r in races
    ]
    doc = {
        "programme": {
            "date": int(midnight.timestamp() * 1000),
            "timezoneOffset": offset,
            "reunions": [
                {
                    "numOfficiel": meeting,
                    "dateReunion": int(midnight.timestamp() * 1000),
                    "timezoneOffset": offset,
                    "hippodrome": {"libelleCourt": "VINCENNES"},
                    "pays": {"code": "FRA"},
                    "courses": courses,
                }
            ],
        }
    }
    return json.dumps(doc).encode()


# --- a local PMU server -------------------------------------------------------------------


class PmuServer:
    """A turfinfo look-alike on 127.0.0.1: `routes` maps a path to (status, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.requests: list[str] = []
        self.queries: list[str] = []  # each request's query string, in order
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                server.requests.append(path)
                server.queries.append(query)
                status, body = server.routes.get(path, (404, b""))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/rest/client/1"

    def race(self, day: dt.date, meeting: int, race: int) -> str:
        return f"/rest/client/1/programme/{day:%d%m%Y}/R{meeting}/C{race}"

    def serve(self, path: str, body: bytes, status: int = 200) -> None:
        self.routes[path] = (status, body)


@pytest.fixture
def pmu_server(settings: Settings) -> Iterator[PmuServer]:
    """A local PMU feed the racing code is pointed at (PADDOCK_RACING["PMU_BASE_URL"])."""
    server = PmuServer()
    server.thread.start()
    settings.PADDOCK_RACING = {"PMU_BASE_URL": server.base_url, "PMU_RETRIES": 0}
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
    server.thread.join(timeout=5)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, bytes], Path]:
    """write_file(name, content) -> the path of a new file with that content."""

    def write(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write
