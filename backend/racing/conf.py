"""Racing's tunables, read from settings.PADDOCK_RACING at call time (tests override them).

`settings.py` fills PADDOCK_RACING only from the environment: PADDOCK_PMU_BASE_URL,
PADDOCK_PMU_TIMEOUT, PADDOCK_PMU_RETRIES and PADDOCK_SILKS_HOSTS.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.common.conf import app_settings


@dataclass(frozen=True, slots=True)
class RacingSettings:
    # The PMU feed (turfinfo) that cards and results are fetched from.
    pmu_base_url: str = "https://online.turfinfo.api.pmu.fr/rest/client/1"
    # Seconds to wait for each answer of the feed (connecting has its own 3.05 s).
    pmu_timeout: float = 10.0
    # Retries of a request the feed failed (5xx, timeout) before the fetch gives up.
    pmu_retries: int = 2
    # The hosts (and their subdomains), comma-separated, whose silks images we copy and serve:
    # a runner's silks address elsewhere is never fetched.
    silks_hosts: str = "pmu.fr,pmucdn.fr"


def racing_settings() -> RacingSettings:
    return app_settings("PADDOCK_RACING", RacingSettings)
