"""Names other players read (display names, league names): one normal form, no disguise.

`clean_name(value)` is what gets stored: NFKC-normalised (full-width and compatibility
forms folded), outer spaces stripped and inner runs of spaces collapsed. It refuses, with
`InvalidNameError` naming the character, any control character, bidirectional override or
isolate, zero-width or other invisible format character (Unicode categories Cc, Cf, Co, Cn,
Zl, Zp): the characters that let one name pose as another.

`name_skeleton(value)` is the form two names are compared in to find a confusable pair:
transliterated to ASCII (Cyrillic U+0430 and Latin "a" meet), case-folded, digits that pass
for letters folded onto them (0->o, 1->l, 5->s...), and all but letters and digits dropped.
"Paddock" and "P4dd\u043eck" (a Cyrillic o) have one skeleton; a new name whose skeleton
belongs to another player's or another league's name is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from anyascii import anyascii
from django.utils.translation import gettext as _

FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Zl", "Zp", "Cs"}
LOOKALIKE_DIGITS = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t"})
_SPACES = re.compile(r"\s+")
_NOT_LETTER = re.compile(r"[^a-z0-9]")


class InvalidNameError(ValueError):
    """The name holds a character that could disguise it; the message names it."""


def clean_name(value: str, max_length: int | None = None) -> str:
    """The stored form of a name (see the module's docstring); InvalidNameError if refused.

    `max_length` bounds the stored form: a compatibility character can stand for several
    (U+FDFA is 18 letters), so a name within the limit as typed may not be once stored,
    and the player is told so rather than given the column's bare count."""
    normalised = unicodedata.normalize("NFKC", value)
    for char in normalised:
        if unicodedata.category(char) in FORBIDDEN_CATEGORIES:
            label = unicodedata.name(char, f"U+{ord(char):04X}")
            raise InvalidNameError(
                _("Names cannot contain invisible or control characters (%(character)s).")
                % {"character": label}
            )
    name = _SPACES.sub(" ", normalised).strip()
    if max_length is not None and len(name) > max_length:
        raise InvalidNameError(
            _(
                "This name is longer than %(max)d characters once its special characters "
                "are written out in full (%(length)d): choose a shorter one."
            )
            % {"max": max_length, "length": len(name)}
        )
    return name


def name_key(value: str) -> str:
    """What is stored beside a name to find its confusable twins with an index."""
    return name_skeleton(value)[:80]


def fill_name_keys(rows: Iterable[Any], name_field: str, key_field: str) -> list[Any]:
    """Sets each row's key from its name: for bulk writes, which do not call save()."""
    rows = list(rows)
    for row in rows:
        setattr(row, key_field, name_key(getattr(row, name_field)))
    return rows


def name_skeleton(value: str) -> str:
    """The form in which two confusable names are equal (see the module's docstring)."""
    ascii_form = anyascii(unicodedata.normalize("NFKC", value)).casefold()
    ascii_form = ascii_form.replace("rn", "m").replace("vv", "w")
    return _NOT_LETTER.sub("", ascii_form.translate(LOOKALIKE_DIGITS))
