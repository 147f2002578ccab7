"""mime.Wire writes the bytes Django's own rendering of the message gives, byte for byte
apart from what differs between two renderings of one message (Date, Message-ID and the
random MIME boundary), and it is what goes over SMTP."""

from __future__ import annotations

import random
import re
from email import policy
from typing import Any

import pytest
from django.core.mail.message import (
    RFC5322_EMAIL_LINE_LENGTH_LIMIT,
    forbid_multi_line_headers,
    sanitize_address,
)

from backend.notifications.mime import Wire, _has_long_lines, django_message
from backend.notifications.sending import Outgoing, send

from .smtp import Sink

TOKEN = "eJyLNjQwMDeL1SlJLSrJz0vKLMnMz9MtTs0rSi0BAGBbB_k:1uXyZa:AbCdEfGhIjKlMnOpQrStUvWxYz012345"
UNSUBSCRIBE = (
    f"<https://paddock.example/notifications/unsubscribe/{TOKEN}/>, "
    f"<mailto:unsubscribe@paddock.local?subject=unsubscribe%20{TOKEN}>"
)


def outgoing(**changes: Any) -> Outgoing:
    values: dict[str, Any] = {
        "to": "player7@example.com",
        "subject": "Your results: 12 points on Prix de Paris",
        "text": "Hello Ann,\nyour points: 12\n\n  [x] WIN: 7. Trotteur — 12\n",
        "html": '<p style="margin:0">Hello Ann &amp; co, <a href="https://x.test/?a=1">x</a></p>\n',
        "language": "en",
        "player_id": 7,
        "headers": {
            "X-Paddock-Kind": "results",
            "List-Unsubscribe": UNSUBSCRIBE,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }
    values.update(changes)
    return Outgoing(**values)


CASES = {
    "plain": outgoing(),
    "french subject and body": outgoing(
        subject="Vos résultats : 12 points sur Prix d'Amérique — R1C4",
        text="Bonjour Zoé,\r\nvos points : 12\rligne\n",
        html="<p>Été « chaud »</p>",
        language="fr",
    ),
    "long ascii subject": outgoing(subject="Your results: 1,234 points on " + "Grand Prix " * 8),
    "long french subject": outgoing(subject="Vos résultats : " + "Grand Prix d'Été " * 8),
    "no trailing newline, no list headers": outgoing(
        text="one line", html="<b>x</b>", headers={"X-Paddock-Kind": "account"}
    ),
    "a line over 998 bytes (quoted-printable)": outgoing(html="<p>" + "é" * 600 + "</p>\n"),
    "an address with a name": outgoing(to='"Ann O\'Brien" <ann@example.com>'),
    "an address Django encodes": outgoing(to="zoé@exämple.com"),
    "a header Django places itself": outgoing(headers={"Reply-To": "help@paddock.local"}),
}


def lines(text: str) -> list[str]:
    return text.splitlines()


def normalized(data: bytes) -> bytes:
    boundary = re.search(rb'boundary="([^"]+)"', data)
    assert boundary is not None
    data = data.replace(boundary.group(1), b"BOUNDARY")
    data = re.sub(rb"\r\nDate: [^\r]+\r\n", b"\r\nDate: D\r\n", data)
    return re.sub(rb"\r\nMessage-ID: <[^>]+>\r\n", b"\r\nMessage-ID: <M>\r\n", data)


@pytest.mark.parametrize("name", list(CASES))
def test_it_writes_the_bytes_django_writes(name: str, settings: Any) -> None:
    settings.DEFAULT_FROM_EMAIL = "Paddock <no-reply@paddock.local>"
    message = CASES[name]
    wire = Wire()
    sender, recipients, data = wire.envelope(message)
    # Twice over one Wire: what it keeps from one message to the next changes nothing.
    assert normalized(wire.envelope(message)[2]) == normalized(data)
    expected = django_message(message)
    assert normalized(data) == normalized(expected.message().as_bytes(linesep="\r\n"))
    assert b"\r\nDate: " in data
    assert b"\r\nMessage-ID: <" in data
    # The envelope Django's SMTP backend would give.
    assert sender == sanitize_address(expected.from_email, "utf-8")
    assert recipients == [sanitize_address(message.to, "utf-8")]


def test_the_smtp_server_receives_those_bytes(smtp: Sink, db: Any) -> None:
    messages = [CASES["plain"], CASES["french subject and body"]]
    report = send(list(enumerate(messages, start=1)), final=True)
    assert report.failed == 0
    for got, message in zip(smtp.received, messages, strict=True):
        assert " ".join(got.subject.split()) == message.subject
        assert lines(got.text) == lines(message.text)
        assert lines(got.html) == lines(message.html)
        assert got.header("Content-Language") == message.language
        assert got.header("List-Unsubscribe") == UNSUBSCRIBE


@pytest.mark.parametrize(
    "text",
    [
        "",
        "short\nlines\n",
        "x" * 998,  # 998 bytes: not over
        "x" * 999,
        "é" * 499 + "\n" + "é" * 500,  # 1000 bytes on the second line
        "é" * 499 + "\x1c" + "é" * 499,  # a separator splitlines() breaks at
        "é" * 499 + "\u2028" + "é" * 499,
        "\U0001f40e" * 249 + "\r\n" + "\U0001f40e" * 250,  # 4-byte characters
        "\U0001f40e" * 250,
        "a" * 249 + "\U0001f40e" * 200,
    ],
)
def test_it_finds_long_lines_as_django_does(text: str) -> None:
    django_says = any(
        len(line.encode(errors="surrogateescape")) > RFC5322_EMAIL_LINE_LENGTH_LIMIT
        for line in text.splitlines()
    )
    assert _has_long_lines(text) is django_says


def test_it_folds_any_ascii_header_as_the_email_package_does() -> None:
    """Headers folded once per shape and filled with each message's characters are the
    email package's own folding of them: random headers of runs, spaces, commas and
    semicolons of every length, and List-Unsubscribe with tokens of every length."""
    chosen = random.Random(20261207)
    alphabet = "abcXYZ019<>:/@%?=.-_" + " " * 6 + ",;\t"
    headers = [
        "".join(chosen.choice(alphabet) for _ in range(chosen.randrange(1, 260)))
        for _ in range(3000)
    ]
    headers += [UNSUBSCRIBE.replace(TOKEN, TOKEN[:cut]) for cut in range(1, len(TOKEN))]
    wire = Wire()
    for value in headers:
        name, checked = forbid_multi_line_headers("List-Unsubscribe", value, "utf-8")
        expected = policy.compat32.clone(linesep="\r\n").fold_binary(name, checked).decode()
        assert wire._header(name, value) == expected, value
    assert len(wire.shapes) < len(headers)  # shapes were shared
