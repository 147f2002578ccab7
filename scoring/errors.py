"""The scoring package's one error type."""

from __future__ import annotations


class ScoringError(ValueError):
    """Bad input to the scoring engine: rules, a race result, picks or a standings table.

    Raised at the boundary, before any computation, with a message that names the
    offending field, saddle numbers or player ids.
    """
