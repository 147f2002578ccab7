"""The people of the replay: players who use only the public HTTP API (signing up with the
link the verification email carries), and an operator who does what a real one does each
week (import the card, feature the race, fetch a corrected result)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import psycopg

from .client import Client, Journal
from .mailbox import Mailbox
from .stack import PYTHON, REPO, Stack

VERIFY = re.compile(r"/account/verify-email/([^\s/\"'<>]+)")
PASSWORD = "replay-Pass-2931!"  # noqa: S105 - a throwaway account on a throwaway database


@dataclass
class Pick:
    win: int
    place: int
    alternate: int | None
    at: float  # when the accepted answer came back


@dataclass
class Player:
    index: int
    client: Client
    email: str
    player_id: int | None = None
    picks: dict[int, Pick] = field(default_factory=dict)  # round id -> last accepted pick
    leagues: list[str] = field(default_factory=list)
    verified_at: float | None = None

    @property
    def name(self) -> str:
        return f"Replay Rider {self.index}"

    def sign_up(self, mailbox: Mailbox) -> None:
        """Sign up, read the verification email, follow its link: signed in."""
        answer = self.client.call(
            "POST",
            "/_allauth/browser/v1/auth/signup",
            {"email": self.email, "password": PASSWORD, "display_name": self.name},
        )
        if answer.status not in (200, 401):
            raise RuntimeError(f"signup of {self.email} answered {answer.status}: {answer.body}")
        mail = mailbox.wait_for(self.email, "account")
        match = VERIFY.search(mail.text)
        if match is None:
            raise RuntimeError(f"no verification link in the email to {self.email}")
        self.client.ok("POST", "/_allauth/browser/v1/auth/email/verify", {"key": unquote(match[1])})
        self.verified_at = time.time()
        me = self.client.ok("GET", "/api/v1/accounts/me/")
        if me.get("display_name") != self.name:
            raise RuntimeError(f"{self.email} signed up as {self.name!r}, reads {me!r}")
        self.player_id = int(me["id"]) if "id" in me else None

    def pick(self, round_id: int, win: int, place: int, alternate: int | None = None) -> int:
        body: dict[str, Any] = {"win": win, "place": place}
        if alternate is not None:
            body["alternate"] = alternate
        call = self.client.call("PUT", f"/api/v1/game/rounds/{round_id}/pick/", body)
        if call.status in (200, 201):
            self.picks[round_id] = Pick(win, place, alternate, call.ended)
        return call.status


@dataclass
class Operator:
    stack: Stack
    client: Client

    @classmethod
    def create(cls, stack: Stack, journal: Journal) -> Operator:
        email = "operator@replay.local"
        env_extra = {"DJANGO_SUPERUSER_EMAIL": email, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
        subprocess.run(
            [PYTHON, "backend/manage.py", "createsuperuser", "--no-input"],
            cwd=REPO, env={**stack.env(), **env_extra}, capture_output=True, text=True, check=True,
        )  # fmt: skip
        token = stack.manage("drf_create_token", email).stdout.split()[2]
        return cls(stack, Client(stack.site, "operator", journal, token=token))

    def season(self, name: str, starts_on: dt.date, ends_on: dt.date) -> int:
        season = self.client.ok(
            "POST",
            "/api/v1/game/operator/seasons/",
            {
                "name_en": name,
                "starts_on": str(starts_on),
                "ends_on": str(ends_on),
                "reminder_hours": 2,
            },
        )
        self.client.ok(
            "POST", f"/api/v1/game/operator/seasons/{season['id']}/status/", {"status": "active"}
        )
        return int(season["id"])

    def import_card(self, day: dt.date) -> str:
        return self.stack.manage("import_card", "--date", str(day)).stdout

    def race_id(self, day: dt.date) -> int:
        """The race's id, as the operator reads it in the admin's race list."""
        with psycopg.connect(self.stack.database_url) as conn:
            row = conn.execute(
                "SELECT r.id FROM racing_race r JOIN racing_meeting m ON m.id = r.meeting_id "
                "WHERE m.date = %s AND m.number = 1 AND r.number = 1",
                [day],
            ).fetchone()
        if row is None:
            raise RuntimeError(f"no race R1C1 on {day} after the card import")
        return int(row[0])

    def feature(self, season: int, race: int, opens_at: dt.datetime) -> dict[str, Any]:
        return self.client.ok(
            "POST",
            "/api/v1/game/operator/rounds/",
            {"season": season, "race": race, "opens_at": opens_at.isoformat()},
        )

    def fetch_result(self, race: int) -> subprocess.CompletedProcess[str]:
        return self.stack.manage("import_results", "--race", str(race), check=False)

    def round(self, round_id: int) -> dict[str, Any]:
        return self.client.get(f"/api/v1/game/operator/rounds/{round_id}/")
