"""Exchanges of teachers between the schools of a community (教师交流, 四·(五)) and the
receiving schools' yearly 考核 of them. The teachers themselves are the register's
(`teachers`).

The tables keep the names they were created with, when these models were the `teachers`
app's: a 30-year register is not renamed for a tidier folder (migration 0001)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from communities.models import Community
from jiaogongti.dates import RECORD_DATES, last_day_of_years, validate_record_date
from policy.figures import Figures, figures_on
from schools.models import School
from teachers.models import REASON_MAX_LENGTH, REMARK_MAX_LENGTH, Teacher

EXCHANGE_DATE_RANGE = RECORD_DATES
# A record's history is read record by record (its id), never by teacher, school or date:
# indexes on those copies would only be written, for each row an import adds.
HISTORY_READ_BY_RECORD_ONLY = ["teacher", "from_school", "to_school", "community", "filed_by", "start_date"]


def default_term_end(start: datetime.date, figures: Figures | None = None) -> datetime.date:
    """三年一轮: the planned end is the last day of the term's years (`figures`: the 政策参数
    of the start's 学年, read if not given), by the calendar."""
    return last_day_of_years(start, (figures or figures_on(start)).term_years)


class Exchange(models.Model):
    class Kind(models.TextChoices):
        ROTATION = "rotation", "交流轮岗"
        SUPPORT = "support", "支教"
        SHADOWING = "shadowing", "跟岗锻炼"
        RESIDENT = "resident", "驻教"
        VISITING = "visiting", "走教"

    class Status(models.TextChoices):
        FILED = "filed", "已提交"
        APPROVED = "approved", "已批准"
        IN_PROGRESS = "in_progress", "进行中"
        FINISHED = "finished", "已结束（期满归队）"
        REJECTED = "rejected", "已驳回"
        WITHDRAWN = "withdrawn", "已撤回"

    # Statuses in which the teacher really goes (counted for the 10% rule and allowances).
    EFFECTIVE = [Status.APPROVED, Status.IN_PROGRESS, Status.FINISHED]
    # Statuses that hold the teacher's time: a second exchange may not overlap them.
    LIVE = [Status.FILED, Status.APPROVED, Status.IN_PROGRESS, Status.FINISHED]

    # Indexed by exchange_teacher_start (teacher, start_date), which serves every lookup by
    # teacher: a second index of its own would only be one more to write per row.
    teacher = models.ForeignKey(Teacher, verbose_name="教师", on_delete=models.PROTECT, related_name="exchanges", db_index=False)
    from_school = models.ForeignKey(School, verbose_name="派出学校", on_delete=models.PROTECT, related_name="exchanges_out")
    to_school = models.ForeignKey(School, verbose_name="接收学校", on_delete=models.PROTECT, related_name="exchanges_in")
    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.PROTECT, null=True, blank=True, related_name="exchanges"
    )
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    start_date = models.DateField("开始日期", db_index=True, validators=[validate_record_date])
    planned_end = models.DateField("结束日期（计划）", validators=[validate_record_date])
    establishment_moved = models.BooleanField("迁编", default=True, help_text="交流轮岗一律迁编，期满归队")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.FILED)
    reject_reason = models.TextField("驳回理由", blank=True, max_length=REASON_MAX_LENGTH)
    remark = models.TextField("申报理由/备注", blank=True, max_length=REMARK_MAX_LENGTH, help_text="学校申报时填写，审批时可见")
    # Never looked up by who filed (only shown with the record), and empty on every imported
    # record: an index of it would only be written.
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    filed_at = models.DateTimeField("填报时间", auto_now_add=True)
    # The 提示 of the rule book (`exchange_rules`) the record raised when last checked:
    # [{"rule": code, "message": 中文}]; accepted, and shown where the bureau reviews.
    notes = models.JSONField("提示", default=list, blank=True, editable=False)
    history = HistoricalRecords(
        verbose_name="历史记录", table_name="teachers_historicalexchange", no_db_index=HISTORY_READ_BY_RECORD_ONLY
    )

    class Meta:
        db_table = "teachers_exchange"
        verbose_name = "教师交流"
        verbose_name_plural = "教师交流"
        ordering = ["-start_date", "id"]
        indexes = [
            models.Index(fields=["teacher", "start_date"], name="exchange_teacher_start"),
            # The bureau's work queue. Only the 已提交 (filed) rows: an index over every status leads
            # SQLite's planner into reading most of the table through it for the reports.
            models.Index(fields=["start_date"], condition=Q(status="filed"), name="exchange_filed_queue"),
            # The year's exchanges for the 10% rule and the 特岗津贴 (`effective_exchanges_in`):
            # led by the planned end, so the years of finished terms are skipped, and holding
            # every column that read needs, so it never visits the table.
            models.Index(
                fields=["planned_end", "start_date", "status", "teacher", "from_school", "to_school"], name="exchange_term"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_school=F("to_school")),
                name="exchange_between_two_schools",
                violation_error_message="派出学校和接收学校不能相同。",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("start_date")),
                name="exchange_ends_after_start",
                violation_error_message="结束日期不能早于开始日期。",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="rejection_has_reason",
                violation_error_message="驳回必须填写理由。",
            ),
        ]

    def __str__(self):
        return f"{self.teacher.name}：{self.from_school} → {self.to_school}（{self.start_date}）"


class AppraisalGrade(models.TextChoices):
    """The yearly 考核 of a teacher (事业单位工作人员年度考核)."""

    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "合格"
    BASIC = "basic", "基本合格"
    INCOMPETENT = "incompetent", "不合格"


class ExchangeAppraisal(models.Model):
    """An exchange teacher's yearly 考核, recorded by the receiving school (四·(五) 强化对
    交流老师绩效考核); its 优秀 count against the school's inflow quota, counted apart from
    its own teachers' (五·(三)), and name the 优秀交流教师 for cadre promotion (五·(四))."""

    exchange = models.ForeignKey(Exchange, verbose_name="交流", on_delete=models.PROTECT, related_name="appraisals")
    school_year = models.PositiveSmallIntegerField("学年")
    grade = models.CharField("年度考核等次", max_length=12, choices=AppraisalGrade.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("填报时间", auto_now=True)
    history = HistoricalRecords(verbose_name="历史记录", table_name="teachers_historicalexchangeappraisal")

    class Meta:
        db_table = "teachers_exchangeappraisal"
        verbose_name = "交流教师年度考核"
        verbose_name_plural = "交流教师年度考核"
        ordering = ["-school_year", "exchange"]
        constraints = [models.UniqueConstraint(fields=["exchange", "school_year"], name="one_appraisal_a_year")]

    def __str__(self):
        return f"{self.exchange.teacher.name} {self.school_year}学年 {self.get_grade_display()}"
