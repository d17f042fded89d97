"""Tasks the scheduler puts on the queue (settings.JGT_SCHEDULE)."""

from django_tasks import task

from .services import notify_ending_soon


@task()
def notify_ending_soon_daily() -> None:
    notify_ending_soon()
