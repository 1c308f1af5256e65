"""Quarterly snapshot of the measured plan targets (the plan tracker's history), and the
dashboard warmer."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from schakel.monitoring.history import last_completed_quarter, snapshot_quarter
from schakel.monitoring.selectors import warm_dashboards

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(month="1,4,7,10", day="1", hour="0", minute="30"))
def snapshot_plan_targets() -> None:
    """Just after a quarter ends: record its figures, live-only measures included."""
    quarter = last_completed_quarter()
    written = snapshot_quarter(quarter)
    logger.info("plan target snapshots for %s: %s written", quarter.key, written)


@db_periodic_task(crontab(minute="*/4"))
@lock_task("warm-dashboards")
def warm_default_dashboards() -> None:
    """Keep the default dashboard of every municipality in the cache (see ``warm_dashboards``)."""
    logger.info("dashboards warmed: %s", warm_dashboards())
