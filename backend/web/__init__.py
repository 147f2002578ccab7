"""The player web app: Django serves the built single-page app for every non-API path."""
