"""The signed-in player of an API request."""

from __future__ import annotations

from rest_framework.request import Request

from backend.accounts.models import User


def request_user(request: Request) -> User:
    """The request's user, for views whose permission classes already require a login."""
    assert isinstance(request.user, User)
    return request.user
