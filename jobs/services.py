"""Submitting, cancelling and watching jobs: who, when, which file; the queue carries
only the job's id to the worker, which runs it (`running`)."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import progress_store
from .models import Job
from .running import discard_stale_previews, discard_upload, job_run, private_path
from .tasks import run_job

INTERRUPTED = "后台进程在任务进行中退出（如服务器重启），数据库未做任何改动。请重新提交。"


def dotted_path(function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def job_submit_import(*, importer, upload, title: str, dry_run: bool, options: dict, user) -> Job:
    """Keep the uploaded file where the worker can read it and queue the import."""
    discard_stale_previews()
    stored = private_path("uploads", Path(upload.name).suffix.lower())
    with stored.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        title=title,
        function=dotted_path(importer),
        options=options,
        filename=upload.name,
        upload=str(stored),
        dry_run=dry_run,
        created_by=user,
    )
    return _enqueue(job)


class AlreadyConfirmed(Exception):
    """The preview was confirmed already (a second click on 确认导入): `job` is that import."""

    def __init__(self, job: Job | None):
        self.job = job
        super().__init__("this preview was confirmed already")


def job_confirm_import(preview: Job, *, user) -> Job:
    """Import for real the file a preview checked: a new job, reading the same stored file.
    Once only: the preview's row is locked while it is checked and marked, so two clicks at
    once start one import and the second is told which."""
    with transaction.atomic():
        preview = Job.objects.select_for_update().get(pk=preview.pk)
        if not preview.awaits_confirmation:
            raise AlreadyConfirmed(preview.confirmed_by)
        job = Job.objects.create(
            kind=Job.Kind.IMPORT,
            title=preview.title,
            function=preview.function,
            options=preview.options,
            filename=preview.filename,
            upload=preview.upload,
            dry_run=False,
            created_by=user,
        )
        preview.confirmed_by = job
        preview.save(update_fields=["confirmed_by"])
    return _enqueue(job)


def job_submit_report(*, writer, title: str, filename: str, options: dict, user) -> Job:
    job = Job.objects.create(
        kind=Job.Kind.REPORT, title=title, function=dotted_path(writer), options=options, filename=filename, created_by=user
    )
    return _enqueue(job)


def _enqueue(job: Job) -> Job:
    # The pages that submit run in autocommit, so the job's row is committed by now and a
    # worker that starts at once finds it (the database queue would be in step anyway).
    job.task_id = run_job.enqueue(job.pk).id
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)
    job.refresh_from_db()
    return job


def job_cancel(job: Job) -> None:
    """A queued job never starts; a running one stops at its next progress report and rolls back."""
    progress_store.request_cancel(job.pk)
    Job.objects.filter(pk=job.pk, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).update(cancel_requested=True)
    if Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
        status=Job.Status.CANCELLED, summary="已取消，未开始执行，数据库未做任何改动。", finished_at=timezone.now()
    ):
        discard_upload(job)


def job_mark_if_interrupted(job: Job) -> Job:
    """A running job whose worker stopped beating was killed: its transaction never
    committed, so the database is as it was; say so."""
    if job.status != Job.Status.RUNNING:
        return job
    silent = progress_store.seconds_since_beat(job.pk)
    if silent is None:  # no beat at all: count from the start
        silent = (timezone.now() - job.started_at).total_seconds() if job.started_at else 0
    if silent > settings.JGT_JOB_STALE_SECONDS and Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.INTERRUPTED, summary=INTERRUPTED, finished_at=timezone.now()
    ):
        discard_upload(job)
        job.refresh_from_db()
    return job


def record_command_import(*, importer, path: str, title: str, dry_run: bool, options: dict) -> Job:
    """An import run from the command line: done here and now, and kept in the history like
    the rest. The file is the user's own: read where it lies, never deleted."""
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        title=title,
        function=dotted_path(importer),
        options=options,
        filename=Path(path).name,
        upload=str(path),
        dry_run=dry_run,
        source=Job.Source.COMMAND,
    )
    return job_run(job)
