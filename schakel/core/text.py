"""Small display helpers shared by the apps."""

from __future__ import annotations

import re

_POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})")


def postcode_display(postcode: str) -> str:
    """A Dutch postcode as people write it, "6831 HK"; stored compact ("6831HK"). Anything that
    is not a Dutch postcode is returned as it is."""
    found = _POSTCODE.fullmatch(postcode.strip())
    return f"{found.group(1)} {found.group(2).upper()}" if found else postcode
