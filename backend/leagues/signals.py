"""Signals leagues sends for the other apps to act on."""

from django.dispatch import Signal

# Sent inside the transaction that writes an email invitation: a new one, or a pending one
# sent again (its `sent_at` cleared). Arguments: invitation (EmailInvitation). Whoever emails
# it does so once that transaction commits.
email_invitation_requested = Signal()
