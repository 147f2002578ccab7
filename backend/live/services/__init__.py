"""The live layer's writes: race-day rooms, live help, moderation; and the pushes that
follow them through the channel layer once they commit (`broadcast`)."""
