"""Community writes, one module per concern: topics and posts, votes and flags,
moderation, reputation, badges, round threads (`rules` holds the checks they share).

Every service checks its rules before it writes and raises `ApplicationError` (a clean
4xx) when one says no, so a refused action changes nothing. Services never enqueue tasks:
what must follow a write (badge awards) is announced with a signal (`signals`), and
`receivers` enqueues the work once the transaction commits.

The services other apps, the demo and the tests call are importable from here too.
"""

from .advisers import answer_check, staff_post_create
from .ambassadors import ambassador_set
from .badges import community_badges_award, game_badges_award, round_streaks, season_badges_award
from .events import event_follow, event_reminders_claim, event_schedule
from .missions import mission_award, mission_create, mission_retire, missions_award
from .moderation import flag_resolve, log_live_decision, moderate
from .reputation import levels_refresh, reputation_recompute
from .round_threads import (
    round_debrief_ensure,
    round_thread_ensure,
    round_threads_follow_card,
    round_threads_sync,
)
from .topics import (
    answer_accept,
    answer_unaccept,
    post_create,
    post_delete,
    post_edit,
    topic_create,
    topic_delete,
    topic_edit,
)
from .unanswered import overdue_mark
from .votes import flag_create, vote_cast, vote_withdraw

__all__ = [
    "ambassador_set",
    "answer_accept",
    "answer_check",
    "answer_unaccept",
    "community_badges_award",
    "event_follow",
    "event_reminders_claim",
    "event_schedule",
    "flag_create",
    "flag_resolve",
    "game_badges_award",
    "levels_refresh",
    "log_live_decision",
    "mission_award",
    "mission_create",
    "mission_retire",
    "missions_award",
    "moderate",
    "overdue_mark",
    "post_create",
    "post_delete",
    "post_edit",
    "reputation_recompute",
    "round_debrief_ensure",
    "round_streaks",
    "round_thread_ensure",
    "round_threads_follow_card",
    "round_threads_sync",
    "season_badges_award",
    "staff_post_create",
    "topic_create",
    "topic_delete",
    "topic_edit",
    "vote_cast",
    "vote_withdraw",
]
