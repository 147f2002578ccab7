"""Thin DRF views for friend leagues: input serializer -> service -> output serializer.

League URLs use the league's random public id. Every view resolves the league through
`league_get_visible`, so an outsider gets the same 404 for a private league as for none.
One module per concern: `leagues` (create, read, edit, delete, transfer, directory),
`members` (join, leave, roles), `codes` (invite links and codes, joining from a link),
`invitations` (by email), `tables` (season and round tables); `base` what they share.
"""
