"""Signals the game sends for notifications and the community to hook on."""

from django.dispatch import Signal

# Sent on commit of a settlement that changed the round's scores. Arguments: round (Round),
# version (int, the round's new settlement_version), corrected (bool: an earlier settlement
# of this round was replaced). Receivers run after the commit, outside any transaction.
round_settled = Signal()

# Sent inside pick_submit's transaction when a player's first pick of a round is written
# (a pick changed later sends nothing). Arguments: player_id (int), round_id (int).
# Picks are written by one SQL statement, never Model.save(): post_save never fires for them.
pick_made = Signal()
# Sent on commit of the bookkeeping that opened draft rounds and marked passed ones locked.
# Arguments: opened (list[int]), locked (list[int]): the round ids.
rounds_advanced = Signal()
