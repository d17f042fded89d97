"""Running a job: the worker's task, or a command here and now. The work is the very
function the management command calls; a job runs it with a progress reporter and a
heartbeat, as the user who submitted it, and records the outcome."""

import datetime
import logging
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from jiaogongti import progress
from jiaogongti.db import held_lock
from jiaogongti.history import acting_as
from jiaogongti.importing import ImportFailed
from jiaogongti.text import printable

from . import progress_store
from .models import Job

logger = logging.getLogger(__name__)
HEARTBEAT_EVERY = 5  # seconds; a running job silent for JGT_JOB_STALE_SECONDS was killed
FAILED_UNEXPECTEDLY = "任务意外出错，数据库未做任何改动。请把本页地址告诉系统管理员，以便查看服务器日志。"


def private_path(folder: str, suffix: str) -> Path:
    directory = Path(settings.JGT_PRIVATE_ROOT) / folder
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{uuid.uuid4().hex}{suffix}"


def discard_upload(job: Job) -> None:
    """Our copy of an uploaded file, once no job will read it (the command line's own file stays)."""
    if job.upload and job.source == Job.Source.ADMIN:
        Path(job.upload).unlink(missing_ok=True)


@contextmanager
def _heartbeat(job_id: int):
    """Beats from a thread of its own, so a long step (one big statement) is not taken for death."""
    stop = threading.Event()

    def beat():
        while not stop.is_set():
            progress_store.beat(job_id)
            stop.wait(HEARTBEAT_EVERY)

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def job_run(job: Job) -> Job:
    """Run the job's work here and now (the worker's task, or a command), recording the outcome."""
    started = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED, cancel_requested=False).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    job.refresh_from_db()
    if not started:  # cancelled before it began, or already run
        if job.status == Job.Status.CANCELLED:
            discard_upload(job)
        return job
    reporter = progress.Reporter(
        publish=lambda counts: progress_store.publish(job.pk, counts),
        cancel_requested=lambda: progress_store.cancel_requested(job.pk),
    )
    unexpected = None
    try:
        with _heartbeat(job.pk), progress.reporting(reporter), acting_as(job.created_by):
            _run_work(job)
        job.status = Job.Status.SUCCEEDED
    except ImportFailed as failed:
        job.status = Job.Status.FAILED
        job.summary = f"导入失败，数据库未做任何改动。共 {len(failed.problems)} 个问题，请修改文件后重新上传。"
        job.problems = [[problem.row, printable(problem.message)] for problem in failed.problems]
    except progress.Cancelled:
        job.status, job.summary = Job.Status.CANCELLED, "已按要求取消，数据库未做任何改动。"
    except Exception as error:
        logger.exception("Job %s (%s) failed", job.pk, job.function)
        job.status, job.summary, unexpected = Job.Status.FAILED, FAILED_UNEXPECTEDLY, error
    finally:
        if not job.awaits_confirmation:  # a preview keeps its file until it is confirmed (or too old)
            discard_upload(job)
    job.counts = reporter.counts | job.counts
    job.summary = printable(job.summary)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "summary", "problems", "counts", "changes", "output", "finished_at"])
    progress_store.forget(job.pk)  # the counts are on the job now
    if unexpected is not None and job.source == Job.Source.COMMAND:
        raise unexpected  # recorded as failed; the command line shows the traceback itself
    return job


def _run_work(job: Job) -> None:
    function = import_string(job.function)
    if job.kind == Job.Kind.IMPORT:
        # One import at a time, checks and writes together: a second run of the same file
        # sees what the first wrote and changes nothing; two different files leave one of them.
        with held_lock("jiaogongti.imports"):
            result = function(job.upload, filename=job.filename, dry_run=job.dry_run, **job.options)
        job.summary, job.counts, job.changes = str(result), dict(result.counts), result.changes
        return
    discard_old_outputs()
    output = private_path("outputs", Path(job.filename).suffix)
    try:
        function(output=str(output), **job.options)
    except BaseException:
        output.unlink(missing_ok=True)
        raise
    job.output, job.summary = str(output), "已生成，可以下载。"


def discard_old_outputs() -> int:
    """Delete the workbooks made more than JGT_OUTPUT_KEEP_DAYS ago; their jobs stay in the
    history. Run before each new one is made, so the folder never grows without end."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.JGT_OUTPUT_KEEP_DAYS)
    old = list(Job.objects.filter(kind=Job.Kind.REPORT, finished_at__lt=cutoff).exclude(output=""))
    for job in old:
        Path(job.output).unlink(missing_ok=True)
        job.output = ""
        job.summary = f"{job.summary}（文件已按规定在 {settings.JGT_OUTPUT_KEEP_DAYS} 天后删除，需要时请重新生成。）"
        job.save(update_fields=["output", "summary"])
    return len(old)


def discard_stale_previews() -> int:
    """The kept files of previews nobody confirmed within JGT_OUTPUT_KEEP_DAYS: gone, and
    the preview says so. Run as each new import is submitted."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.JGT_OUTPUT_KEEP_DAYS)
    stale = list(
        Job.objects.filter(
            kind=Job.Kind.IMPORT, dry_run=True, source=Job.Source.ADMIN, confirmed_by__isnull=True, finished_at__lt=cutoff
        ).exclude(upload="")
    )
    for job in stale:
        discard_upload(job)
        job.upload = ""
        job.save(update_fields=["upload"])
    return len(stale)
