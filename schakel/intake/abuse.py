"""Abuse limits for the public page, without CAPTCHA and without storing identities.

- A honeypot field that people never see and bots fill in.
- A signed form token carrying the time the form was served: too fast (a script) or too old
  (a replayed page) is refused. The same token is the double-submit key.
- Rate limits kept in the cache only (process memory by default), keyed by an HMAC of the
  client address with a key that changes every day: the address itself is never written
  anywhere, and yesterday's keys cannot be linked to today's.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

_SALT = "schakel.public.form"


def new_form_token() -> str:
    return signing.dumps({"t": int(time.time()), "n": secrets.token_urlsafe(12)}, salt=_SALT)


def check_form_token(token: str) -> str | None:
    """Returns an error code ('too_fast', 'expired', 'invalid') or None when the token is fine."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=settings.PUBLIC_FORM_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return "invalid"
    if time.time() - int(payload.get("t", 0)) < settings.PUBLIC_FORM_MIN_SECONDS:
        return "too_fast"
    return None


def client_address(request: HttpRequest) -> str:
    """The client's address for rate limiting only (never stored).

    Behind N trusted reverse proxies (SCHAKEL_PROXY_COUNT), the client is the N-th address
    from the right in X-Forwarded-For; without proxies it is REMOTE_ADDR. Addresses further
    left can be forged by the client and are ignored.
    """
    count = settings.PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return str(request.META.get("REMOTE_ADDR", ""))


def _client_key(request: HttpRequest, bucket: str) -> str:
    day_key = f"{settings.SECRET_KEY}:{timezone.localdate().isoformat()}".encode()
    address = client_address(request)
    digest = hmac.new(day_key, address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"ratelimit:{bucket}:{digest}"


def rate_limited(request: HttpRequest, bucket: str, limit: int, window_seconds: int) -> bool:
    """Count this request; True when the client is over ``limit`` in the current window."""
    if limit <= 0:
        return False
    window = int(time.time() // window_seconds)
    key = f"{_client_key(request, bucket)}:{window}"
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window_seconds)
        return False
    return count > limit
