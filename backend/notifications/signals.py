"""Signals of the notifications app."""

from django.dispatch import Signal

# A fan-out found the recipients of one email and cut them into chunks: sent once per
# chunk. Arguments: kind (Kind), player_ids (list[int]), round_id (int | None), version
# (int), day (str): what `services.deliver_chunk` takes. receivers.py enqueues the chunk.
chunk_due = Signal()
