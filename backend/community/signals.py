"""What the community's services announce; `receivers` starts the work that follows.

Services sit below tasks, so they never enqueue a task themselves: they send one of these
inside their transaction, and a receiver enqueues the task once it commits.
"""

from __future__ import annotations

from django.dispatch import Signal

# Something counted toward a member's community badges: a reply of theirs was published,
# their question or reply was voted helpful, their answer accepted. Sent with `player_id`.
contribution_credited = Signal()

# Questions passed their first-answer target unanswered; advisers and moderators are to be
# told (once per question: the service marks them first). Sent with `topic_ids`.
questions_overdue = Signal()

# Followers of a community event are due their reminder (each claimed once by the
# service). Sent with `event_id` and `player_ids`.
event_reminders_due = Signal()

# A reply was published in a topic (its asker may be told). Sent with `post_id`.
reply_published = Signal()
