from huey.contrib.djhuey import db_task

from schakel.entities.services import link_signal


@db_task(retries=2, retry_delay=30)
def link_signal_task(signal_id: int) -> int:
    return link_signal(signal_id)
