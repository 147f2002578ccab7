"""Race-card and result importers: pure parsers and sources, no Django.

``importers.pmu`` reads PMU turfinfo JSON, ``importers.csv`` our own CSV; both return the
frozen dataclasses of ``importers.model`` and raise ``FeedError`` on bad input.
``importers.sources`` fetches the raw documents (HTTP or files). ``unpaid_dividends``
and ``places_paid`` check dividends against a finish, for the parsers and the backend alike.
"""

from importers import csv, pmu, sources
from importers._common import places_paid, unpaid_dividends
from importers.errors import FeedError, NotPublished
from importers.model import Dividends, MeetingCard, RaceCard, RaceOutcome, RunnerEntry

__all__ = [
    "Dividends",
    "FeedError",
    "MeetingCard",
    "NotPublished",
    "RaceCard",
    "RaceOutcome",
    "RunnerEntry",
    "csv",
    "places_paid",
    "pmu",
    "sources",
    "unpaid_dividends",
]
