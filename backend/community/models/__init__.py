"""The peer-help community's tables, one module per concern: categories, questions (topics)
and their replies (posts); helpful votes and flags; the moderation audit log; reputation
as an event log with the members' profiles; badge awards; missions and their
completions; scheduled events and who follows them.

Everything is importable from here, as Django and the other apps expect.
"""

from .badges import Award
from .events import REMIND_MINUTES_MAX, CommunityEvent, EventFollow
from .missions import POINTS_MAX, TARGET_MAX, Mission, MissionCompletion, mission_problems
from .moderation import ADVISERS_GROUP, AMBASSADORS_GROUP, MODERATORS_GROUP, ModerationAction
from .reputation import (
    LEVEL_THRESHOLDS,
    POINTS_PER_ROUND_PLAYED,
    POINTS_PER_WINNER_PICKED,
    CommunityProfile,
    Level,
    ReputationEvent,
    expertise_points,
    level_for,
    level_positions,
)
from .topics import (
    BODY_MAX,
    ROUND_THREAD_CATEGORY,
    STAFF_KINDS,
    TITLE_MAX,
    TITLE_MIN,
    Category,
    Contribution,
    ContributionQuerySet,
    Post,
    Status,
    Topic,
)
from .votes import FLAG_DETAIL_MAX, Flag, Vote

__all__ = [
    "ADVISERS_GROUP",
    "AMBASSADORS_GROUP",
    "BODY_MAX",
    "FLAG_DETAIL_MAX",
    "LEVEL_THRESHOLDS",
    "MODERATORS_GROUP",
    "POINTS_MAX",
    "POINTS_PER_ROUND_PLAYED",
    "POINTS_PER_WINNER_PICKED",
    "REMIND_MINUTES_MAX",
    "ROUND_THREAD_CATEGORY",
    "STAFF_KINDS",
    "TARGET_MAX",
    "TITLE_MAX",
    "TITLE_MIN",
    "Award",
    "Category",
    "CommunityEvent",
    "CommunityProfile",
    "Contribution",
    "ContributionQuerySet",
    "EventFollow",
    "Flag",
    "Level",
    "Mission",
    "MissionCompletion",
    "ModerationAction",
    "Post",
    "ReputationEvent",
    "Status",
    "Topic",
    "Vote",
    "expertise_points",
    "level_for",
    "level_positions",
    "mission_problems",
]
