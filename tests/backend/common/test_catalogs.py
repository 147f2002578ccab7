"""Every French catalog of the project is complete: no message left untranslated or
marked fuzzy (gettext ignores a fuzzy translation, so the reader would get English), and
each one compiled beside its source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

BACKEND = Path(__file__).resolve().parents[3] / "backend"
CATALOGS = sorted(BACKEND.glob("*/locale/*/LC_MESSAGES/django.po"))


def _entries(text: str) -> list[str]:
    return [block for block in re.split(r"\n\s*\n", text.strip()) if "msgid" in block]


def _empty_msgstrs(entry: str) -> bool:
    """Whether a msgstr (or msgstr[n]) of the entry is "" with no continuation line."""
    return bool(re.search(r'^msgstr(\[\d+\])? ""$(?!\n")', entry, re.MULTILINE))


def test_the_apps_have_their_catalogs() -> None:
    apps = {path.parts[-5] for path in CATALOGS}
    assert {"accounts", "common", "community", "game", "handoff", "leagues"} <= apps
    assert {"live", "notifications", "ops", "racing"} <= apps


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-5])
def test_a_catalog_has_no_empty_or_fuzzy_entry(path: Path) -> None:
    entries = _entries(path.read_text(encoding="utf-8"))
    header, messages = entries[0], entries[1:]
    assert "#, fuzzy" not in header
    fuzzy = [e for e in messages if re.search(r"^#,.*\bfuzzy\b", e, re.MULTILINE)]
    empty = [e for e in messages if _empty_msgstrs(e)]
    assert fuzzy == []
    assert empty == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-5])
def test_a_catalog_is_compiled(path: Path) -> None:
    compiled = path.with_suffix(".mo")
    assert compiled.exists()
