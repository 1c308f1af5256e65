"""Receipt codes for anonymous reporters.

A code is ``<id>-<secret>``: the id (30 random bits) finds the signal, the secret (100 random
bits) proves possession. Only an scrypt hash of the secret is stored, so a copy of the
database does not let anyone read an anonymous reporter's conversation. The secret's entropy
already defeats guessing; scrypt is the slow hash on top (see _SCRYPT for its cost).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and retyped
_ID_LENGTH = 6
_SECRET_LENGTH = 20
# 4 MiB and ~12 ms per hash on this machine: memory-hard and over 10,000 times slower than
# SHA-256, while the public page still takes dozens of reports a second on two cores.
_SCRYPT = {"n": 2**12, "r": 8, "p": 1, "dklen": 32}


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_receipt() -> tuple[str, str, str]:
    """Return (receipt_id, code to show once, hash to store)."""
    receipt_id = _random(_ID_LENGTH)
    secret = _random(_SECRET_LENGTH)
    return receipt_id, format_code(receipt_id + secret), hash_secret(secret)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def split_code(code: str) -> tuple[str, str] | None:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(raw) != _ID_LENGTH + _SECRET_LENGTH or any(ch not in _ALPHABET for ch in raw):
        return None
    return raw[:_ID_LENGTH], raw[_ID_LENGTH:]


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def verify_secret(secret: str, stored: str) -> bool:
    try:
        scheme, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(secret.encode(), salt=base64.b64decode(salt_b64), **_SCRYPT)
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


def burn_time() -> None:
    """Spend one verification's time, so an unknown receipt id answers as slowly as a wrong secret."""
    hashlib.scrypt(b"x", salt=b"0" * 16, **_SCRYPT)
