"""Tasks the scheduler puts on the queue (settings.JGT_SCHEDULE)."""

import logging

from django.utils import timezone
from django_tasks import task

from .calendar import advance_exchanges

logger = logging.getLogger(__name__)


@task()
def advance_exchanges_daily() -> None:
    advanced = advance_exchanges(timezone.localdate())
    logger.info("advance_exchanges: %s started, %s finished", len(advanced.started), len(advanced.finished))
