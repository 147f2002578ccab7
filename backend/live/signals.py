"""What the live layer announces for other parts of Paddock to hook on."""

from django.dispatch import Signal

# Sent on commit of a new live question, once it has been offered to the helpers in the
# web app. Arguments: help_request (HelpRequest), helper_ids (list[int]: who it was offered
# to). A push channel (Web Push) listens here.
help_requested = Signal()
