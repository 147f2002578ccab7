"""HTTP clients of the public API: players (a browser session, as the web app has) and the
operator (a staff token). Every answer is recorded for the report."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import requests


@dataclass(frozen=True)
class Call:
    who: str
    method: str
    path: str
    status: int
    started: float
    ended: float
    body: Any


class Journal:
    """Every call of every client, for the checks."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._lock = threading.Lock()

    def add(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def all(self) -> list[Call]:
        with self._lock:
            return list(self.calls)


class Client:
    def __init__(self, site: str, who: str, journal: Journal, token: str | None = None) -> None:
        self.site = site
        self.who = who
        self.journal = journal
        self.http = requests.Session()
        if token:
            self.http.headers["Authorization"] = f"Token {token}"

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Call:
        headers = {"Accept": "application/json"}
        if method not in ("GET", "HEAD") and "Authorization" not in self.http.headers:
            token = self.http.cookies.get("csrftoken")
            if token is None:
                self.http.get(f"{self.site}/_allauth/browser/v1/config", timeout=30)
                token = self.http.cookies.get("csrftoken")
            headers["X-CSRFToken"] = token or ""
            headers["Referer"] = self.site + "/"
        started = time.time()
        response = self.http.request(
            method,
            self.site + path,
            json=body,
            params=params or None,
            headers=headers,
            timeout=60,
        )
        ended = time.time()
        try:
            data = response.json() if response.content else None
        except ValueError:
            data = response.text[:200]
        call = Call(self.who, method, path, response.status_code, started, ended, data)
        self.journal.add(call)
        return call

    def get(self, path: str, **params: Any) -> Any:
        call = self.call("GET", path, **params)
        if call.status != 200:
            raise RuntimeError(f"{self.who}: GET {path} answered {call.status}: {call.body}")
        return call.body

    def ok(self, method: str, path: str, body: Any = None) -> Any:
        call = self.call(method, path, body)
        if call.status >= 300:
            raise RuntimeError(f"{self.who}: {method} {path} answered {call.status}: {call.body}")
        return call.body

    def every(self, path: str, **params: Any) -> list[Any]:
        """Every row of a paged list."""
        rows: list[Any] = []
        page = 1
        while True:
            data = self.get(path, page=page, page_size=200, **params)
            rows += data["results"]
            if not data.get("next"):
                return rows
            page += 1
