"""Every French catalog of the project is complete: no message left untranslated or
marked fuzzy (gettext ignores a fuzzy translation, so the reader would get English), and
each one compiled beside its source; its French set as the web app sets it."""

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


def _msgstrs(entry: str) -> str:
    """The translation of an entry, its continuation lines joined."""
    text, taking = [], False
    for line in entry.splitlines():
        if line.startswith("msgstr"):
            taking = True
            quoted = line.split(" ", 1)[1]
        elif line.startswith('"'):
            quoted = line
        else:
            taking = False
        if taking:
            text.append(quoted.strip()[1:-1])
    return "".join(text)


FRENCH = [path for path in CATALOGS if path.parts[-3] == "fr"]


@pytest.mark.parametrize("path", FRENCH, ids=lambda p: p.parts[-5])
def test_french_apostrophes_are_curly_and_punctuation_keeps_to_its_word(path: Path) -> None:
    """An apostrophe is U+2019, and a colon (U+00A0) or a ;?! (U+202F) is held to the word before
    it by a no-break space, so a line never starts with one."""
    translations = [_msgstrs(e) for e in _entries(path.read_text(encoding="utf-8"))[1:]]
    assert [t for t in translations if re.search(r"\w'\w", t)] == []
    assert [t for t in translations if re.search(r" [:;?!]", t)] == []
