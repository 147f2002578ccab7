"""The community's API, one module per concern: topics and posts, votes and flags,
moderation, reputation and profiles, badges, round threads.

Every view needs a signed-in member (the project default). Reads go through the
selectors, so what a member may not see answers 404 exactly like what does not exist.
"""
