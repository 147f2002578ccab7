"""Signals accounts sends for the other apps to act on."""

from django.dispatch import Signal

# Sent inside the transaction that deletes (anonymises) an account, before the user row is
# rewritten. Arguments: user (User, still with its old email), email (str, the old address).
# Each app erases the personal data it keeps about the player (addresses, user agents...).
account_deleted = Signal()

# Sent on commit of a change of a player's display name (a rename, or the anonymous name of
# a deleted account). Arguments: user_id (int). Apps that keep the name in a cache retire it.
display_name_changed = Signal()
