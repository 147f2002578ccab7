"""Contract fuzzing: schemathesis generates requests for every operation of the live
`/api/schema/` and sends them to a real server on loopback (pytest-django's live_server),
signed in with a Token as a player and as an operator. No answer may be a server error,
and every answer must match the schema (status documented or not, its body conforms).

Bounded: a few examples per operation (FUZZ_EXAMPLES, default 4) and no shrinking.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from backend.accounts.models import User
from backend.game import services as game
from tests.reliability.conftest import open_round, store_official_result

schemathesis = pytest.importorskip("schemathesis")
general_checks = pytest.importorskip("schemathesis.checks")
openapi_checks = pytest.importorskip("schemathesis.specs.openapi.checks")

pytestmark = [pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))

# Known schema bugs, reported to their app's owner; a listed operation is still fuzzed for
# server errors, status codes and content types, only its body check is waived. Remove
# the line with the fix: the test then holds the operation to its schema again.
KNOWN_BODY_MISMATCHES: set[str] = set()


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


def run_operation(operation: Any, base_url: str, token: str, checks: list[Any]) -> list[str]:
    """Up to EXAMPLES generated cases of one operation; the failures, as text."""
    failures: list[str] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        try:
            case.call_and_validate(
                base_url=base_url,
                headers={"Authorization": f"Token {token}"},
                checks=checks,
                timeout=20,
            )
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - failed checks come as exception groups
            failures.append(f"{operation.label}: {str(exc).strip()[:1500]}")

    check()
    return failures


@pytest.mark.parametrize("persona", ["player", "operator"])
def test_it_answers_every_operation_without_server_errors_and_as_its_schema_says(
    live_server: Any, seeded: dict[str, Any], persona: str
) -> None:
    body_check = openapi_checks.response_schema_conformance
    checks = [
        general_checks.not_a_server_error,
        openapi_checks.status_code_conformance,
        openapi_checks.content_type_conformance,
        body_check,
    ]
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/schema/",
        headers={"Accept": "application/vnd.oai.openapi+json"},
    )
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        waived = operation.label in KNOWN_BODY_MISMATCHES
        wanted = [c for c in checks if not (waived and c is body_check)]
        failures.extend(run_operation(operation, live_server.url, seeded[persona], wanted))
    assert operations > 50
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures)
