"""Race-card and result importers: pure parsers and sources, no Django.

``importers.pmu`` reads PMU turfinfo JSON, ``importers.csv`` our own CSV; both return the
frozen dataclasses of ``importers.model`` and raise ``FeedError`` on bad input.
``importers.sources`` fetches the raw documents (HTTP or files).
"""

from importers import csv, pmu, sources
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
    "pmu",
    "sources",
]
