"""Signals the game sends for notifications and the community to hook on."""

from django.dispatch import Signal

# Sent on commit of a settlement that changed the round's scores. Arguments: round (Round),
# version (int, the round's new settlement_version), corrected (bool: an earlier settlement
# of this round was replaced). Receivers run after the commit, outside any transaction.
round_settled = Signal()

# Sent by a worker (game.announcements: in batches by the beat task announce_picks_made, or
# one task per pick where tasks run in-process) when a player's first pick of a round was
# written (a pick changed later sends nothing), within seconds of its commit, at least
# once: receivers must be idempotent. Arguments: player_id (int), round_id (int). The
# pick's request never waits for them. Picks are written by one SQL statement, never
# Model.save(): post_save never fires for them.
pick_made = Signal()
# The game's own: sent inside pick_submit when a first pick is written, for
# game.receivers to queue the announcement that sends `pick_made`. Other apps hook on `pick_made`.
pick_written = Signal()
# Sent on commit of the bookkeeping that opened draft rounds and marked passed ones locked.
# Arguments: opened (list[int]), locked (list[int]): the round ids.
rounds_advanced = Signal()
