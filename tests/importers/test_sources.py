"""HttpSource against a real HTTP server on 127.0.0.1, and FileSource on a temporary folder."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from importers import FeedError, NotPublished, pmu
from importers.sources import FileSource, HttpSource

DAY = dt.date(2025, 11, 5)
PROGRAMME_PATH = "/programme/05112025"
RAPPORTS_PATH = "/programme/05112025/R1/C1/rapports-definitifs"
BODY = (
    b'[{"typePari": "SIMPLE_GAGNANT",'
    b' "rapports": [{"combinaison": "7", "dividendePourUnEuro": 310}]}]'
)


@dataclass
class Reply:
    status: int = 200
    body: bytes = BODY
    delay: float = 0.0
    declared_length: int | None = None  # a Content-Length larger than the body cuts it short


@dataclass
class Server:
    url: str
    stop: threading.Event
    replies: dict[str, list[Reply]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def script(self, path: str, *replies: Reply) -> None:
        """Answer `path` with these replies in turn; the last one repeats."""
        self.replies[path] = list(replies)

    def next_reply(self, path: str) -> Reply:
        queue = self.replies.get(path.split("?", maxsplit=1)[0], [Reply(404, b"")])
        return queue.pop(0) if len(queue) > 1 else queue[0]


@pytest.fixture
def server() -> Iterator[Server]:
    stop = threading.Event()
    state = Server(url="", stop=stop)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers.items())))
            reply = state.next_reply(self.path)
            if reply.delay:
                stop.wait(reply.delay)
            self.send_response(reply.status)
            length = reply.declared_length if reply.declared_length is not None else len(reply.body)
            if reply.status != 204:
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(length))
            if reply.declared_length is not None:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if reply.status != 204:
                self.wfile.write(reply.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Quiet(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that timed out and left is not a test failure

    httpd = Quiet(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def source(server: Server, **options: Any) -> HttpSource:
    """An HttpSource on the test server, with short timeouts and no waiting between tries.

    Long enough for the test server to answer on a busy machine: a test about timeouts
    gives its own, shorter than the delay it scripts."""
    settings: dict[str, Any] = {"timeout": (1.0, 2.0), "retries": 2, "backoff": 0.0}
    settings.update(options)
    return HttpSource(server.url, **settings)


# --- HttpSource ----------------------------------------------------------------------------------


def test_it_fetches_the_programme_at_the_pmu_path(server: Server) -> None:
    server.script(PROGRAMME_PATH, Reply(body=b'{"programme": {}}'))

    with source(server) as http:
        assert http.programme(DAY) == b'{"programme": {}}'
    assert [path for path, _ in server.requests] == [PROGRAMME_PATH]


def test_it_fetches_participants_and_rapports_at_the_pmu_paths(server: Server) -> None:
    server.script("/programme/05112025/R1/C1/participants", Reply(body=b"{}"))
    server.script(RAPPORTS_PATH, Reply())

    with source(server) as http:
        http.participants(DAY, 1, 1)
        http.rapports(DAY, 1, 1)

    assert [path for path, _ in server.requests] == [
        "/programme/05112025/R1/C1/participants",
        RAPPORTS_PATH,
    ]


def test_it_sends_its_user_agent(server: Server) -> None:
    server.script(PROGRAMME_PATH, Reply())

    with source(server, user_agent="Paddock-test/1") as http:
        http.programme(DAY)

    assert server.requests[0][1]["User-Agent"] == "Paddock-test/1"


def test_it_sends_the_default_user_agent(server: Server) -> None:
    server.script(PROGRAMME_PATH, Reply())

    with source(server) as http:
        http.programme(DAY)

    assert server.requests[0][1]["User-Agent"] == "Paddock/0.1 (+race importer)"


def test_it_retries_after_a_server_error(server: Server) -> None:
    server.script(RAPPORTS_PATH, Reply(500, b"oops"), Reply())

    with source(server) as http:
        body = http.rapports(DAY, 1, 1)

    assert pmu.parse_dividends(body).win == {7: 310}
    assert len(server.requests) == 2


def test_it_gives_up_after_the_retries_naming_the_url(server: Server) -> None:
    server.script(PROGRAMME_PATH, Reply(503, b"down"))

    with source(server, retries=2) as http, pytest.raises(FeedError) as caught:
        http.programme(DAY)

    assert caught.value.file == server.url + PROGRAMME_PATH
    assert "HTTP 503" in str(caught.value)
    assert len(server.requests) == 3


def test_it_does_not_retry_a_client_error(server: Server) -> None:
    server.script(PROGRAMME_PATH, Reply(400, b"bad"))

    with source(server) as http, pytest.raises(FeedError, match="HTTP 400"):
        http.programme(DAY)

    assert len(server.requests) == 1


def test_it_retries_a_read_timeout_then_names_the_url(server: Server) -> None:
    server.script(PROGRAMME_PATH, Reply(delay=1.0))

    with source(server, timeout=(0.5, 0.1), retries=1) as http, pytest.raises(FeedError) as caught:
        http.programme(DAY)

    assert caught.value.file == server.url + PROGRAMME_PATH
    assert "Timeout" in str(caught.value)
    assert len(server.requests) == 2


def test_it_recovers_from_a_timeout(server: Server) -> None:
    # The second answer must come within the read timeout however busy the machine: a
    # timeout of 2 s, which the first answer (held 5 s, released at teardown) overruns.
    server.script(PROGRAMME_PATH, Reply(delay=5.0), Reply(body=b"{}"))

    with source(server, timeout=(0.5, 2.0), retries=1) as http:
        assert http.programme(DAY) == b"{}"
    assert len(server.requests) == 2


def test_it_retries_a_body_cut_short(server: Server) -> None:
    server.script(PROGRAMME_PATH, Reply(body=b'{"programme": {"reu', declared_length=500))

    with source(server, retries=1) as http, pytest.raises(FeedError) as caught:
        http.programme(DAY)

    assert caught.value.file == server.url + PROGRAMME_PATH
    assert len(server.requests) == 2


def test_it_hands_truncated_json_to_a_parser_that_raises_feed_error(server: Server) -> None:
    server.script(PROGRAMME_PATH, Reply(body=b'{"programme": {"reunions": [{"numOff'))

    with source(server) as http:
        raw = http.programme(DAY)
        with pytest.raises(FeedError) as caught:
            pmu.parse_programme(raw, source=http.programme_url(DAY))

    assert caught.value.file == server.url + PROGRAMME_PATH


def test_it_reports_unpublished_rapports_on_404(server: Server) -> None:
    server.script(RAPPORTS_PATH, Reply(404, b"{}"))

    with source(server) as http, pytest.raises(NotPublished):
        http.rapports(DAY, 1, 1)

    assert len(server.requests) == 1


def test_it_reports_unpublished_rapports_on_204(server: Server) -> None:
    server.script(RAPPORTS_PATH, Reply(204, b""))

    with source(server) as http, pytest.raises(NotPublished):
        http.rapports(DAY, 1, 1)


def test_it_reports_a_missing_programme_as_a_plain_feed_error(server: Server) -> None:
    server.script(PROGRAMME_PATH, Reply(404, b""))

    with source(server) as http, pytest.raises(FeedError) as caught:
        http.programme(DAY)

    assert not isinstance(caught.value, NotPublished)


def test_it_sends_the_specialisation_when_asked(server: Server) -> None:
    server.script(RAPPORTS_PATH, Reply())

    with source(server, specialisation="INTERNET") as http:
        http.rapports(DAY, 1, 1)

    assert server.requests[0][0] == RAPPORTS_PATH + "?specialisation=INTERNET"


def test_it_names_the_url_when_nothing_listens() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    http = HttpSource(f"http://127.0.0.1:{port}", timeout=(0.2, 0.2), retries=1, backoff=0.0)

    with http, pytest.raises(FeedError) as caught:
        http.programme(DAY)

    assert caught.value.file == f"http://127.0.0.1:{port}{PROGRAMME_PATH}"


def test_it_backs_off_exponentially(server: Server) -> None:
    server.script(PROGRAMME_PATH, Reply(500, b""))
    waits: list[float] = []

    with (
        source(server, retries=3, backoff=0.5, sleep=waits.append) as http,
        pytest.raises(FeedError),
    ):
        http.programme(DAY)

    assert waits == [0.5, 1.0, 2.0]


# --- FileSource ------------------------------------------------------------------------------


def test_it_reads_the_documented_file_names(tmp_path: Path) -> None:
    (tmp_path / "programme_05112025.json").write_bytes(b"P")
    (tmp_path / "participants_05112025_R1_C2.json").write_bytes(b"Q")
    (tmp_path / "rapports_05112025_R1_C2.json").write_bytes(b"R")
    files = FileSource(tmp_path)

    assert (files.programme(DAY), files.participants(DAY, 1, 2), files.rapports(DAY, 1, 2)) == (
        b"P",
        b"Q",
        b"R",
    )


def test_it_reports_missing_rapports_files_as_not_published(tmp_path: Path) -> None:
    with pytest.raises(NotPublished):
        FileSource(tmp_path).rapports(DAY, 1, 2)


def test_it_names_a_missing_participants_file(tmp_path: Path) -> None:
    with pytest.raises(FeedError) as caught:
        FileSource(tmp_path).participants(DAY, 1, 2)

    assert caught.value.file == str(tmp_path / "participants_05112025_R1_C2.json")
    assert not isinstance(caught.value, NotPublished)
