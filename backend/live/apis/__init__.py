"""The live layer's HTTP API, one module per concern: live help (`help`) and moderation
(`moderation`: members' reports, the moderators' report queue, search, hiding, muting).
Messages themselves go through the websocket (docs/api.md#websocket)."""

TAGS = ["live"]
