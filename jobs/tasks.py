"""The background task: the queue (settings.TASKS, django-tasks) only carries the job's id."""

from django_tasks import task

from .models import Job
from .running import job_run


@task()
def run_job(job_id: int) -> None:
    job_run(Job.objects.get(pk=job_id))
