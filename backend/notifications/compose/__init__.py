"""What each kind of email says to each player: load a chunk's data, compose, render.

One module per kind (round_open, reminder, results, correction, digest, invitation,
account); what several kinds share has its own module: recipients (who may be emailed, in
which language), message (one rendered `Outgoing` in the layout) and race (the race card).

Every `*_batch` builder takes a chunk of player ids and loads what it needs in a fixed
handful of queries (never one per player), then composes one `Outgoing` per recipient,
grouped by language under translation.override. The `compose_*` functions take plain
dataclasses, so the admin's previews render the very same code with sample data
(previews.py).
"""
