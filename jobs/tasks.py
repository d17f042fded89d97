"""The background task: the queue (settings.TASKS, django-tasks) only carries the job's id."""

from django_tasks import task

from jiaogongti.once import forget_old_submissions

from .models import Job
from .running import job_run


@task()
def run_job(job_id: int) -> None:
    job_run(Job.objects.get(pk=job_id))


@task()
def forget_old_submissions_daily() -> None:
    """The create forms' one-time tokens of long ago (jiaogongti/once.py)."""
    forget_old_submissions()
