"""The web app's unit tests (Vitest) run with the rest of the suite."""

from __future__ import annotations

import subprocess

from tests.frontend.conftest import FRONTEND, need_node


def test_it_passes_the_vitest_suite() -> None:
    npm = need_node()
    result = subprocess.run(
        [npm, "test", "--silent"],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, (
        f"npm test failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    )
