"""Every signed-in request must have passed the second factor (TOTP or a recovery code)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def second_factor_not_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view reachable between password and second factor (the MFA pages, sign-out)."""
    view.second_factor_not_required = True  # type: ignore[attr-defined]
    return view


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if user.is_verified():  # type: ignore[attr-defined]
            return None
        if getattr(view_func, "second_factor_not_required", False):
            return None
        if getattr(view_func, "login_required", True) is False:
            # Public pages (the public reporting page, the accessibility statement) stay public.
            return None
        return redirect("accounts:second_factor")
