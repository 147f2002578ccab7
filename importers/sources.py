"""Where the raw documents come from: PMU's turfinfo API over HTTP, or files on disk.

Both sources return the raw bytes of one document; the parsers in importers.pmu read them.
They raise FeedError when a document cannot be had, and NotPublished (a FeedError) when
the rapports-definitifs of a race are not out yet, so a poller can tell "later" from
"broken".
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Protocol

import requests

from importers.errors import FeedError, NotPublished

__all__ = ["DEFAULT_BASE_URL", "FileSource", "HttpSource", "Source"]

DEFAULT_BASE_URL = "https://online.turfinfo.api.pmu.fr/rest/client/1"


class Source(Protocol):
    """What the racing services need from a source."""

    def programme(self, day: dt.date) -> bytes: ...

    def participants(self, day: dt.date, meeting: int, race: int) -> bytes: ...

    def rapports(self, day: dt.date, meeting: int, race: int) -> bytes: ...


def _ddmmyyyy(day: dt.date) -> str:
    return f"{day.day:02d}{day.month:02d}{day.year:04d}"


def _check_race(meeting: int, race: int) -> None:
    for name, value in (("meeting", meeting), ("race", race)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")


class HttpSource:
    """PMU's turfinfo REST API (or anything serving the same paths under `base_url`).

    Paths: ``/programme/{DDMMYYYY}``, ``/programme/{DDMMYYYY}/R{n}/C{m}/participants`` and
    ``/programme/{DDMMYYYY}/R{n}/C{m}/rapports-definitifs``. With `specialisation` set
    (PMU knows ``INTERNET``) it is sent as a query parameter, which makes PMU return the
    E_ (internet) pools in the rapports.

    Each request has a connect and a read timeout and sends `user_agent`. Connection errors,
    timeouts, bodies cut short and 5xx answers are retried `retries` times, waiting
    ``backoff * 2**k`` seconds before retry k; 4xx answers are not retried. When the tries
    run out, FeedError names the URL. For rapports, 404 or 204 or an empty body raise
    NotPublished. The instance owns a requests.Session unless one is given; close() it
    (or use ``with``) when done. A meeting or race number below 1 is a ValueError (a bug
    in the caller, not in the feed).
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: float | tuple[float, float] = (3.05, 10),
        retries: int = 3,
        backoff: float = 0.5,
        user_agent: str = "Paddock/0.1 (+race importer)",
        session: requests.Session | None = None,
        specialisation: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
        if retries < 0 or backoff < 0:
            raise ValueError("retries and backoff must not be negative")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.user_agent = user_agent
        self.specialisation = specialisation
        self._sleep = sleep
        self._owns_session = session is None
        self._session = session if session is not None else requests.Session()

    def programme_url(self, day: dt.date) -> str:
        return f"{self.base_url}/programme/{_ddmmyyyy(day)}"

    def race_url(self, day: dt.date, meeting: int, race: int) -> str:
        _check_race(meeting, race)
        return f"{self.programme_url(day)}/R{meeting}/C{race}"

    def programme(self, day: dt.date) -> bytes:
        return self._get(self.programme_url(day))

    def participants(self, day: dt.date, meeting: int, race: int) -> bytes:
        return self._get(f"{self.race_url(day, meeting, race)}/participants")

    def rapports(self, day: dt.date, meeting: int, race: int) -> bytes:
        """The rapports-definitifs; NotPublished while PMU has none for the race."""
        return self._get(f"{self.race_url(day, meeting, race)}/rapports-definitifs", rapports=True)

    def close(self) -> None:
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> HttpSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _get(self, url: str, *, rapports: bool = False) -> bytes:
        params = {"specialisation": self.specialisation} if self.specialisation else None
        headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        attempts = self.retries + 1
        failure = ""
        for attempt in range(attempts):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self._session.get(
                    url, params=params, headers=headers, timeout=self.timeout
                )
            except (
                requests.ConnectionError,
                requests.Timeout,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as exc:
                failure = f"{type(exc).__name__}: {exc}"
                continue
            except requests.RequestException as exc:
                raise FeedError(f"request failed: {type(exc).__name__}: {exc}", file=url) from None
            status = response.status_code
            if status >= 500:
                failure = f"HTTP {status}"
                continue
            if rapports and status in (204, 404):
                raise NotPublished(f"not published yet (HTTP {status})", file=url)
            if status >= 400 or status == 204:
                raise FeedError(f"HTTP {status} {response.reason or ''}".strip(), file=url)
            body = response.content
            if rapports and not body.strip():
                raise NotPublished("not published yet (empty answer)", file=url)
            return body
        raise FeedError(f"no answer after {attempts} attempts, last: {failure}", file=url)


class FileSource:
    """The same documents read from one folder, one file each:

    - ``programme_{DDMMYYYY}.json``
    - ``participants_{DDMMYYYY}_R{n}_C{m}.json``
    - ``rapports_{DDMMYYYY}_R{n}_C{m}.json`` (absent: NotPublished)
    """

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def programme_path(self, day: dt.date) -> Path:
        return self.root / f"programme_{_ddmmyyyy(day)}.json"

    def participants_path(self, day: dt.date, meeting: int, race: int) -> Path:
        _check_race(meeting, race)
        return self.root / f"participants_{_ddmmyyyy(day)}_R{meeting}_C{race}.json"

    def rapports_path(self, day: dt.date, meeting: int, race: int) -> Path:
        _check_race(meeting, race)
        return self.root / f"rapports_{_ddmmyyyy(day)}_R{meeting}_C{race}.json"

    def programme(self, day: dt.date) -> bytes:
        return self._read(self.programme_path(day))

    def participants(self, day: dt.date, meeting: int, race: int) -> bytes:
        return self._read(self.participants_path(day, meeting, race))

    def rapports(self, day: dt.date, meeting: int, race: int) -> bytes:
        return self._read(self.rapports_path(day, meeting, race), rapports=True)

    @staticmethod
    def _read(path: Path, *, rapports: bool = False) -> bytes:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            if rapports:
                raise NotPublished("no such file: not published yet", file=str(path)) from None
            raise FeedError("no such file", file=str(path)) from None
        except OSError as exc:
            raise FeedError(
                f"cannot read the file ({exc.strerror or exc})", file=str(path)
            ) from None
