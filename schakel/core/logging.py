"""Structured logging that never carries personal data.

Log records are JSON lines with a fixed set of fields. Messages are scrubbed of what looks
like e-mail addresses, phone numbers, IBANs and postcodes, so that a careless log call in a
code path cannot leak a victim's or reporter's details into log files.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

_PATTERNS = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[e-mail]"),
    (re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{4}\d{7}([A-Z0-9]?){0,16}\b"), "[iban]"),
    # Phone-like: starts with +, 00 or 0; not inside identifiers, UUIDs, dates or timestamps.
    (re.compile(r"(?<![\w:.-])(?:\+|00|0)\d[\d\s-]{7,}\d(?![\w:.-])"), "[nummer]"),
    (re.compile(r"(?<![\w-])[1-9]\d{3}\s?(?!ms\b)[A-Za-z]{2}\b"), "[postcode]"),
]


def scrub(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class ScrubPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            payload["status"] = status
        if record.exc_info:
            # Exception types and locations only: exception messages may hold input values.
            exc_type = record.exc_info[0]
            payload["exception"] = exc_type.__name__ if exc_type else "unknown"
        return json.dumps(payload, ensure_ascii=False)
