from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

MANIFEST = {
    "index.html": {
        "file": "assets/index-AAAAAAAA.js",
        "isEntry": True,
        "src": "index.html",
        "css": ["assets/index-CCCCCCCC.css"],
    },
}


@pytest.fixture
def built(tmp_path: Path, settings: Any) -> Path:
    """A fake build of the app: its manifest, its stylesheet and its service worker."""
    (tmp_path / ".vite").mkdir()
    (tmp_path / ".vite" / "manifest.json").write_text(json.dumps(MANIFEST))
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-CCCCCCCC.css").write_text(
        "body{background:url(./bg-DDDDDDDD.png)}"
    )
    repo_sw = Path(settings.REPO_DIR) / "frontend" / "public" / "sw.js"
    (tmp_path / "sw.js").write_text(repo_sw.read_text())
    settings.FRONTEND_DIST = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://paddock.example"
    return tmp_path
