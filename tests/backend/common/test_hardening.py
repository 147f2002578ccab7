"""What no request can do to the API: 5xx, HTML errors, forged addresses, disguised names."""

from __future__ import annotations

import io
import json
import re
import threading
import time
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory, override_settings
from django.urls import get_resolver
from rest_framework.exceptions import ParseError

from backend.accounts import apis
from backend.common import health
from backend.common.cache import ResilientRedisCache
from backend.common.http import client_ip
from backend.common.names import InvalidNameError, clean_name, name_skeleton
from backend.common.parsers import MAX_DEPTH, SafeJSONParser

pytestmark = pytest.mark.django_db


def _error(response: Any) -> dict[str, Any]:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert set(body) >= {"detail", "code"}
    return dict(body)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/leagues/directory/?search=%00",
        "/api/v1/leagues/%00/",
        "/api/v1/game/rounds/?when=%00current",
        "/api/v1/community/topics/?q=a%00b",
    ],
)
def test_a_nul_byte_in_the_path_or_the_query_is_refused_with_400(
    api_as: Any, member: Any, url: str
) -> None:
    response = api_as(member).get(url)
    assert response.status_code == 400
    assert _error(response)["code"] == "invalid_url"


def test_a_body_over_the_limit_answers_json_413_before_it_is_read(api_as: Any, member: Any) -> None:
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024):
        response = api_as(member).post(
            "/api/v1/leagues/", data="x" * 2048, content_type="application/json"
        )
    assert response.status_code == 413
    assert _error(response)["code"] == "too_large"


def test_a_content_length_that_is_no_number_is_refused() -> None:
    response = Client().post(
        "/api/v1/leagues/", data="{}", content_type="application/json", CONTENT_LENGTH="12abc"
    )
    assert response.status_code == 400
    assert _error(response)["code"] == "bad_request"


def test_json_nested_past_the_limit_is_a_400_not_a_recursion_error(
    api_as: Any, member: Any
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    response = api_as(member).post("/api/v1/leagues/", data=deep, content_type="application/json")
    assert response.status_code == 400
    assert _error(response)["code"] == "parse_error"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"name": "a\\u0000b"}', "NUL"),
        ('{"a\\u0000": 1}', "NUL"),
        ('{"points": NaN}', "NaN"),
        ('{"points": Infinity}', "Infinity"),
        (b'{"name": "\xff"}', "UTF-8"),
        ("   ", "empty"),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "nested"),
    ],
)
def test_the_json_parser_refuses_what_no_column_can_hold(raw: str | bytes, message: str) -> None:

    data = raw if isinstance(raw, bytes) else raw.encode()
    with pytest.raises(ParseError, match=message):
        SafeJSONParser().parse(io.BytesIO(data))


def test_the_json_parser_accepts_depth_up_to_the_limit_and_strings_with_brackets() -> None:

    nested = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert SafeJSONParser().parse(io.BytesIO(nested.encode())) is not None
    text = json.dumps({"body": "[" * 500})
    assert SafeJSONParser().parse(io.BytesIO(text.encode())) == {"body": "[" * 500}


def _api_routes() -> list[str]:
    """Every /api/v1/ route with its parameters filled with a plausible value."""

    routes: list[str] = []

    def walk(patterns: Any, prefix: str) -> None:
        for entry in patterns:
            pattern = prefix + str(entry.pattern)
            if hasattr(entry, "url_patterns"):
                walk(entry.url_patterns, pattern)
            else:
                routes.append(pattern)

    walk(get_resolver().url_patterns, "")
    filled = []
    for route in routes:
        if not route.startswith("api/v1/"):
            continue
        url = re.sub(r"<(?:int:)?[a-z_]+>", "1", route.lstrip("^").rstrip("$"))
        filled.append("/" + re.sub(r"<[a-z]+:[a-z_]+>", "abc", url))
    return sorted(set(filled))


def test_options_and_head_never_fail_on_any_api_route(
    api_as: Any, member: Any, operator: Any
) -> None:
    routes = _api_routes()
    assert len(routes) > 30
    for user in (None, member, operator):
        client = api_as(user) if user else Client()
        for url in routes:
            for method in ("options", "head"):
                response = getattr(client, method)(url)
                assert response.status_code < 500, (method, url, response.status_code)
                if response.status_code >= 400 and method == "options":
                    _error(response)


def test_errors_under_the_api_are_json_even_in_debug(api_as: Any, member: Any) -> None:
    with override_settings(DEBUG=True):
        missing = Client().get("/api/v1/no-such-thing/")
        wrong_method = api_as(member).patch("/api/v1/game/seasons/")
    assert (missing.status_code, _error(missing)["code"]) == (404, "not_found")
    assert wrong_method.status_code == 405
    assert _error(wrong_method)["code"] == "method_not_allowed"


def test_an_uncaught_error_under_the_api_is_a_json_500_in_debug_too(
    api_as: Any, member: Any, monkeypatch: pytest.MonkeyPatch
) -> None:

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(apis.MeApi, "get", boom)
    for debug in (False, True):
        client = api_as(member)
        client.raise_request_exception = False
        with override_settings(DEBUG=debug):
            response = client.get("/api/v1/accounts/me/")
        assert response.status_code == 500
        assert _error(response) == {"detail": "Internal Server Error.", "code": "server_error"}


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1", "10.0.0.1"),  # no proxy: the header is anyone's to write
        (1, "6.6.6.6, 203.0.113.7", "10.0.0.1", "203.0.113.7"),  # the proxy appended the client
        (1, "", "10.0.0.1", "10.0.0.1"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "10.0.0.1", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1", "203.0.113.7"),  # fewer entries than proxies
        (1, "not-an-address", "10.0.0.1", "10.0.0.1"),
        (1, "[2001:db8::1]", "10.0.0.1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_one_the_outermost_trusted_proxy_saw(
    proxies: int, forwarded: str, remote: str, expected: str
) -> None:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == expected


def test_names_are_normalised_and_disguises_refused() -> None:
    assert clean_name("  \uff50\uff41\uff44\uff44\uff4f\uff43\uff4b   fans ") == "paddock fans"
    for disguised in ("abc\u202edcba", "a\u200bb", "tab\there", "x\u2066y", "nul\x00"):
        with pytest.raises(InvalidNameError):
            clean_name(disguised)
    assert name_skeleton("Paddock") == name_skeleton("P4dd\u043eck") == name_skeleton("PADD0CK")
    assert name_skeleton("Paddock") != name_skeleton("Haddock")


def test_the_cache_serves_misses_when_redis_is_unreachable(
    caplog: pytest.LogCaptureFixture,
) -> None:
    dead = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
    )
    started = time.monotonic()
    assert dead.get("k", "miss") == "miss"
    dead.set("k", 1)
    assert dead.add("k", 1) is False
    assert dead.get_many(["k"]) == {}
    assert dead.delete("k") is False
    assert dead.count_in_window("k", 60) is None  # a throttle lets the request through
    assert dead.set_add("pending", "1:2") is False  # the caller announces it another way
    assert dead.set_sample("pending", 10) == []
    dead.set_remove("pending", ["1:2"])
    assert time.monotonic() - started < 5
    assert "cache unavailable" in caplog.text
    assert caches["default"].get("no-such-key") is None  # the real one is untouched


class _Hanging:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __call__(self) -> str:
        time.sleep(self.seconds)
        return "late"


def test_healthz_answers_within_a_second_when_a_dependency_hangs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(health.CHECKS, "broker", _Hanging(3))
    health.forget_last_report()
    started = time.monotonic()
    response = Client().get("/healthz")
    assert time.monotonic() - started < 1.0
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]
    health.forget_last_report()


def test_healthz_tells_details_to_staff_only(
    monkeypatch: pytest.MonkeyPatch, operator: Any
) -> None:
    def broken() -> str:
        raise ConnectionError("redis://10.1.2.3:6379 refused")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    health.forget_last_report()
    anonymous = Client().get("/healthz").json()
    assert anonymous["failing"] == ["cache"]
    assert anonymous["checks"]["cache"] == {"status": "error"}
    assert "10.1.2.3" not in json.dumps(anonymous)
    staff = Client()
    staff.force_login(operator)
    assert "10.1.2.3" in staff.get("/healthz").json()["checks"]["cache"]["error"]
    health.forget_last_report()


def test_healthz_shares_one_result_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def counted() -> str:
        calls.append(1)
        return "ok"

    monkeypatch.setitem(health.CHECKS, "database", counted)
    health.forget_last_report()
    for _ in range(5):
        assert Client().get("/healthz").status_code == 200
    assert len(calls) == 1
    health.forget_last_report()


def test_healthz_answers_the_last_result_while_another_request_refreshes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers: list[int] = []
    checking = threading.Event()
    release = threading.Event()

    def slow() -> str:
        checking.set()
        release.wait(5)
        return "ok"

    health.forget_last_report()
    assert Client().get("/healthz").status_code == 200  # a first report
    monkeypatch.setattr(health, "HEALTH_CACHE_SECONDS", 0.0)  # stale at once
    monkeypatch.setitem(health.CHECKS, "database", slow)
    refresher = threading.Thread(target=lambda: answers.append(health.current_report() != {}))
    refresher.start()
    assert checking.wait(5)
    started = time.monotonic()
    assert Client().get("/healthz").status_code == 200  # the last report, not a second check
    assert time.monotonic() - started < 0.5
    release.set()
    refresher.join(5)
    assert answers == [True]
    health.forget_last_report()


def test_healthz_answers_a_plain_http_probe_behind_the_ssl_redirect() -> None:
    health.forget_last_report()
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert Client().get("/healthz").status_code == 200
        assert Client().get("/").status_code == 301


def test_an_undocumented_query_parameter_is_refused_naming_it(api_as: Any, member: Any) -> None:
    client = api_as(member)
    assert client.get("/api/v1/game/rounds/?when=current&page=1").status_code == 200
    response = client.get("/api/v1/game/rounds/?when=current&sort=points&x=1")
    assert response.status_code == 400
    body = _error(response)
    assert body["code"] == "unknown_parameter"
    assert "sort, x" in body["detail"]
    assert "when" in body["detail"]


def test_outsiders_hear_401_or_403_before_any_word_on_parameters() -> None:
    response = Client().get("/api/v1/game/rounds/?bogus=1")
    assert response.status_code in (401, 403)
    assert _error(response)["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/game/me/picks/?page=1&page=1",
        "/api/v1/game/me/picks/?page=2&page=1",
        "/api/v1/game/me/picks/?page=",
        "/api/v1/game/me/picks/?page=0",
        "/api/v1/game/me/picks/?page=-1",
        "/api/v1/game/me/picks/?page=last",
        "/api/v1/game/me/picks/?page=%C3%A9",
        "/api/v1/leagues/?page_size=10&page=1&page=1",
    ],
)
def test_a_page_given_twice_empty_or_not_a_whole_number_from_1_is_refused_naming_it(
    api_as: Any, member: Any, url: str
) -> None:
    """docs/api.md: `page` counts from 1; given twice, empty or anything but a whole number
    from 1 it is 400 `invalid` naming it, never silently one of the values, the default or
    a 404."""
    response = api_as(member).get(url)
    assert response.status_code == 400, response.content[:200]
    body = _error(response)
    assert body["code"] == "invalid"
    assert "page" in body["fields"]


def test_a_single_page_number_still_pages(api_as: Any, member: Any) -> None:
    client = api_as(member)
    assert client.get("/api/v1/game/me/picks/?page=1").status_code == 200
    past = client.get("/api/v1/game/me/picks/?page=2")
    assert past.status_code == 404
    assert _error(past)["code"] == "not_found"
