"""Numbers and names written into text (emails, Paddock's posts) in the active language: one
place for how points, euros and shares read, so "3.50 €" in English is "3,50 €" in French,
and for how PMU's capitals read as names.

Call under `translation.override(language)` (emails and posts are written per language);
templates use the same through the `paddock_format` filters.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import formats


def decimal(value: float | Decimal, places: int) -> str:
    """12.5 -> "12.5" (en) / "12,5" (fr), with `places` decimals."""
    return str(formats.number_format(Decimal(str(value)), places))


def points(cents: int) -> str:
    """1180 -> "11.80" (en) / "11,80" (fr): points are cents of the mythical stake."""
    return decimal(Decimal(cents) / 100, 2)


def euros(cents: int) -> str:
    """An amount in cents of a euro: 350 -> "3.50 €" (en) / "3,50 €" (fr)."""
    return f"{points(cents)}\u00a0€"


# Small words kept in lower case inside a name ("Etoile de la Mer"); not "le", a surname's
# start as often as an article ("Le Bail"). The web app's `properName` reads names alike.
_PARTICLES = frozenset({"de", "du", "des", "la", "les", "et", "of", "the", "and", "van", "von"})
_WORD_START = re.compile(r"(^|[-'\u2019.(])([^\W\d_])")
_ELIDED = re.compile(r"^([DL])(['\u2019])")
_SPACES = re.compile(r"(\s+)")


def proper_name(name: str) -> str:
    """PMU's capitals as a proper name: "PRINCE D'ESPRIT" -> "Prince d'Esprit". A name
    already in mixed case (or without letters) is kept as it is."""
    if not name or name != name.upper() or name == name.lower():
        return name
    words = _SPACES.split(name.lower())
    return "".join(
        word if not word.strip() or (i > 0 and word in _PARTICLES) else _capitalised(word, i == 0)
        for i, word in enumerate(words)
    )


def _capitalised(word: str, first: bool) -> str:
    up = _WORD_START.sub(lambda m: m.group(1) + m.group(2).upper(), word)
    # d'Esprit, l'Ami: inside a name the elided particle stays small.
    return up if first else _ELIDED.sub(lambda m: m.group(1).lower() + m.group(2), up)
