"""The API's JSON parser: DRF's, refusing what the database or Python cannot hold.

- nesting deeper than MAX_DEPTH (a body of ten thousand `[` would otherwise end in a
  RecursionError and a 500);
- NUL characters in any key or string (PostgreSQL text cannot store them);
- invalid UTF-8 and constants such as NaN or Infinity (not JSON).
Each answers 400 with code `parse_error`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _too_deep() -> ParseError:
    return ParseError(_("JSON nested deeper than %(max)d levels.") % {"max": MAX_DEPTH})


def _check(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise _too_deep()
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError(_("JSON strings may not contain NUL characters."))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


def _depth_before_parsing(text: str) -> int:
    """The deepest bracket nesting of `text`, counted outside strings, without recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
        elif char in "]}":
            depth -= 1
    return deepest


class SafeJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError(_("The body is not valid UTF-8.")) from None
        if not text.strip():
            raise ParseError(_("The body is empty: send a JSON document."))
        if _depth_before_parsing(text) > MAX_DEPTH:
            raise _too_deep()
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("JSON parse error: %(error)s") % {"error": exc}) from None
        _check(data, 0)
        return data
