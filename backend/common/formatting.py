"""Numbers written into text (emails, Paddock's posts) in the active language: one place
for how points, euros and shares read, so "3.50 €" in English is "3,50 €" in French.

Call under `translation.override(language)` (emails and posts are written per language);
templates use the same through the `paddock_format` filters.
"""

from __future__ import annotations

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
