"""An SMTP sink on 127.0.0.1 (aiosmtpd): every email Paddock sends lands here, parsed."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import json
import re
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://[^\s\"'<>]+")


@dataclass(frozen=True)
class Mail:
    at: float
    to: str
    kind: str  # X-Paddock-Kind, or "account" for allauth's own emails
    subject: str
    text: str

    def links(self) -> list[str]:
        return LINK.findall(self.text)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        for rcpt in envelope.rcpt_tos:
            self.box.add(
                Mail(
                    at=time.time(),
                    to=rcpt.lower(),
                    kind=str(message.get("X-Paddock-Kind") or "account"),
                    subject=str(message.get("Subject") or ""),
                    text=text,
                )
            )
        return "250 OK"


class Mailbox:
    def __init__(self) -> None:
        self.mails: list[Mail] = []
        self._lock = threading.Lock()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=free_port())

    def start(self) -> Mailbox:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.controller.port}"

    def dump(self, path: Path) -> None:
        """Every email caught, one JSON object a line (kept with the logs)."""
        with path.open("w") as out:
            for mail in self.all():
                out.write(json.dumps(dataclasses.asdict(mail)) + "\n")

    def add(self, mail: Mail) -> None:
        with self._lock:
            self.mails.append(mail)

    def all(self) -> list[Mail]:
        with self._lock:
            return list(self.mails)

    def wait_for(self, to: str, kind: str, timeout: float = 30.0) -> Mail:
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = [m for m in self.all() if m.to == to.lower() and m.kind == kind]
            if found:
                return found[-1]
            time.sleep(0.1)
        raise TimeoutError(f"no {kind} email for {to} within {timeout:.0f}s")
