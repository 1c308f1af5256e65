"""Small helpers for views."""

from __future__ import annotations

from django.http import HttpRequest

from schakel.accounts.models import User


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind the sign-in middleware (never anonymous there)."""
    user = request.user
    assert isinstance(user, User)
    return user
