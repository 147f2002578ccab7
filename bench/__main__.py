"""Run every benchmark module in its own process and report which ones missed a target."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    # Options (`--quick`, `--players N`, ...) go to each module run: name the ones that take them.
    first_option = next((i for i, arg in enumerate(argv) if arg.startswith("--")), len(argv))
    argv, options = argv[:first_option], argv[first_option:]
    wanted = set(argv)
    modules = sorted(p.stem for p in here.glob("bench_*.py"))
    if wanted:
        modules = [m for m in modules if m in wanted or m.removeprefix("bench_") in wanted]
    failed: list[str] = []
    for module in modules:
        print(f"\n=== {module} ===", flush=True)
        command = [sys.executable, "-m", f"bench.{module}", *options]
        code = subprocess.call(command, cwd=here.parent)
        if code != 0:
            failed.append(module)
    print("\nbenchmarks run:", ", ".join(modules) or "none")
    if failed:
        print("missed a target or failed:", ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
