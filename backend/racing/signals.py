"""Signals racing sends for the rest of the game to act on."""

from django.dispatch import Signal

# Sent inside the transaction that stored a race's official result (or marked it refunded/
# cancelled), only when what is stored changed. Arguments: race (Race), version (int, the
# race's new result_version). Receivers that start work elsewhere must do it on commit.
official_result_stored = Signal()
