"""Need-to-know for the privacy pages: the privacy officer of a municipality only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from schakel.accounts.models import User

CAPABILITY = "privacy.manage_privacy"


def privacy_officer(actor: Any) -> User:
    """The actor if they are a privacy officer with a municipality; everybody else gets 404."""
    if not isinstance(actor, User) or not actor.is_authenticated:
        raise Http404
    if not actor.has_perm(CAPABILITY) or actor.municipality is None:
        raise Http404
    return actor


def privacy_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        privacy_officer(request.user)
        return view(request, *args, **kwargs)

    return wrapped
