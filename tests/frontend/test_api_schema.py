"""The app's typed API client cannot drift from the API: schema and types are checked here.

frontend/openapi.json is the schema the API serves, committed; frontend/src/api/schema.d.ts
is generated from it, and `npm run lint` (tsc) compiles every call against it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.frontend.conftest import FRONTEND, need_node

FIX = (
    "run `.venv/bin/python backend/manage.py spectacular --file frontend/openapi.json "
    "--format openapi-json && (cd frontend && npm run api:types && npm run lint)` and commit"
)


def test_it_matches_the_committed_openapi_schema(tmp_path: Path) -> None:
    fresh = tmp_path / "openapi.json"
    call_command("spectacular", file=str(fresh), format="openapi-json")
    committed = json.loads((FRONTEND / "openapi.json").read_text(encoding="utf-8"))
    current = json.loads(fresh.read_text(encoding="utf-8"))
    if current != committed:
        changes = [
            f"{what} {sign} {name}"
            for what, new, old in (
                ("path", current["paths"], committed["paths"]),
                ("schema", current["components"]["schemas"], committed["components"]["schemas"]),
            )
            for sign, names in (("+", set(new) - set(old)), ("-", set(old) - set(new)))
            for name in sorted(names)
        ]
        changed = [
            f"path ~ {p}"
            for p in sorted(set(current["paths"]) & set(committed["paths"]))
            if current["paths"][p] != committed["paths"][p]
        ]
        listing = "\n  ".join([*changes, *changed][:40]) or "(details: components)"
        pytest.fail(f"The API changed but frontend/openapi.json did not:\n  {listing}\n{FIX}")


def test_it_generates_the_committed_typescript_types() -> None:
    npm = need_node()
    result = subprocess.run(
        [npm, "run", "--silent", "api:types", "--", "--check"],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"{result.stdout}{result.stderr}\n{FIX}"
