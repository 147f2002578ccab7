"""The community's tunables, defaults written here once.

`settings.PADDOCK_COMMUNITY` (a dict of UPPER_CASE keys) overrides any of them; tests
override a key with `override_settings(PADDOCK_COMMUNITY={...})`.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.common.conf import app_settings


@dataclass(frozen=True, slots=True)
class CommunitySettings:
    # Authors may edit a question or a reply this long after posting it.
    edit_window_minutes: int = 30
    # A member with fewer published questions and replies than this whose post carries a
    # link waits for a moderator's approval.
    approval_threshold: int = 3
    # Reputation helpful votes may earn a member in one day (the site's time zone).
    daily_vote_reputation_cap: int = 200
    # A question should have its first answer within this many hours (a category may set
    # its own target).
    first_answer_target_hours: int = 24
    # The "help needed" digest lists unanswered questions in the helper's N categories
    # they answer most, at most this many questions.
    help_needed_categories: int = 3
    help_needed_questions: int = 5
    # Candidate ambassadors, over the last AMBASSADOR_WEEKS weeks: at least this many
    # answers to others' questions, given in at least this many different weeks (steady),
    # with at least this share accepted by the asker as the solution.
    ambassador_weeks: int = 12
    ambassador_min_answers: int = 10
    ambassador_min_active_weeks: int = 4
    ambassador_min_solved_share: float = 0.3


def conf() -> CommunitySettings:
    """The settings in force now (read at call time, so tests may override them)."""
    return app_settings("PADDOCK_COMMUNITY", CommunitySettings)
