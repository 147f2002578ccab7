"""Chat text in, sanitised plain text out, or a refusal with a clear code.

Live messages are plain text: any HTML a member types is removed (script and style with
their content) by nh3, entities are decoded back to characters, control characters other
than newlines and tabs are dropped, and runs of blank lines collapse. The web app renders
the result as text, never as HTML.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

import nh3
from django.utils.translation import gettext as _

from backend.common.errors import ApplicationError

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(raw: Any, *, max_chars: int) -> str:
    """The message as stored, or `ApplicationError` with code `invalid_text`, `empty`,
    `too_long` or `unsanitisable`."""
    if not isinstance(raw, str):
        raise ApplicationError(_("A message is a string of text."), code="invalid_text")
    if "\x00" in raw or any(0xD800 <= ord(c) <= 0xDFFF for c in raw):
        raise ApplicationError(_("The message holds characters text cannot."), code="invalid_text")
    if len(raw) > max_chars * 4:
        raise ApplicationError(
            _("A message takes at most %(max)d characters.") % {"max": max_chars}, code="too_long"
        )
    if not raw.strip():
        raise ApplicationError(_("The message is empty."), code="empty")
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = html.unescape(nh3.clean(text, tags=set(), attributes={}))
    text = _BLANK_LINES.sub("\n\n", _CONTROL.sub("", text)).strip()
    if not text:
        raise ApplicationError(
            _("Nothing is left of this message once markup is removed."), code="unsanitisable"
        )
    if len(text) > max_chars:
        raise ApplicationError(
            _("A message takes at most %(max)d characters.") % {"max": max_chars}, code="too_long"
        )
    return text
