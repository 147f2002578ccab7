"""The built web app's first page: inside its JavaScript budget, and English only.

These read the build (frontend/dist, `make frontend`; `make test` builds it first). Without
a build they skip, except in CI where that is a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from bench.bench_frontend import BUDGET_BYTES, DIST, first_page_chunks, sizes


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    path = DIST / ".vite" / "manifest.json"
    if not path.exists():
        reason = "the web app is not built (run make frontend)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: CI must check the bundle", pytrace=False)
        pytest.skip(reason)
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def first_page_js(manifest: dict[str, Any]) -> list[Path]:
    return [DIST / name for name in first_page_chunks(manifest)[0]]


def test_the_first_page_stays_inside_its_budget(manifest: dict[str, Any]) -> None:
    gzipped = sum(sizes(path)[1] for path in first_page_js(manifest))
    assert 0 < gzipped <= BUDGET_BYTES, f"first page: {gzipped} bytes of JS gzipped"


def test_the_french_catalogue_loads_only_for_french_readers(manifest: dict[str, Any]) -> None:
    french = manifest["src/i18n/fr.ts"]
    assert french["isDynamicEntry"]
    first_page = first_page_js(manifest)
    assert DIST / french["file"] not in first_page
    scripts = "".join(path.read_text(encoding="utf-8") for path in first_page)
    assert "Skip to content" in scripts
    assert "Aller au contenu" not in scripts
    assert "Aller au contenu" in (DIST / french["file"]).read_text(encoding="utf-8")
