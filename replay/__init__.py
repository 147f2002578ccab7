"""A season replayed end to end against the production shape (docs/replay.md)."""
