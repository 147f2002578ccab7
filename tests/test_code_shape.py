"""The shape the code keeps: short functions, and modules that hold one concern.

The parsers of importers/ are exempt (one function per document format reads best whole),
as are migrations. A function over the limit is split into named steps.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 600
CHECKED = ("backend", "scoring")


def _sources() -> list[Path]:
    files: list[Path] = []
    for folder in CHECKED:
        files += [p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts]
    return sorted(files)


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_no_function_is_longer_than_the_limit() -> None:
    too_long = []
    for path in _sources():
        for function in _functions(ast.parse(path.read_text(), filename=str(path))):
            length = (function.end_lineno or function.lineno) - function.lineno + 1
            if length > MAX_FUNCTION_LINES:
                where = f"{path.relative_to(ROOT)}:{function.lineno} {function.name}"
                too_long.append(f"{where} ({length} lines)")
    assert not too_long, "split these into named steps:\n" + "\n".join(too_long)


def test_no_module_is_longer_than_the_limit() -> None:
    too_long = [
        f"{path.relative_to(ROOT)} ({count} lines)"
        for path in _sources()
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert not too_long, "split these by concern:\n" + "\n".join(too_long)
