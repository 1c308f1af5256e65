"""Nightly verification of the audit chain by the background worker."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from schakel.audit.services import verify_chain

logger = logging.getLogger("schakel.audit")


@db_periodic_task(crontab(hour="3", minute="15"))
def verify_audit_chain_nightly() -> int:
    problems = list(verify_chain())
    if problems:
        # Sequence numbers only: the log never carries event content.
        logger.error("Audit chain broken at events %s", ",".join(str(p.seq) for p in problems[:20]))
    else:
        logger.info("Audit chain verified")
    return len(problems)
