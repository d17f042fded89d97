"""Long work run in the background (imports uploaded in the admin, the annual report), and
the history of every import, from the admin or the command line: who, when, which file,
the counts and the outcome.

A job's live progress (rows read, checked, written) is not stored here but in the cache
(`jobs.progress_store`): while an import holds SQLite's write lock, no other connection
could write it, and a killed job must leave nothing half-written.
"""

from django.conf import settings
from django.db import models


class Job(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", "导入"
        REPORT = "report", "生成报表（年度报表、交流计划）"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败（数据库未改动）"
        CANCELLED = "cancelled", "已取消（数据库未改动）"
        INTERRUPTED = "interrupted", "已中断（数据库未改动）"

    class Source(models.TextChoices):
        ADMIN = "admin", "管理后台"
        COMMAND = "command", "命令行"

    FINISHED = [Status.SUCCEEDED, Status.FAILED, Status.CANCELLED, Status.INTERRUPTED]

    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    title = models.CharField("任务", max_length=100)
    # The function the work calls, by dotted path (the same one the management command calls).
    function = models.CharField("执行函数", max_length=200, editable=False)
    options = models.JSONField("选项", default=dict, blank=True)
    filename = models.CharField("文件名", max_length=255, blank=True)
    upload = models.CharField("上传文件（服务器上）", max_length=500, blank=True, editable=False)
    output = models.CharField("结果文件（服务器上）", max_length=500, blank=True, editable=False)
    dry_run = models.BooleanField("只检查，不导入", default=False)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.ADMIN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.QUEUED)
    cancel_requested = models.BooleanField("已请求取消", default=False)
    summary = models.TextField("结果", blank=True)
    counts = models.JSONField("计数", default=dict, blank=True)
    problems = models.JSONField("问题（行号与说明）", default=list, blank=True)
    # What the file changes in stored records (the first rows, old → new), for the preview.
    changes = models.JSONField("改动（原值 → 新值）", default=list, blank=True)
    confirmed_by = models.OneToOneField(
        "self", verbose_name="确认导入的任务", on_delete=models.SET_NULL, null=True, blank=True, related_name="preview"
    )
    task_id = models.CharField("队列任务号", max_length=64, blank=True, editable=False)

    @property
    def awaits_confirmation(self) -> bool:
        """A preview of an upload that went through, its file kept, not yet imported for real."""
        return (
            self.kind == self.Kind.IMPORT
            and self.dry_run
            and self.status == self.Status.SUCCEEDED
            and self.source == self.Source.ADMIN
            and self.confirmed_by_id is None
            and bool(self.upload)
        )

    class Meta:
        verbose_name = "后台任务与导入记录"
        verbose_name_plural = "后台任务与导入记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"], name="job_status")]

    def __str__(self):
        return f"{self.title}（{self.filename}）" if self.filename else self.title

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED
