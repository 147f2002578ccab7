"""The SMTP side of a chunk against a real server: each message goes out as smtplib's own
sendmail would send it, and the next batch is composed while the one before is on the wire."""

from __future__ import annotations

import smtplib
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from backend.notifications import sending, transmit
from backend.notifications.models import EmailDelivery, Kind
from backend.notifications.sending import Outgoing, claim_and_send

from .smtp import Sink, SmtpServer

pytestmark = pytest.mark.django_db

Status = EmailDelivery.Status

# A message whose lines start with periods: SMTP would end the DATA at a lone one.
DATA = (
    b"Subject: Periods\r\nTo: a@example.com\r\n\r\n"
    b"first line\r\n.\r\n..two\r\n.leading\r\nlast line"  # no CRLF at the end either
)


def message(n: int) -> Outgoing:
    return Outgoing(
        to=f"wire{n}@example.com",
        subject=f"Message {n}",
        text=f"Hello {n}\n.\n.a line starting with a period",
        html=f"<p>Hello {n}</p>",
        language="en",
    )


def send(messages: Iterator[Outgoing], *, mark_every: int = 2) -> sending.Report:
    return claim_and_send(
        kind=Kind.UNANSWERED_ALERT,
        key="wire:1",
        round_id=None,
        owner="wire-test",
        messages=messages,
        final=False,
        mark_every=mark_every,
    )


def test_a_message_arrives_as_smtplibs_sendmail_sends_it(
    smtp: Sink, smtp_server: SmtpServer
) -> None:
    with smtplib.SMTP("127.0.0.1", smtp_server.port) as connection:
        connection.sendmail("Paddock <results@paddock.test>", ["a@example.com"], DATA)
        transmit.sendmail(connection, "<results@paddock.test>", "a@example.com", DATA)
    theirs, ours = smtp.received
    assert ours.content == theirs.content
    assert ours.content.startswith(b"Subject: Periods")
    assert b"\r\n.\r\n..two\r\n" in ours.content
    assert (ours.sender, ours.recipients) == (theirs.sender, theirs.recipients)
    assert ours.mail_options == theirs.mail_options == [f"SIZE={len(DATA)}"]


def test_a_refusal_raises_smtplibs_error_and_leaves_the_connection_usable(
    smtp: Sink, smtp_server: SmtpServer
) -> None:
    smtp.refuse.add("gone@example.com")
    smtp.fail_data.append("451 4.3.0 Try again later")
    with smtplib.SMTP("127.0.0.1", smtp_server.port) as connection:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            transmit.sendmail(connection, "<results@paddock.test>", "gone@example.com", DATA)
        with pytest.raises(smtplib.SMTPDataError) as later:
            transmit.sendmail(connection, "<results@paddock.test>", "a@example.com", DATA)
        transmit.sendmail(connection, "<results@paddock.test>", "b@example.com", DATA)
    assert refused.value.recipients == {"gone@example.com": (550, b"5.1.1 No such mailbox")}
    assert sending.is_temporary(later.value)
    assert later.value.smtp_code == 451
    assert [r.recipients for r in smtp.received] == [["b@example.com"]]


def test_the_next_batch_is_composed_while_the_one_before_is_on_the_wire(
    smtp: Sink, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_the_wire = threading.Event()
    flying = sending._fly

    def fly(batch: Any) -> Any:
        on_the_wire.set()
        return flying(batch)

    monkeypatch.setattr(sending, "_fly", fly)
    seen_flying: list[bool] = []

    def composed() -> Iterator[Outgoing]:
        for n in range(5):
            if n == 2:  # the first message of the second batch
                seen_flying.append(on_the_wire.wait(5))
            yield message(n)

    report = send(composed())
    assert seen_flying == [True]
    assert (report.claimed, report.sent) == (5, 5)
    assert sorted(r.recipients[0] for r in smtp.received) == [
        f"wire{n}@example.com" for n in range(5)
    ]
    assert "\n.a line starting with a period" in smtp.received[0].text
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_batch_on_the_wire_is_marked_when_composing_the_next_one_fails(smtp: Sink) -> None:
    def composed() -> Iterator[Outgoing]:
        yield message(0)
        yield message(1)
        raise RuntimeError("a bug in a template")

    with pytest.raises(RuntimeError, match="a bug in a template"):
        send(composed())
    assert sorted(r.recipients[0] for r in smtp.received) == [
        "wire0@example.com",
        "wire1@example.com",
    ]
    assert sorted(EmailDelivery.objects.values_list("to_email", "status")) == [
        ("wire0@example.com", Status.SENT),
        ("wire1@example.com", Status.SENT),
    ]


def test_one_batch_at_most_is_claimed_and_not_marked(
    smtp: Sink, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whenever a batch is claimed, the one before it is marked already."""
    claiming = sending.claim
    seen: list[int] = []

    def claim(**kwargs: Any) -> Any:
        seen.append(EmailDelivery.objects.filter(status=Status.SENDING).count())
        return claiming(**kwargs)

    monkeypatch.setattr(sending, "claim", claim)
    report = send(iter([message(n) for n in range(7)]), mark_every=3)
    assert report.sent == 7
    assert seen == [0, 0, 0]
    assert EmailDelivery.objects.filter(status=Status.SENT).count() == 7
