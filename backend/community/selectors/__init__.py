"""Community reads, one module per concern: topics and posts (what a member may see),
moderation, reputation and profiles, the top contributors, badges, round threads.

What other apps and the tests read is importable from here too.
"""

from .badges import BadgeSummary, badges_for_players
from .contributors import top_contributors
from .round_threads import round_thread_get

__all__ = ["BadgeSummary", "badges_for_players", "round_thread_get", "top_contributors"]
