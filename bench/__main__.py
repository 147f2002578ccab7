"""Run every benchmark module in its own process and report which ones missed a target."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    wanted = set(argv)
    modules = sorted(p.stem for p in here.glob("bench_*.py"))
    if wanted:
        modules = [m for m in modules if m in wanted or m.removeprefix("bench_") in wanted]
    failed: list[str] = []
    for module in modules:
        print(f"\n=== {module} ===", flush=True)
        code = subprocess.call([sys.executable, "-m", f"bench.{module}"], cwd=here.parent)
        if code != 0:
            failed.append(module)
    print("\nbenchmarks run:", ", ".join(modules) or "none")
    if failed:
        print("missed a target or failed:", ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
