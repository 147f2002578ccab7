"""Numbers written into text read as each language writes them: a decimal point in English,
a decimal comma in French, euros after the amount with a non-breaking space; PMU's capitals
read as proper names."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from backend.common import formatting


@pytest.mark.parametrize(
    ("language", "euros", "points", "share"),
    [("en", "3.50\u00a0€", "11.80", "33.3"), ("fr", "3,50\u00a0€", "11,80", "33,3")],
)
def test_amounts_read_in_the_active_language(
    language: str, euros: str, points: str, share: str
) -> None:
    with translation.override(language):
        assert formatting.euros(350) == euros
        assert formatting.points(1180) == points
        assert formatting.decimal(33.3, 1) == share
        assert formatting.euros(123456) == (
            "1234.56\u00a0€" if language == "en" else "1234,56\u00a0€"
        )


def test_the_template_filters_write_numbers_and_leave_text_as_it_is() -> None:
    template = Template(
        "{% load paddock_format %}{{ cents|euros }} {{ total|points }} {{ share|decimal:1 }}"
        " {{ old|euros }}"
    )
    context = Context({"cents": 590, "total": 3120, "share": 66.7, "old": "5.90 €"})
    with translation.override("fr"):
        assert template.render(context) == "5,90\u00a0€ 31,20 66,7 5.90 €"
    with translation.override("en"):
        assert template.render(context) == "5.90\u00a0€ 31.20 66.7 5.90 €"


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        ("PRINCE D'ESPRIT", "Prince d'Esprit"),
        ("BOLD EAGLE", "Bold Eagle"),
        ("J.-M. BAZIRE", "J.-M. Bazire"),
        ("ETOILE DE LA MER", "Etoile de la Mer"),
        ("L'AMI DU JOUR", "L'Ami du Jour"),
        ("ROI D\u2019AVRIL", "Roi d\u2019Avril"),
        ("MLLE C. LE BAIL", "Mlle C. Le Bail"),
        ("ÉCLAIR  D'ÉTÉ", "Éclair  d'Été"),
        ("McCoy's Star", "McCoy's Star"),
        ("", ""),
        ("123", "123"),
    ],
)
def test_pmu_capitals_read_as_proper_names(stored: str, read: str) -> None:
    assert formatting.proper_name(stored) == read
