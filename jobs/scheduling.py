"""The clock (settings.JGT_SCHEDULE): APScheduler, the well-kept in-process scheduler,
puts each task on the queue at its time; the worker (`db_worker`) runs it like any job.
One scheduler per installation: the tasks are safe to run twice, so a second one only
does the work again."""

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string


def scheduled_tasks() -> list[tuple]:
    """(task, trigger) for each entry of the schedule."""
    return [
        (import_string(dotted), CronTrigger.from_crontab(crontab, timezone=settings.TIME_ZONE))
        for dotted, crontab in settings.JGT_SCHEDULE
    ]


def make_scheduler() -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
    for scheduled, trigger in scheduled_tasks():
        # A run missed by up to a day (the machine asleep) still happens, once.
        scheduler.add_job(scheduled.enqueue, trigger, id=scheduled.name, coalesce=True, misfire_grace_time=24 * 3600)
    # Figures kept warm run here, not on the queue: a look at the cache every few seconds,
    # and the work only after the records changed (jiaogongti/figures_cache.py).
    for dotted in settings.JGT_KEEP_WARM:
        scheduler.add_job(
            _closing_connections(import_string(dotted)),
            "interval",
            seconds=settings.JGT_KEEP_WARM_SECONDS,
            id=dotted,
            coalesce=True,
            max_instances=1,
        )
    return scheduler


def _closing_connections(work):
    """`work` run in the scheduler's threads, which Django's request cycle never tidies:
    connections that broke or outlived CONN_MAX_AGE are closed before and after."""

    def run():
        close_old_connections()
        try:
            work()
        finally:
            close_old_connections()

    return run


def catch_up() -> None:
    """Each task once, now: whatever fell due while no scheduler ran."""
    for scheduled, _ in scheduled_tasks():
        scheduled.enqueue()
