"""The hostile-input matrix, against a real server on loopback (pytest-django's live_server):
raw bytes on a socket, so nothing on the way cleans a request before the server sees it.

Each row is one request a hostile or careless client can send, and the answer the API owes
it: never a 5xx, always the one JSON error body with its code. The rows that need a
setting or a fault (a forged X-Forwarded-For, login lockouts, Redis down, a hanging
dependency) follow the matrix. With HOSTILE_REPORT set, every answer is written there as a
table (the record of what the server said).
"""

from __future__ import annotations

import http.client
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from pytest_django import Settings
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from backend.accounts.models import User
from backend.common import health
from backend.game.models import Round
from tests.factories import PASSWORD
from tests.reliability.conftest import open_round

pytestmark = [pytest.mark.django_db(transaction=True)]

DEEP = b'{"win": ' + b"[" * 5000 + b"]" * 5000 + b"}"
BIG = b'{"win": 1, "place": 2, "pad": "' + b"x" * (3 * 1024 * 1024) + b'"}'


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def code(self) -> str:
        try:
            return str(self.json().get("code", ""))
        except ValueError:
            return "(not JSON)"


def send(
    base_url: str,
    method: str,
    target: bytes,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> Answer:
    """One raw HTTP/1.1 request: the target goes on the wire byte for byte."""
    parts = urlsplit(base_url)
    lines = [method.encode() + b" " + target + b" HTTP/1.1", f"Host: {parts.netloc}".encode()]
    for name, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
        lines.append(f"{name}: {value}".encode())
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    connection.connect()
    assert connection.sock is not None
    connection.sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
    response = http.client.HTTPResponse(connection.sock, method=method)
    response.begin()
    answer = Answer(response.status, dict(response.getheaders()), response.read())
    connection.close()
    return answer


@pytest.fixture
def report() -> Iterator[Callable[[str, Answer], None]]:
    rows: list[str] = []

    def record(case: str, answer: Answer) -> None:
        rows.append(f"| {case} | {answer.status} | {answer.code or '-'} |")

    yield record
    if os.environ.get("HOSTILE_REPORT"):
        with Path(os.environ["HOSTILE_REPORT"]).open("a", encoding="utf-8") as out:
            out.write("\n".join(rows) + "\n")


@pytest.fixture
def world(member: User, eager_celery: None, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A player's token, an open round and its season; throttles out of the way."""
    for rates in (SimpleRateThrottle.THROTTLE_RATES, api_settings.DEFAULT_THROTTLE_RATES):
        for scope in list(rates):
            monkeypatch.setitem(rates, scope, "100000/min")
    rnd: Round = open_round()
    return {
        "auth": {"Authorization": f"Token {Token.objects.create(user=member).key}"},
        "round": rnd.pk,
        "season": rnd.season_id,
    }


JSON = {"Content-Type": "application/json"}
# case, method, target ({round}/{season} filled in), body, extra headers, status, code
MATRIX: list[tuple[str, str, str, bytes, dict[str, str], int, str]] = [
    ("NUL in a query", "GET", "/api/v1/leagues/directory/?search=%00", b"", {}, 400, "invalid_url"),
    ("NUL in a path", "GET", "/api/v1/leagues/%00/", b"", {}, 400, "invalid_url"),
    ("invalid UTF-8 in a path", "GET", "/api/v1/leagues/%FF%FE/", b"", {}, 404, "not_found"),
    (
        "invalid UTF-8 in a query",
        "GET",
        "/api/v1/leagues/directory/?search=%FF%FE",
        b"",
        {},
        200,
        "",
    ),
    (
        "bigint page",
        "GET",
        "/api/v1/game/seasons/{season}/rankings/?page=9223372036854775807",
        b"",
        {},
        404,
        "not_found",
    ),
    (
        "page_size beyond every integer",
        "GET",
        "/api/v1/game/seasons/{season}/rankings/?page_size=99999999999999999999",
        b"",
        {},
        400,
        "invalid",
    ),
    (
        "a query parameter given twice",
        "GET",
        "/api/v1/game/rounds/?when=past&when=current",
        b"",
        {},
        400,
        "invalid",
    ),
    (
        "an undocumented query parameter",
        "GET",
        "/api/v1/game/rounds/?colour=red",
        b"",
        {},
        400,
        "unknown_parameter",
    ),
    (
        "JSON nested 5,000 deep",
        "PUT",
        "/api/v1/game/rounds/{round}/pick/",
        DEEP,
        JSON,
        400,
        "parse_error",
    ),
    (
        "invalid UTF-8 in a JSON body",
        "PUT",
        "/api/v1/game/rounds/{round}/pick/",
        b'{"win": "\xff\xfe"}',
        JSON,
        400,
        "parse_error",
    ),
    (
        "NUL in a JSON string",
        "PUT",
        "/api/v1/game/rounds/{round}/pick/",
        b'{"win": 1, "place": 2, "x": "a\\u0000"}',
        JSON,
        400,
        "parse_error",
    ),
    (
        "NaN in JSON",
        "PUT",
        "/api/v1/game/rounds/{round}/pick/",
        b'{"win": NaN, "place": 2}',
        JSON,
        400,
        "parse_error",
    ),
    (
        "a string where a number goes",
        "PUT",
        "/api/v1/game/rounds/{round}/pick/",
        b'{"win": "1", "place": 2}',
        JSON,
        400,
        "invalid",
    ),
    (
        "a number beyond every column",
        "PUT",
        "/api/v1/game/rounds/{round}/pick/",
        b'{"win": 99999999999999999999999, "place": 2}',
        JSON,
        400,
        "invalid",
    ),
    (
        "a form body",
        "PUT",
        "/api/v1/game/rounds/{round}/pick/",
        b"win=1&place=2",
        {"Content-Type": "application/x-www-form-urlencoded"},
        415,
        "unsupported_media_type",
    ),
    ("a 3 MB body", "PUT", "/api/v1/game/rounds/{round}/pick/", BIG, JSON, 413, "too_large"),
    (
        "a Content-Length that is no number",
        "PUT",
        "/api/v1/game/rounds/{round}/pick/",
        b"",
        {"Content-Length": "lots"},
        400,
        "bad_request",
    ),
    ("OPTIONS on a list", "OPTIONS", "/api/v1/leagues/", b"", {}, 200, ""),
    ("HEAD on the rankings", "HEAD", "/api/v1/game/seasons/{season}/rankings/", b"", {}, 200, ""),
    ("an unknown method", "PROPFIND", "/api/v1/leagues/", b"", {}, 405, "method_not_allowed"),
    ("no route", "GET", "/api/v1/no/such/thing/", b"", {}, 404, "not_found"),
    (
        "a bad token",
        "GET",
        "/api/v1/leagues/",
        b"",
        {"Authorization": "Token forged"},
        403,
        "authentication_failed",
    ),
]


@pytest.mark.parametrize("row", MATRIX, ids=[row[0] for row in MATRIX])
def test_hostile_requests_get_their_json_answer_never_a_server_error(
    live_server: Any,
    world: dict[str, Any],
    report: Callable[[str, Answer], None],
    row: tuple[str, str, str, bytes, dict[str, str], int, str],
) -> None:
    case, method, target, body, headers, status, code = row
    path = target.format(round=world["round"], season=world["season"]).encode()
    answer = send(live_server.url, method, path, body, {**world["auth"], **headers})
    report(case, answer)
    assert answer.status == status, (case, answer.status, answer.body[:300])
    if method == "HEAD":
        assert answer.body == b""
    elif status >= 400:
        assert answer.headers["Content-Type"].startswith("application/json"), answer.headers
        assert answer.code == code, answer.body[:300]
    else:
        answer.json()  # a JSON document, whatever it holds


def test_a_rotated_forwarded_for_does_not_dodge_the_invite_code_limit(
    live_server: Any,
    member: User,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    report: Callable[[str, Answer], None],
) -> None:
    """Behind one trusted proxy, the client is the address that proxy saw (the last one)."""
    settings.TRUSTED_PROXY_COUNT = 1
    for rates in (SimpleRateThrottle.THROTTLE_RATES, api_settings.DEFAULT_THROTTLE_RATES):
        monkeypatch.setitem(rates, "league_join", "5/min")
    auth = {"Authorization": f"Token {Token.objects.create(user=member).key}"}
    answers = [
        send(
            live_server.url,
            "POST",
            f"/api/v1/leagues/join/wrong-code-{n:04d}/".encode(),
            b"{}",
            {**auth, **JSON, "X-Forwarded-For": f"10.0.{n}.1, 203.0.113.50"},
        )
        for n in range(8)
    ]
    report("8 wrong invite codes, X-Forwarded-For rotated", answers[-1])
    assert [a.status for a in answers[:5]] == [404] * 5
    assert {a.status for a in answers[5:]} == {429}
    assert int(answers[-1].headers["Retry-After"]) > 0


def login(base_url: str, email: str, password: str) -> Answer:
    body = json.dumps({"email": email, "password": password}).encode()
    return send(base_url, "POST", b"/_allauth/app/v1/auth/login", body, JSON)


def test_failed_logins_lock_that_account_out_with_429_and_no_other(
    live_server: Any,
    member: User,
    outsider: User,
    settings: Settings,
    report: Callable[[str, Answer], None],
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "100/m/ip,3/300s/key",
    }
    for _ in range(3):
        assert login(live_server.url, outsider.email, "wrong-password").status == 400
    locked = login(live_server.url, outsider.email, "wrong-password")
    report("4th failed login on one account", locked)
    assert locked.status == 429
    assert int(locked.headers["Retry-After"]) > 0
    other = login(live_server.url, member.email, PASSWORD)
    report("another player's login from the same address", other)
    assert other.status == 200


def test_with_redis_down_rankings_come_from_postgresql(
    live_server: Any, world: dict[str, Any], report: Callable[[str, Answer], None]
) -> None:
    dead = {
        "default": {
            "BACKEND": "backend.common.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=dead):
        path = f"/api/v1/game/seasons/{world['season']}/rankings/".encode()
        answer = send(live_server.url, "GET", path, headers=world["auth"])
    report("rankings with Redis down", answer)
    assert answer.status == 200, answer.body[:300]
    assert "results" in answer.json()


def test_healthz_answers_fast_and_detail_free_with_a_dependency_hanging(
    live_server: Any, monkeypatch: pytest.MonkeyPatch, report: Callable[[str, Answer], None]
) -> None:
    def hanging() -> str:
        time.sleep(3)
        return "late"

    monkeypatch.setitem(health.CHECKS, "broker", hanging)
    health.forget_last_report()
    started = time.monotonic()
    answer = send(live_server.url, "GET", b"/healthz")
    took = time.monotonic() - started
    report(f"/healthz with the broker hanging ({took:.2f} s)", answer)
    health.forget_last_report()
    assert took < 1.0
    assert answer.status == 503
    body = answer.json()
    assert body["failing"] == ["broker"]
    assert set(body["checks"]["broker"]) == {"status"}


def test_disguised_and_look_alike_names_are_refused(
    live_server: Any, world: dict[str, Any], outsider: User, report: Callable[[str, Answer], None]
) -> None:
    outsider.display_name = "Ginger"
    outsider.save()
    me = b"/api/v1/accounts/me/"
    for case, name, status, code in [
        ("a display name with a bidi override", "Bob\u202e", 400, "invalid_name"),
        ("a display name with a zero-width space", "Bo\u200bb", 400, "invalid_name"),
        ("a look-alike of another player's name", "G\u0456nger", 409, "name_confusable"),
    ]:
        body = json.dumps({"display_name": name}).encode()
        answer = send(live_server.url, "PATCH", me, body, {**world["auth"], **JSON})
        report(case, answer)
        assert (answer.status, answer.code) == (status, code), answer.body[:300]
