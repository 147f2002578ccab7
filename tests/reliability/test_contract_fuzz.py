"""Contract fuzzing: schemathesis, with every check it has, against a real server on
loopback (pytest-django's live_server) reading the live `/api/schema/`, as an anonymous
visitor, a player and an operator (Token auth).

The checks cover server errors, statuses, content types, headers and bodies as documented,
schema-violating input refused (negative_data_rejection) and schema-valid input accepted
(positive_data_acceptance), missing required headers, unsupported methods and their Allow
header, authentication that is declared but not enforced (ignored_auth), and resources
that vanish or survive deletion. `tests/reliability/schemathesis.toml` lists the few
expectations widened, each with the rule the schema cannot state.

Bounded for CI: FUZZ_EXAMPLES cases per operation and phase (default 4), deterministic
generation, no shrinking; the schemathesis report is printed when a check fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from backend.accounts.models import User
from backend.game import services as game
from tests.reliability.conftest import open_round, store_official_result

pytest.importorskip("schemathesis")

pytestmark = [pytest.mark.django_db(transaction=True)]

EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "4")
CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture
def seeded(
    member: User, operator: User, eager_celery: None, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """Tokens of a player (the member) and of the operator, keyed "player" and
    "operator"; a round both picked, settled, and an open one after it."""
    for rates in (SimpleRateThrottle.THROTTLE_RATES, api_settings.DEFAULT_THROTTLE_RATES):
        for scope in list(rates):
            monkeypatch.setitem(rates, scope, "100000/min")
    settled = open_round()
    for n, who in enumerate((member, operator)):
        game.pick_submit(player=who, round_id=settled.pk, win=1 + n, place=2 + n)
    store_official_result(settled)
    game.round_settle(round_id=settled.pk)
    open_round(season=settled.season, number=2)
    return {
        "player": Token.objects.create(user=member).key,
        "operator": Token.objects.create(user=operator).key,
    }


def schemathesis_run(base_url: str, token: str | None, workdir: Path) -> dict[str, Any]:
    """Run the schemathesis CLI with every check; its JSON report and its output."""
    report = workdir / "report.json"
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(CONFIG),
        "run",
        f"{base_url}/api/schema/",
        "--checks=all",
        "--phases=examples,coverage,fuzzing",
        f"--max-examples={EXAMPLES}",
        "--workers=1",
        "--generation-deterministic",
        "--no-shrink",
        # The API refuses NUL in any string (400 parse_error / invalid_url), by design.
        "--generation-allow-x00=false",
        # The credentials are ours: probes remove them to test that they are required.
        "--generation-with-security-parameters=false",
        "--request-timeout=20",
        "--no-color",
        "--output-truncate=false",
        f"--report-json-path={report}",
        "--header=Accept: application/json",
        # A connection per request: on a kept-alive one, both processes sat idle about
        # 40 ms a case (the pattern of a delayed ACK), six times the whole run's time.
        "--header=Connection: close",
    ]
    if token:
        command.append(f"--header=Authorization: Token {token}")
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=1500, cwd=workdir, check=False
    )
    summary = json.loads(report.read_text()) if report.exists() else {}
    return {"returncode": done.returncode, "output": done.stdout + done.stderr, **summary}


@pytest.mark.parametrize("persona", ["anonymous", "player", "operator"])
def test_every_check_of_schemathesis_passes_on_every_operation(
    live_server: Any, seeded: dict[str, str], persona: str, tmp_path: Path
) -> None:
    result = schemathesis_run(live_server.url, seeded.get(persona), tmp_path)
    if os.environ.get("FUZZ_OUTPUT_DIR"):  # keep the run's summary, e.g. for a report
        Path(os.environ["FUZZ_OUTPUT_DIR"], f"{persona}.txt").write_text(result["output"])
    assert result["returncode"] == 0, result["output"][-20000:]
    assert "Tested:" in result["output"], result["output"]
