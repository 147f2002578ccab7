"""Template filters for numbers written into text, in the active language
(`backend.common.formatting`): `{{ cents|euros }}`, `{{ cents|points }}`, `{{ share|decimal:1 }}`.

A value that is already text (facts written before amounts were stored as numbers) is
shown as it is.
"""

from __future__ import annotations

from typing import Any

from django import template

from backend.common import formatting

register = template.Library()


@register.filter
def euros(cents: Any) -> str:
    return cents if isinstance(cents, str) else formatting.euros(int(cents))


@register.filter
def points(cents: Any) -> str:
    return cents if isinstance(cents, str) else formatting.points(int(cents))


@register.filter
def decimal(value: Any, places: int = 1) -> str:
    return value if isinstance(value, str) else formatting.decimal(value, int(places))
