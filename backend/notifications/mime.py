"""The bytes an SMTP server receives for an `Outgoing`, built without the email package.

Django's EmailMultiAlternatives goes through email.mime objects and the email package's
generator, which folds every header through email.header.Header: about 2 ms a message,
more than the SMTP exchange itself. `Wire` writes the very same bytes (multipart/
alternative, a text/plain then a text/html part, utf-8, 7 or 8 bit) with plain string joins:
headers that repeat from message to message are folded once, the rest only when they need
it, with the email package's own functions. A message it cannot write the same way (a line
over 998 bytes, which Django sends quoted-printable, or an address that needs encoding)
is rendered by Django: the result is the same either way, which the tests check byte for
byte (apart from the Date, the Message-ID and the random boundary).
"""

from __future__ import annotations

import random
import re
import sys
from email import policy
from email.utils import formatdate, make_msgid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail.message import (
    RFC5322_EMAIL_LINE_LENGTH_LIMIT,
    EmailMultiAlternatives,
    forbid_multi_line_headers,
    sanitize_address,
)
from django.core.mail.utils import DNS_NAME

if TYPE_CHECKING:
    from .sending import Outgoing

_POLICY = policy.compat32.clone(linesep="\r\n")
_MAX = 78  # compat32's max_line_length: shorter header lines are written as they are
_NEWLINES = re.compile(r"\r\n|\r|\n")
# Header values written as they are: printable ASCII, single spaces, nothing to fold.
_PLAIN = re.compile(r"[!-~]+(?: [!-~]+)*")
# Addresses used as they are in the envelope and the To header.
_SIMPLE_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def is_simple_address(address: str) -> bool:
    """An address used as it is in the envelope and the To header (no name, no encoding)."""
    return _SIMPLE_ADDRESS.fullmatch(address) is not None


def _part(subtype: str, body: str) -> str:
    """A part's headers: 7bit when its text is ASCII, 8bit otherwise (encode_7or8bit)."""
    bits = "7bit" if body.isascii() else "8bit"
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        f"MIME-Version: 1.0\r\nContent-Transfer-Encoding: {bits}\r\n\r\n"
    )


# Headers EmailMessage.message() writes itself, or takes from `headers` in their place.
_DJANGO_PLACES = frozenset({"from", "to", "cc", "reply-to", "date", "message-id"})
_BOUNDARY_DIGITS = len(repr(sys.maxsize - 1))


def django_message(message: Outgoing, connection: object = None) -> EmailMultiAlternatives:
    """The message as Django's mail API knows it (for the other email backends)."""
    headers = {"Content-Language": message.language, **message.headers}
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers=headers,
        connection=connection,
    )
    email.attach_alternative(message.html, "text/html")
    return email


def _has_long_lines(text: str) -> bool:
    """Django's test for sending a part quoted-printable (SafeMIMEText.set_payload); only
    lines of more than a quarter of the limit in characters can be over it in bytes.

    One split and the lengths in C (about 10 µs for a results email's HTML): a regex for a
    long run of characters rescans each line from every position of it (over 1 ms)."""
    quarter = RFC5322_EMAIL_LINE_LENGTH_LIMIT // 4
    if len(text) <= quarter:
        return False
    lines = text.splitlines()
    if max(map(len, lines), default=0) <= quarter:
        return False
    return any(
        len(line.encode(errors="surrogateescape")) > RFC5322_EMAIL_LINE_LENGTH_LIMIT
        for line in lines
        if len(line) > quarter
    )


def _crlf(text: str) -> bytes:
    """Line ends as the generator writes them (any of CRLF, CR, LF becomes CRLF)."""
    if "\r" not in text:
        return text.replace("\n", "\r\n").encode()
    return _NEWLINES.sub("\r\n", text).encode()


# The characters of a printable ASCII header that its folding does not look at: all but the
# spaces it folds at and the commas and semicolons it prefers to fold after.
_UNSEEN = str.maketrans(dict.fromkeys(set(map(chr, range(128))) - set(" ,;"), "x"))


def _refill(folded: str, head: str, shape: str, value: str) -> str | None:
    """`folded`, a folding of `head` + `shape`, with the characters of `value` (as long as
    `shape`) in place of the shape's; None when its lines are not the shape's text cut at
    the folds (each continuation line may start with a space the folding added)."""
    lines = folded.split("\r\n")
    if not lines[0].startswith(head):
        return None
    out, at = [], 0
    for number, line in enumerate(lines):
        prefix = head if number == 0 else ""
        body = line[len(prefix) :]
        if not shape.startswith(body, at):
            if not (body.startswith(" ") and shape.startswith(body[1:], at)):
                return None
            prefix, body = prefix + " ", body[1:]
        out.append(prefix + value[at : at + len(body)])
        at += len(body)
    return "\r\n".join(out) if at == len(shape) else None


class Wire:
    """Envelope and bytes of messages sent from DEFAULT_FROM_EMAIL: one per connection, so
    what every message repeats (the From header, the folded constant headers, the encoded
    subjects, which repeat with the points) is worked out once."""

    def __init__(self) -> None:
        self.from_email = settings.DEFAULT_FROM_EMAIL
        self.sender = sanitize_address(self.from_email, "utf-8")
        self.folded: dict[tuple[str, str], str] = {}
        self.shapes: dict[tuple[str, str], str] = {}

    def envelope(self, message: Outgoing) -> tuple[str, list[str], bytes]:
        """(MAIL FROM, RCPT TO, DATA) as Django's SMTP backend would send them."""
        to = message.to
        simple = is_simple_address(to)
        data = self.data(message) if simple else None
        if data is None:
            rendered: Any = django_message(message).message()  # SafeMIMEMultipart
            data = rendered.as_bytes(linesep="\r\n")
        recipient = to if simple else sanitize_address(to, "utf-8")
        return self.sender, [recipient], data

    def _header(self, name: str, value: str) -> str:
        """One header line as the email package folds it, after Django's checks."""
        line = self.folded.get((name, value))
        if line is None:
            name, checked = forbid_multi_line_headers(name, value, "utf-8")
            if len(name) + 2 + len(checked) <= _MAX and _PLAIN.fullmatch(checked):
                line = f"{name}: {checked}\r\n"
            else:
                line = self._fold(name, checked)
            self.folded[(name, value)] = line
        return line

    def _fold(self, name: str, value: str) -> str:
        """`value` folded as the email package folds it. An ASCII header is folded at its
        spaces and after its commas and semicolons, by the lengths of the runs between
        them: which other characters fill a run changes nothing. So a header that differs
        per message only within its runs (List-Unsubscribe, whose token is each player's)
        is folded once per shape, and each message's characters are put back in place."""
        if not (value.isascii() and value.isprintable()):  # encoded words, tabs: as they are
            return _POLICY.fold_binary(name, value).decode("ascii")
        shape = value.translate(_UNSEEN)
        folded = self.shapes.get((name, shape))
        if folded is None:
            folded = self.shapes[(name, shape)] = _POLICY.fold_binary(name, shape).decode("ascii")
        line = _refill(folded, f"{name}: ", shape, value)
        return line if line is not None else _POLICY.fold_binary(name, value).decode("ascii")

    def data(self, message: Outgoing) -> bytes | None:
        """The DATA of `message`, or None when only Django's rendering can write it."""
        if _has_long_lines(message.text) or _has_long_lines(message.html):
            return None
        if any(name.lower() in _DJANGO_PLACES for name in message.headers):
            return None
        text, html = _crlf(message.text), _crlf(message.html)
        boundary = ""
        while not boundary or boundary.encode() in text or boundary.encode() in html:
            token = random.randrange(sys.maxsize)
            boundary = f"==============={token:0{_BOUNDARY_DIGITS}d}=="
        header = self._header
        head = [
            f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"\r\n',
            "MIME-Version: 1.0\r\n",
            header("Subject", message.subject),
            header("From", self.from_email),
            header("To", message.to),
            # Different in every message: written, not kept.
            f"Date: {formatdate(localtime=settings.EMAIL_USE_LOCALTIME)}\r\n",
            f"Message-ID: {make_msgid(domain=str(DNS_NAME))}\r\n",
            header("Content-Language", message.language),
            *(header(name, value) for name, value in message.headers.items()),
            f"\r\n--{boundary}\r\n",
            _part("plain", message.text),
        ]
        return b"".join(
            (
                "".join(head).encode("ascii"),
                text,
                f"\r\n--{boundary}\r\n{_part('html', message.html)}".encode("ascii"),
                html,
                f"\r\n--{boundary}--\r\n".encode("ascii"),
            )
        )
