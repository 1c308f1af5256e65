"""The daily retention run by the background worker."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from schakel.privacy.retention import apply_retention


@db_periodic_task(crontab(hour="2", minute="30"))
def apply_retention_daily() -> int:
    return apply_retention().processed
