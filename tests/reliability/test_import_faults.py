"""Race imports against a misbehaving PMU feed (a local server): timeouts, 500s, bodies cut
short, broken JSON, and a result that changes between two polls. The feed is retried;
a failure leaves an ImportRun marked failed with a message naming the URL and the cause;
nothing is half written (every racing row is as before)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from pytest_django import Settings

from backend.accounts.models import User
from backend.racing.models import ImportRun, Race
from backend.racing.tasks import fetch_result
from tests.backend.racing.conftest import (
    REAL_DAY,
    pmu_participants,
    pmu_programme,
    pmu_rapports,
    snapshot,
)

pytestmark = pytest.mark.django_db

ROOT = "/rest/client/1/programme/05112025"
RETRIES = 2  # three tries per document


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0  # seconds before answering (longer than the read timeout: a timeout)
    cut: bool = False  # announce the whole body, send half, close: a body cut short


class FaultyFeed:
    """A PMU look-alike on 127.0.0.1 whose answers per path are scripted in order (the
    last one repeats)."""

    def __init__(self) -> None:
        self.script: dict[str, list[Answer]] = {}
        self.hits: dict[str, int] = {}
        self.stopped = threading.Event()  # set on teardown: a held answer is let go
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                count = feed.hits.get(path, 0)
                feed.hits[path] = count + 1
                answers = feed.script.get(path, [Answer(404)])
                answer = answers[min(count, len(answers) - 1)]
                if answer.delay:  # a slow server: the answer is held, not awaited
                    feed.stopped.wait(answer.delay)
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                try:
                    self.wfile.write(
                        answer.body[: len(answer.body) // 2] if answer.cut else answer.body
                    )
                    if answer.cut:
                        self.wfile.flush()
                        self.close_connection = True
                except (BrokenPipeError, ConnectionResetError):  # the client gave up
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/rest/client/1"

    def serve(self, path: str, *answers: Answer) -> None:
        self.script[path] = list(answers)


@pytest.fixture
def feed(settings: Settings) -> Iterator[FaultyFeed]:
    """The faulty feed on loopback, the racing code pointed at it with RETRIES retries and
    a 0.3 s read timeout."""
    server = FaultyFeed()
    server.thread.start()
    settings.PADDOCK_RACING = {
        "PMU_BASE_URL": server.base_url,
        "PMU_RETRIES": RETRIES,
        "PMU_TIMEOUT": 0.3,
    }
    yield server
    server.stopped.set()
    server.httpd.shutdown()
    server.httpd.server_close()


POST = dt.datetime(2025, 11, 5, 13, 30, tzinfo=dt.UTC)
PROGRAMME = pmu_programme(
    [{"number": 1, "post": POST}, {"number": 2, "post": POST + dt.timedelta(minutes=30)}]
)
CARD = pmu_participants([{"number": n, "odds": n + 1.5} for n in range(1, 9)])


def serve_card(feed: FaultyFeed, *race2: Answer) -> None:
    feed.serve(ROOT, Answer(body=PROGRAMME))
    feed.serve(f"{ROOT}/R1/C1/participants", Answer(body=CARD))
    feed.serve(f"{ROOT}/R1/C2/participants", *(race2 or (Answer(body=CARD),)))


def import_card() -> str:
    out = StringIO()
    call_command("import_card", "--date", f"{REAL_DAY}", stdout=out, stderr=StringIO())
    return out.getvalue()


def failed_run() -> ImportRun:
    run = ImportRun.objects.order_by("-pk").first()
    assert run is not None
    assert run.status == ImportRun.Status.FAILED
    assert run.finished_at is not None
    return run


@pytest.mark.parametrize(
    ("answer", "cause"),
    [
        (Answer(500, b'{"error": "boom"}'), "HTTP 500"),
        (Answer(body=CARD, delay=1.0), "Timeout"),
        (Answer(body=CARD, cut=True), "IncompleteRead"),
    ],
    ids=["server-errors", "timeouts", "bodies-cut-short"],
)
def test_it_retries_then_fails_cleanly_when_the_feed_keeps_failing(
    feed: FaultyFeed, answer: Answer, cause: str
) -> None:
    serve_card(feed, answer)
    before = snapshot()

    with pytest.raises(CommandError, match="Nothing imported") as raised:
        import_card()

    assert feed.hits[f"{ROOT}/R1/C2/participants"] == RETRIES + 1
    assert snapshot() == before  # race 1 was fetched fine, yet nothing of it was written
    run = failed_run()
    assert f"{ROOT}/R1/C2/participants" in run.error
    assert cause in run.error, run.error
    assert cause in str(raised.value)


def test_it_names_the_document_when_the_feed_sends_broken_json(feed: FaultyFeed) -> None:
    serve_card(feed, Answer(body=CARD[: len(CARD) // 2]))
    before = snapshot()

    with pytest.raises(CommandError, match="Nothing imported"):
        import_card()

    # A well-delivered but unreadable document is not retried: it would not change.
    assert feed.hits[f"{ROOT}/R1/C2/participants"] == 1
    assert snapshot() == before
    assert "R1/C2/participants" in failed_run().error


def test_it_gets_through_transient_faults_with_its_retries(feed: FaultyFeed) -> None:
    serve_card(
        feed, Answer(503), Answer(body=CARD, cut=True), Answer(body=CARD)
    )  # third try answers

    out = import_card()

    assert "Imported the card" in out
    assert Race.objects.count() == 2
    assert all(race.runners.count() == 8 for race in Race.objects.all())
    run = ImportRun.objects.get()
    assert (run.status, run.error) == (ImportRun.Status.OK, "")


def test_it_shows_the_operator_why_an_import_failed(feed: FaultyFeed, operator: User) -> None:
    serve_card(feed, Answer(500))
    with pytest.raises(CommandError):
        import_card()

    client = Client()
    client.force_login(operator)
    page = client.get(f"/admin/racing/importrun/{failed_run().pk}/change/")
    assert page.status_code == 200
    assert b"HTTP 500" in page.content


# --- results polling ----------------------------------------------------------------------


@pytest.fixture
def featured_race(feed: FaultyFeed) -> Race:
    """Race 1 of the card imported from the feed, featured: the one results are polled for."""
    serve_card(feed)
    import_card()
    race = Race.objects.get(number=1)
    Race.objects.filter(pk=race.pk).update(featured=True)
    return race


FINISHED = pmu_participants([{"number": n, "position": n, "odds": n + 0.5} for n in range(1, 9)])
RESULT_A = pmu_rapports({1: 240}, {1: 120, 2: 140, 3: 170})
RESULT_B = pmu_rapports({1: 260}, {1: 130, 2: 140, 3: 170})  # corrected dividends


def test_it_writes_nothing_when_the_feed_fails_halfway_through_a_result(
    feed: FaultyFeed, featured_race: Race, eager_celery: None
) -> None:
    race_path = f"{ROOT}/R1/C1"
    feed.serve(f"{race_path}/participants", Answer(body=FINISHED))
    feed.serve(f"{race_path}/rapports-definitifs", Answer(502))
    before = snapshot()

    assert fetch_result.delay(featured_race.pk).get() == "failed"

    assert snapshot() == before  # the finishing order read first was not stored alone
    run = failed_run()
    assert (run.trigger, run.race_id) == (ImportRun.Trigger.TASK, featured_race.pk)
    assert "HTTP 502" in run.error
    assert feed.hits[f"{race_path}/rapports-definitifs"] == RETRIES + 1


def test_it_follows_a_result_that_changes_between_two_polls(
    feed: FaultyFeed, featured_race: Race, eager_celery: None
) -> None:
    race_path = f"{ROOT}/R1/C1"
    feed.serve(f"{race_path}/participants", Answer(body=FINISHED))
    feed.serve(f"{race_path}/rapports-definitifs", Answer(body=RESULT_A))
    assert fetch_result.delay(featured_race.pk).get() == "stored"

    feed.serve(f"{race_path}/rapports-definitifs", Answer(body=RESULT_B))
    assert fetch_result.delay(featured_race.pk).get() == "stored"
    assert fetch_result.delay(featured_race.pk).get() == "unchanged"

    race = Race.objects.get(pk=featured_race.pk)
    assert (race.status, race.result_version) == (Race.Status.OFFICIAL, 2)
    dividends = sorted(race.dividends.values_list("kind", "number", "cents"))
    assert dividends == [
        ("place", 1, 130),
        ("place", 2, 140),
        ("place", 3, 170),
        ("win", 1, 260),
    ]
