"""The jobs' pages in the admin: the history of every import and report, and one page per
job that shows its progress as it runs (updating itself), then its outcome."""

from pathlib import Path
from urllib.parse import quote

import django_tasks_db.admin  # noqa: F401 (registers the queue's rows first, so they can be taken out)
from django.contrib import admin, messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django_tasks_db.models import DBTaskResult

from jiaogongti.admin_lists import BoundedDateHierarchy
from jiaogongti.progress import STAGE_LABELS, STEP, WRITTEN

from . import progress_store
from .models import Job
from .services import AlreadyConfirmed, job_cancel, job_confirm_import, job_mark_if_interrupted

# The queue's own rows (English, internal): the bureau follows its work on the job pages.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


def job_page_url(job: Job) -> str:
    return reverse("admin:jobs_job_change", args=[job.pk])


@admin.register(Job)
class JobAdmin(BoundedDateHierarchy, admin.ModelAdmin):
    list_display = ["created_at", "title", "filename", "created_by", "source", "status", "short_summary"]
    list_filter = ["status", "kind", "source"]
    list_select_related = ["created_by"]
    search_fields = ["title", "filename", "summary", "created_by__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # jobs are submitted from the import and report pages

    def has_change_permission(self, request, obj=None):
        return False  # a record of what happened: nothing to edit

    @admin.display(description="结果")
    def short_summary(self, job):
        return job.summary[:60]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<id:job_id>/progress/", wrap(self.progress_view), name="jobs_job_progress"),
            path("<id:job_id>/cancel/", wrap(self.cancel_view), name="jobs_job_cancel"),
            path("<id:job_id>/confirm/", wrap(self.confirm_view), name="jobs_job_confirm"),
            path("<id:job_id>/download/", wrap(self.download_view), name="jobs_job_download"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)  # None for an id that is no number, as for one not there
        if job is None:
            raise Http404("没有这个任务。")
        job = job_mark_if_interrupted(job)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(job),
            "job": job,
            "counts": self._counts(job),
            "step": self._step(job),
            "problems": job.problems,
            "rows": self._rows(job),
        }
        return TemplateResponse(request, "admin/jobs/job/page.html", context)

    def _rows(self, job: Job) -> list[dict]:
        """What the file does to the records, by kind: new, changed (old → new), unchanged,
        each with its count and the first rows (jiaogongti.importing.Changes)."""
        will = job.dry_run  # a preview says what confirming will do; an import, what it did
        headings = {
            "new": "将新建的记录" if will else "新建的记录",
            "changed": "将修改的记录（原值 → 新值）" if will else "修改的记录（原值 → 新值）",
            "unchanged": "不变的记录",
        }
        listed = {kind: [] for kind in headings}
        for entry in job.changes:
            listed[entry.get("kind", "changed")].append(entry)  # (jobs kept before kinds: changes only)
        return [
            {
                "kind": kind,
                "heading": heading,
                # (An importer that counts no records of the kind: the distinct ones listed.)
                "count": job.counts.get(f"{kind}_records") or len({entry["record"] for entry in listed[kind]}),
                "listed": listed[kind],
            }
            for kind, heading in headings.items()
            if listed[kind]
        ]

    def _counts(self, job: Job) -> list[tuple[str, int]]:
        counts = job.counts if job.is_finished else progress_store.counts(job.pk)
        if job.kind == Job.Kind.REPORT:  # a workbook written: it reads and checks no rows of a file
            labels = {WRITTEN: "已写出（Excel 行）"}
        elif job.dry_run:  # a preview writes inside a transaction it rolls back: what it counts would be written
            labels = {**STAGE_LABELS, WRITTEN: "确认后将写入"}
        else:
            labels = STAGE_LABELS
        return [(label, counts.get(stage, 0)) for stage, label in labels.items()]

    def _step(self, job: Job) -> str:
        """What a running job says it is doing (the planner's 求解 第 k/n 组, …)."""
        return "" if job.is_finished else progress_store.counts(job.pk).get(STEP, "")

    def progress_view(self, request, job_id):
        job = job_mark_if_interrupted(get_object_or_404(Job, pk=job_id))
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "finished": job.is_finished,
                "counts": self._counts(job),
                "step": self._step(job),
            }
        )

    def cancel_view(self, request, job_id):
        job = get_object_or_404(Job, pk=job_id)
        if request.method == "POST" and not job.is_finished:
            job_cancel(job)
            messages.info(request, "已请求取消。任务会在下一步停下，已做的改动全部撤销，数据库保持原样。")
        return redirect(job_page_url(job))

    def confirm_view(self, request, job_id):
        preview = get_object_or_404(Job, pk=job_id)
        if request.method != "POST":
            return redirect(job_page_url(preview))
        try:
            return redirect(job_page_url(job_confirm_import(preview, user=request.user)))
        except AlreadyConfirmed as confirmed:
            if confirmed.job is not None:
                messages.info(request, "这次预览已确认过，没有重复导入：以下是那次导入。")
                return redirect(job_page_url(confirmed.job))
            messages.error(request, "这次预览的文件已过期，请重新上传。")
            return redirect(job_page_url(preview))

    def download_view(self, request, job_id):
        job = get_object_or_404(Job, pk=job_id, status=Job.Status.SUCCEEDED)
        if not job.output or not Path(job.output).exists():
            raise Http404("文件已不存在，请重新生成。")
        response = FileResponse(
            open(job.output, "rb"),
            as_attachment=True,
            content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(job.filename)}"
        return response
