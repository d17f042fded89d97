"""A closed 学年 (contracts.md, `close_year`): what its annual report and dashboard said
the day it was closed, kept as they were whatever is corrected afterwards."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from jiaogongti.forms import FIRST_YEAR, LAST_YEAR


class YearClosure(models.Model):
    """One closing of a 学年; reopened, it stays as the record of what was kept, and a
    closing again is a new one. At most one is in force per 学年 (not reopened)."""

    school_year = models.PositiveSmallIntegerField(
        "学年", validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    closed_at = models.DateTimeField("归档时间")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="归档人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopened_at = models.DateTimeField("重新开放时间", null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="重新开放人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.TextField("重新开放理由", blank=True, max_length=500)
    # The dashboard's figures that day (`reports.kept.dashboard_record`).
    dashboard = models.JSONField("看板数据", default=dict, editable=False)

    class Meta:
        verbose_name = "学年归档"
        verbose_name_plural = "学年归档"
        ordering = ["-school_year", "-closed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year"],
                condition=Q(reopened_at__isnull=True),
                name="one_closure_in_force",
                violation_error_message="该学年已归档。",
            ),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True) | ~Q(reopen_reason=""),
                name="reopening_has_reason",
                violation_error_message="重新开放必须填写理由。",
            ),
        ]

    def __str__(self):
        state = "已归档" if self.reopened_at is None else "已重新开放"
        return f"{self.school_year}学年（{state}）"


class KeptSheet(models.Model):
    """One sheet of the annual report as it was on closing: its cells (`reports.kept`)."""

    closure = models.ForeignKey(YearClosure, on_delete=models.CASCADE, related_name="sheets")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=31)  # Excel's longest sheet name
    column_widths = models.JSONField(default=list)
    freeze = models.CharField(max_length=10, blank=True)
    rows = models.JSONField(default=list)

    class Meta:
        ordering = ["closure", "position"]
        constraints = [models.UniqueConstraint(fields=["closure", "position"], name="kept_sheet_position")]

    def __str__(self):
        return f"{self.closure}：{self.name}"
