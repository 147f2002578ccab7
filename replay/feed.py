"""A local stand-in for PMU's turfinfo feed, serving real recorded documents re-dated.

The documents are the real captures the importer tests read (PADDOCK_REAL_DATA, see
the real-data index): the programme, participants and rapports-definitifs of
05/11/2025 R1C1 Nantes, the one race recorded with both its participants and its
dividends. Each replayed week serves them as another day (the season's calendar: one race
day a week) with the post time moved to the replay's clock, and changes them over time as
the real feed does: the card, a non-runner declared late, the provisional arrival, the
official dividends, a corrected dividend, a result going back to provisional. Faults are
scripted too: documents cut short and answers slower than the client's timeout.

The same paths as PMU's: /programme/{DDMMYYYY}, .../R{n}/C{m}/participants and
.../R{n}/C{m}/rapports-definitifs. Every request is logged with what it was served.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RECORDING = "mathis-dumont+horse-racing-prediction"
PROGRAMME = "pretraitement__programme_05112025.json"
PARTICIPANTS = "pretraitement__participants_R1_C1.json"
RAPPORTS = "pretraitement__rapports_R1_C1.json"
RECORDED_DAY = "05112025"

# Stages of one race day, in the order the real feed goes through them.
CARD, PROVISIONAL, OFFICIAL, CORRECTED, REGRESSED = (
    "card",
    "provisional",
    "official",
    "corrected",
    "regressed",
)


def real_data_dir() -> Path | None:
    """PADDOCK_REAL_DATA, else ../shared/real-data beside the checkout (as the tests do)."""
    here = Path(__file__).resolve().parents[1]
    candidates = (
        [Path(os.environ["PADDOCK_REAL_DATA"])] if os.environ.get("PADDOCK_REAL_DATA") else []
    )
    candidates.append(here.parent / "shared" / "real-data")
    return next((p for p in candidates if (p / RECORDING / RAPPORTS).is_file()), None)


@dataclass
class Recording:
    """The recorded documents, parsed once."""

    programme: dict[str, Any]
    participants: dict[str, Any]
    rapports: list[dict[str, Any]]

    @classmethod
    def load(cls, root: Path) -> Recording:
        folder = root / RECORDING
        return cls(
            programme=json.loads((folder / PROGRAMME).read_bytes()),
            participants=json.loads((folder / PARTICIPANTS).read_bytes()),
            rapports=json.loads((folder / RAPPORTS).read_bytes()),
        )


@dataclass
class RaceDay:
    """One replayed week's race: its calendar day, post time and current stage."""

    day: dt.date
    post_time: dt.datetime
    stage: str = CARD
    non_runner: int | None = None
    correction: tuple[int, int] | None = None  # (saddle number, corrected PLACE cents)
    truncate_next: int = 0  # the next N participants answers are cut short
    slow_next: int = 0  # the next N answers come later than the client waits

    @property
    def key(self) -> str:
        return self.day.strftime("%d%m%Y")


@dataclass
class Served:
    at: float
    path: str
    status: int
    what: str


@dataclass
class FeedState:
    recording: Recording
    days: dict[str, RaceDay] = field(default_factory=dict)
    log: list[Served] = field(default_factory=list)
    slow_seconds: float = 4.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- documents --------------------------------------------------------------------

    def programme(self, race: RaceDay) -> dict[str, Any]:
        """The day's programme trimmed to R1C1 (the only race with its participants
        recorded), dated `race.day`, post time `race.post_time`."""
        doc = copy.deepcopy(self.recording.programme)
        programme = doc["programme"]
        offset = int(programme["timezoneOffset"])
        midnight = dt.datetime.combine(
            race.day, dt.time(), dt.timezone(dt.timedelta(milliseconds=offset))
        )
        programme["date"] = _ms(midnight)
        meeting = programme["reunions"][0]
        meeting["dateReunion"] = _ms(midnight)
        course = next(c for c in meeting["courses"] if c["numOrdre"] == 1)
        course["heureDepart"] = _ms(race.post_time)
        if race.stage == CARD:
            for key in ("ordreArrivee", "incidents"):
                course.pop(key, None)
            course.update(
                statut="PROGRAMMEE",
                categorieStatut="A_PARTIR",
                arriveeDefinitive=False,
                isArriveeDefinitive=False,
                rapportsDefinitifsDisponibles=False,
            )
        meeting["courses"] = [course]
        programme["reunions"] = [meeting]
        return doc

    def participants(self, race: RaceDay) -> dict[str, Any]:
        raw = json.dumps(self.recording.participants).replace(RECORDED_DAY, race.key)
        doc = json.loads(raw)
        for runner in doc["participants"]:
            if race.stage == CARD:
                runner.pop("ordreArrivee", None)
                runner.pop("incident", None)
            if runner["numPmu"] == race.non_runner:
                runner["statut"] = "NON_PARTANT"
                runner.pop("ordreArrivee", None)
        return doc

    def rapports(self, race: RaceDay) -> list[dict[str, Any]] | None:
        if race.stage not in (OFFICIAL, CORRECTED):
            return None
        doc = copy.deepcopy(self.recording.rapports)
        if race.stage == CORRECTED and race.correction:
            number, cents = race.correction
            for bet in doc:
                if bet["typePari"] in ("SIMPLE_PLACE", "E_SIMPLE_PLACE"):
                    for report in bet["rapports"]:
                        if str(report["combinaison"]) == str(number):
                            report.update(dividende=cents, dividendePourUnEuro=cents)
        return doc

    # --- answers ----------------------------------------------------------------------

    def answer(self, path: str) -> tuple[int, bytes, str, float]:
        """(status, body, what, delay) for a request path."""
        parts = [p for p in path.split("?", maxsplit=1)[0].split("/") if p]
        if len(parts) < 2 or parts[-2 if len(parts) > 2 else 0] == "":
            return 404, b"", "unknown path", 0.0
        try:
            day_index = parts.index("programme") + 1
        except ValueError:
            return 404, b"", "unknown path", 0.0
        with self.lock:
            race = self.days.get(parts[day_index]) if day_index < len(parts) else None
            if race is None:
                return 404, b"", "no such day", 0.0
            tail = parts[day_index + 1 :]
            delay = 0.0
            if race.slow_next > 0:
                race.slow_next -= 1
                delay = self.slow_seconds
            return (*self._document(race, tail), delay)

    def _document(self, race: RaceDay, tail: list[str]) -> tuple[int, bytes, str]:
        if not tail:
            return 200, _json(self.programme(race)), f"programme ({race.stage})"
        if tail[:2] != ["R1", "C1"] or len(tail) != 3:
            return 404, b"", "no such race"
        if tail[2] == "participants":
            body = _json(self.participants(race))
            if race.truncate_next > 0:
                race.truncate_next -= 1
                return 200, body[: len(body) // 2], "participants cut short"
            return 200, body, f"participants ({race.stage})"
        if tail[2] == "rapports-definitifs":
            rapports = self.rapports(race)
            if rapports is None:
                return 404, b"", f"rapports not published ({race.stage})"
            return 200, _json(rapports), f"rapports ({race.stage})"
        return 404, b"", "unknown document"


def _ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _json(doc: object) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


class FeedServer:
    """The feed on 127.0.0.1, in a thread of the replay."""

    def __init__(self, state: FeedState) -> None:
        self.state = state
        handler = _handler(state)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        port = int(self.httpd.server_address[1])
        return f"http://127.0.0.1:{port}/rest/client/1"

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler(state: FeedState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body, what, delay = state.answer(self.path)
            if delay:
                time.sleep(delay)
            with state.lock:
                state.log.append(Served(time.time(), self.path, status, what))
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting: the timeout being replayed

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler
