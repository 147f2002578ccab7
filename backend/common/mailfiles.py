"""Local runs' email: each message written to a file under EMAIL_FILE_PATH (var/emails by
default), and one line on the console per message, with its first link to click.

`make run` and `make demo` use it: loading the demo sends hundreds of result emails, which
would flood the console in full.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.message import EmailMessage

_LINK = re.compile(r"https?://[^\s\"'<>]+")


def summary(message: EmailMessage) -> str:
    """ "to · subject · link": the first link of the body, when there is one."""
    link = _LINK.search(str(message.body))
    parts = [", ".join(message.to), str(message.subject)]
    if link:
        parts.append(link.group(0))
    return "✉ " + " · ".join(parts)


class EmailBackend(FileBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = super().send_messages(email_messages)
        for message in email_messages:
            sys.stdout.write(summary(message) + "\n")
        sys.stdout.flush()
        return sent
