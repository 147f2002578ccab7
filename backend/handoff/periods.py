"""How long a player may keep betting offers away: self-exclusion and short breaks.

Data, not logic: each country's periods come from its regulator or its national scheme,
with the source written beside them, so an operator can check them against the text.
A country without its own scheme gets the default periods. `services` applies them
(an exclusion or a break can be extended, never shortened); `selectors.offers` hides every
betting offer while either runs.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True, slots=True)
class Period:
    """A length of time a player chooses: `code` is what the API takes ("6m")."""

    code: str
    months: int = 0
    days: int = 0
    hours: int = 0

    def end(self, start: datetime) -> datetime:
        """When a period started at `start` ends (calendar months: the 31st becomes the
        month's last day)."""
        return add_months(start, self.months) + timedelta(days=self.days, hours=self.hours)


@dataclass(frozen=True, slots=True)
class Scheme:
    """The periods one country's rules set, and where they are written."""

    periods: tuple[Period, ...]
    source: StrOrPromise  # translated when read, in the request's language
    source_url: str

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.periods]

    def period(self, code: str) -> Period | None:
        return next((p for p in self.periods if p.code == code), None)


def add_months(moment: datetime, months: int) -> datetime:
    """The same time `months` calendar months later; the 31st becomes the month's last day."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


SELF_EXCLUSION_BY_COUNTRY: dict[str, Scheme] = {
    # France: an operator's self-exclusion ("auto-exclusion") lasts at least 7 days; the
    # national "interdiction volontaire de jeux" kept by the ANJ lasts 3 years. Paddock
    # offers periods from the 7-day minimum up to the ANJ's 3 years (the ANJ's own
    # register, which bars every licensed operator, is applied for at anj.fr).
    "FR": Scheme(
        periods=(
            Period("7d", days=7),
            Period("1m", months=1),
            Period("3m", months=3),
            Period("6m", months=6),
            Period("1y", months=12),
            Period("3y", months=36),
        ),
        source=_(
            "Loi n° 2010-476 du 12 mai 2010 and décret n° 2010-518 du 19 mai 2010 "
            "(auto-exclusion: 7 days at least); ANJ, interdiction volontaire de jeux (3 years)"
        ),
        source_url="https://anj.fr/",
    ),
    # Great Britain: GAMSTOP, the national online self-exclusion scheme every licensed
    # online operator must join (UKGC LCCP social responsibility code 3.5), offers 6 months,
    # 1 year or 5 years.
    "GB": Scheme(
        periods=(Period("6m", months=6), Period("1y", months=12), Period("5y", months=60)),
        source=_("GAMSTOP periods; UK Gambling Commission LCCP, social responsibility code 3.5"),
        source_url="https://www.gamstop.co.uk/",
    ),
}
DEFAULT_SELF_EXCLUSION = Scheme(
    periods=(Period("6m", months=6), Period("1y", months=12), Period("5y", months=60)),
    source=_("Paddock's default: the GAMSTOP periods, where a country sets none of its own"),
    source_url="https://www.gamstop.co.uk/",
)

# Every period some country offers, in order of length: the schema's choices (each player
# is held to their own country's, `self_exclusion_scheme`).
ALL_SELF_EXCLUSION_CODES: list[str] = list(
    dict.fromkeys(
        p.code
        for p in sorted(
            (
                p
                for s in (*SELF_EXCLUSION_BY_COUNTRY.values(), DEFAULT_SELF_EXCLUSION)
                for p in s.periods
            ),
            key=lambda p: (p.months * 31 + p.days) * 24 + p.hours,
        )
    )
)

# A short break ("time-out") hides betting offers for 24 hours up to 6 weeks, the range the
# UK Gambling Commission sets for operators' time-out facilities. It ends by itself.
BREAK = Scheme(
    periods=(
        Period("24h", hours=24),
        Period("1w", days=7),
        Period("1m", months=1),
        Period("6w", days=42),
    ),
    source=_(
        "UK Gambling Commission, remote gambling and software technical standards: "
        "time-out facility, 24 hours up to 6 weeks"
    ),
    source_url="https://www.gamblingcommission.gov.uk/",
)


def self_exclusion_scheme(country: str) -> Scheme:
    """The self-exclusion periods a player in `country` chooses from."""
    return SELF_EXCLUSION_BY_COUNTRY.get(country, DEFAULT_SELF_EXCLUSION)
