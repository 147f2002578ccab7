"""How a message goes out over an opened email connection, made ready first, sent later.

`transmitter(connection)` gives a function that makes a message ready (its SMTP bytes, or
Django's message for the other backends) and returns the call that sends it: the delivery
machinery (sending.py) makes messages ready on the task's thread and sends them on a thread
of its own, which touches no database. `sendmail` is smtplib's sendmail for the usual case,
one plain recipient and bytes written by mime.Wire.
"""

from __future__ import annotations

import contextlib
import smtplib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.mail.backends.smtp import EmailBackend as SmtpBackend

from .mime import Wire, django_message, is_simple_address

if TYPE_CHECKING:
    from .sending import Outgoing


def _reply(smtp: smtplib.SMTP, command: str, args: str = "") -> tuple[int, bytes]:
    smtp.putcmd(command, args)
    return smtp.getreply()


def _give_up(smtp: smtplib.SMTP, code: int) -> None:
    """After a refusal: a 421 closes the connection, anything else resets the transaction."""
    if code == 421:
        smtp.close()
        return
    with contextlib.suppress(smtplib.SMTPServerDisconnected):  # as smtplib's sendmail does
        smtp.rset()


def sendmail(smtp: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> None:
    """`smtp.sendmail(sender, [recipient], data)` for a sender and a recipient whose
    addresses need no quoting beyond `<…>` and DATA whose lines end in CRLF (mime.Wire
    writes them so): the same commands, with the same options, and the same errors, without
    parsing both addresses and running two regular expressions over each message again."""
    smtp.ehlo_or_helo_if_needed()
    size = f" size={len(data)}" if smtp.does_esmtp and smtp.has_extn("size") else ""
    code, reply = _reply(smtp, "mail", f"from:{sender}{size}")
    if code != 250:
        _give_up(smtp, code)
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    code, reply = _reply(smtp, "rcpt", f"to:<{recipient}>")
    if code not in (250, 251):
        _give_up(smtp, code)
        raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
    code, reply = _reply(smtp, "data")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    # Transparency (RFC 5321 4.5.2): a line that starts with a period gets another.
    stuffed = data.replace(b"\n.", b"\n..")
    if stuffed.startswith(b"."):
        stuffed = b"." + stuffed
    if not stuffed.endswith(b"\r\n"):
        stuffed += b"\r\n"
    smtp.send(stuffed + b".\r\n")
    code, reply = smtp.getreply()
    if code != 250:
        _give_up(smtp, code)
        raise smtplib.SMTPDataError(code, reply)


Send = Callable[[], None]


def transmitter(connection: Any) -> Callable[[Outgoing], Send]:
    """How a message is made ready to go out over `connection` (opened by then): the
    returned call sends it. Django's SMTP backend gets the bytes mime.Wire writes, the same
    its own rendering would give, without it; any other backend (console, file, locmem in
    the tests) gets Django's message. Making ready touches no connection; sending touches
    no database."""
    if type(connection) is SmtpBackend:
        wire = Wire()
        mail_from = smtplib.quoteaddr(wire.sender)

        def over_smtp(message: Outgoing) -> Send:
            sender, recipients, data = wire.envelope(message)
            simple = is_simple_address(message.to)  # then `recipients` is `[message.to]`

            def go() -> None:
                smtp = connection.connection
                if smtp is None:  # closed under us: a temporary error
                    raise smtplib.SMTPServerDisconnected("not connected")
                if simple:
                    sendmail(smtp, mail_from, message.to, data)
                else:
                    smtp.sendmail(sender, recipients, data)

            return go

        return over_smtp

    def with_django(message: Outgoing) -> Send:
        email = django_message(message, connection)
        return lambda: connection.send_messages([email])

    return with_django
