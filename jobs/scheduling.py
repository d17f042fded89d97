"""The clock (settings.JGT_SCHEDULE): APScheduler, the well-kept in-process scheduler,
puts each task on the queue at its time; the worker (`db_worker`) runs it like any job.
One scheduler per installation: the tasks are safe to run twice, so a second one only
does the work again."""

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
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
    return scheduler


def catch_up() -> None:
    """Each task once, now: whatever fell due while no scheduler ran."""
    for scheduled, _ in scheduled_tasks():
        scheduled.enqueue()
