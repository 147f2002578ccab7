"""The web app's first page against its budget: 250 kB of JavaScript, gzipped.

Builds the app (`npm run build`, unless --no-build), then reads Vite's manifest: the first
page loads the entry chunk and every chunk it imports statically (what the page preloads);
pages reached later load their own chunks on demand and are not counted. Prints one row per
chunk, raw and gzipped, and the total against the budget; exits 1 over budget, 2 when the
app cannot be built.

    python -m bench.bench_frontend [--no-build]
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FRONTEND = REPO / "frontend"
DIST = FRONTEND / "dist"
BUDGET_BYTES = 250_000  # kB as Vite counts them: 1 kB = 1000 bytes
ENTRY = "index.html"


def build() -> bool:
    npm = shutil.which("npm")
    if npm is None or not (FRONTEND / "package.json").exists():
        print("npm or frontend/package.json is missing: cannot build the web app")
        return False
    if not (FRONTEND / "node_modules").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=False)
    done = subprocess.run(
        [npm, "run", "--silent", "build"],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n")
        return False
    return True


def first_page_chunks(manifest: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The JS files the first page loads (entry first) and its stylesheets."""
    js: list[str] = []
    css: list[str] = []
    seen: set[str] = set()
    pending = [ENTRY]
    while pending:
        key = pending.pop(0)
        if key in seen or key not in manifest:
            continue
        seen.add(key)
        chunk = manifest[key]
        js.append(chunk["file"])
        css.extend(c for c in chunk.get("css", []) if c not in css)
        pending.extend(chunk.get("imports", []))
    return js, css


def sizes(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw, compresslevel=9))


def kb(n: int) -> str:
    return f"{n / 1000:8.2f} kB"


def main(argv: list[str]) -> int:
    if "--no-build" not in argv and not build():
        return 2
    manifest_path = DIST / ".vite" / "manifest.json"
    if not manifest_path.exists():
        print(f"no manifest at {manifest_path}: run make frontend")
        return 2
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    js, css = first_page_chunks(manifest)
    width = max(len(name) for name in [*js, *(f"{c} (not counted)" for c in css), "total JS"])
    print(f"{'first page chunk':<{width}}  {'raw':>11}  {'gzipped':>11}")
    total_raw = total_gz = 0
    for name in js:
        raw, gz = sizes(DIST / name)
        total_raw += raw
        total_gz += gz
        print(f"{name:<{width}}  {kb(raw)}  {kb(gz)}")
    print(f"{'total JS':<{width}}  {kb(total_raw)}  {kb(total_gz)}")
    for name in css:
        raw, gz = sizes(DIST / name)
        print(f"{name + ' (not counted)':<{width}}  {kb(raw)}  {kb(gz)}")
    lazy = sum(1 for k, v in manifest.items() if v.get("isDynamicEntry"))
    share = 100 * total_gz / BUDGET_BYTES
    print(f"budget: {kb(total_gz).strip()} gzipped of {BUDGET_BYTES / 1000:.0f} kB ({share:.0f}%)")
    print(f"pages loaded on demand: {lazy} chunks, not counted")
    if total_gz > BUDGET_BYTES:
        print("OVER BUDGET")
        return 1
    print("within budget")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
