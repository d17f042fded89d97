"""Teachers and their exchanges between the schools of a community (教师交流, 四·(五))."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from communities.models import Community
from jiaogongti.dates import RECORD_DATES, date_out_of_range, last_day_of_years, validate_record_date
from jiaogongti.text import normalize_text
from policy.figures import Figures, chinese_numeral, figures_on
from schools.models import School

# Dates outside these are typing slips, not records (and a term from 9997 has no end Python
# can hold). Checked by the forms, the admin and every importer alike.
EARLIEST_HIRE_DATE = datetime.date(1950, 1, 1)
EXCHANGE_DATE_RANGE = RECORD_DATES


def hire_date_range() -> tuple[datetime.date, datetime.date]:
    """No teacher was hired before 1950, nor is one hired later than next year."""
    return EARLIEST_HIRE_DATE, datetime.date(timezone.localdate().year + 1, 12, 31)


def validate_hire_date(value: datetime.date) -> None:
    if problem := date_out_of_range(value, "入职日期", hire_date_range()):
        raise ValidationError(problem)


validate_exchange_date = validate_record_date


def default_term_end(start: datetime.date, figures: Figures | None = None) -> datetime.date:
    """三年一轮: the planned end is the last day of the term's years (`figures`: the 政策参数
    of the start's 学年, read if not given), by the calendar."""
    return last_day_of_years(start, (figures or figures_on(start)).term_years)


class LeavingReason(models.TextChoices):
    """Why a teacher left the county's schools (contracts.md, Teachers)."""

    RETIRED = "retired", "退休"
    RESIGNED = "resigned", "离职"
    TRANSFERRED_OUT = "transferred_out", "调出本县"
    OTHER = "other", "其他"


def normalize_staff_id(value: str) -> str:
    """工号 or 身份证号 as stored: trimmed, half-width, upper case."""
    return normalize_text(value).upper()


class Teacher(models.Model):
    """A teacher of the county's schools. `school` is where they are (or, once they have
    left, were last) placed; their dated story is in `placements`, and every count of a
    school's teachers on a day reads that, never this field (`teachers.register`)."""

    class Title(models.TextChoices):
        JUNIOR = "junior", "初级"
        INTERMEDIATE = "intermediate", "中级"
        SENIOR = "senior", "高级"
        PROFESSOR = "professor", "正高"

    staff_id = models.CharField("工号", max_length=30, unique=True, help_text="身份证号或工号，唯一")
    name = models.CharField("姓名", max_length=50)
    school = models.ForeignKey(
        School,
        verbose_name="所属学校",
        on_delete=models.PROTECT,
        related_name="teachers",
        help_text="教师现在（已离岗的为最后）所在的本校；交流期间仍为派出学校。调动请用“调动”，以便保留任职经历",
    )
    # 三年一轮，一律迁编，期满归队: a 迁编 exchange moves the 编制 to the receiving school
    # while it runs and back when it ends; the services keep this in step.
    establishment_school = models.ForeignKey(
        School,
        verbose_name="编制所在学校",
        on_delete=models.PROTECT,
        related_name="established_teachers",
        blank=True,
        help_text="不填则与所属学校相同",
    )
    subject = models.CharField("学科", max_length=20, blank=True)
    title = models.CharField("职称", max_length=12, choices=Title.choices, blank=True)
    hire_date = models.DateField("入职日期", null=True, blank=True, validators=[validate_hire_date])
    # The teacher's last day in the county's schools; their last placement ends on it too
    # (`teachers.register` keeps the two together). Nothing of theirs is ever deleted.
    left_on = models.DateField(
        "离岗日期", null=True, blank=True, validators=[validate_record_date], help_text="在本县学校任教的最后一天；空表示在职"
    )
    leaving_reason = models.CharField("离岗原因", max_length=20, choices=LeavingReason.choices, blank=True)
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "教师"
        verbose_name_plural = "教师"
        ordering = ["school__name", "name"]
        indexes = [
            # The teachers of a 学年 (`teachers_of_year`) who joined during it or after it,
            # found by hire date with their school: for the current 学年, few or none.
            models.Index(fields=["hire_date", "school"], name="teacher_hired"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, leaving_reason="") | (Q(left_on__isnull=False) & ~Q(leaving_reason="")),
                name="teacher_left_with_reason",
                violation_error_message="离岗日期和离岗原因须同时填写（在职教师两者都空着）。",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.staff_id}）"

    def clean(self):
        # Before the uniqueness check: an ID card's trailing x and X are one teacher.
        self.staff_id = normalize_staff_id(self.staff_id)

    def save(self, *args, **kwargs):
        self.staff_id = normalize_staff_id(self.staff_id)
        if self.establishment_school_id is None:
            self.establishment_school_id = self.school_id
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            # Every teacher has a placement from the day they joined: the counts read
            # placements only. (Bulk writers, the importer, add theirs themselves.)
            Placement.objects.create(teacher=self, school_id=self.school_id, start_date=self.hire_date, end_date=self.left_on)

    @property
    def serving(self) -> bool:
        """在职 today (a teacher whose 离岗日期 is still ahead is)."""
        return self.left_on is None or self.left_on >= timezone.localdate()


class Placement(models.Model):
    """A teacher's time at one school (任职经历): from the day they joined it to their last
    day there, when they moved on (调动) or left the county's schools (`Teacher.left_on`).
    "在职 at school S on day D" is a placement of S covering D (`teachers.register`)."""

    # Indexed below, each led by the key so the reads need not visit the table.
    teacher = models.ForeignKey(Teacher, verbose_name="教师", on_delete=models.CASCADE, related_name="placements", db_index=False)
    school = models.ForeignKey(School, verbose_name="学校", on_delete=models.PROTECT, related_name="placements", db_index=False)
    # Empty: since before the records (a teacher with no 入职日期 on file).
    start_date = models.DateField("调入日期", null=True, blank=True, validators=[validate_record_date])
    end_date = models.DateField("最后在校日", null=True, blank=True, validators=[validate_record_date], help_text="空表示至今")
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "任职经历"
        verbose_name_plural = "任职经历"
        ordering = ["teacher", F("start_date").asc(nulls_first=True)]
        indexes = [
            # A 学年's teachers per school (`teachers.register.year_teachers`), from the
            # index alone: led by the end, so periods that ended long ago are skipped.
            models.Index(fields=["end_date", "start_date", "school", "teacher"], name="placement_term"),
            # Those who joined during a 学年 (`year_teachers`): few, by their start.
            models.Index(fields=["start_date", "teacher"], name="placement_started"),
            # A 学年's teachers counted per school (`year_teachers`), and a school's teachers on a day.
            models.Index(fields=["school", "end_date", "start_date"], name="placement_at_school"),
            # Where each exchange's teacher was all 学年 (`whole_year_school`), one look-up each.
            models.Index(fields=["teacher", "end_date", "start_date", "school"], name="placement_of_teacher"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["teacher", "start_date"], name="placement_one_start"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="placement_ends_after_start",
                violation_error_message="最后在校日不能早于调入日期。",
            ),
        ]

    def __str__(self):
        return f"{self.teacher.name}：{self.school}（{self.start_date or '…'} 至 {self.end_date or '今'}）"


# A reason given for a decision (驳回, 提前结束, 延期): a sentence or two, shown in lists.
REASON_MAX_LENGTH = 200
# What a school writes when it files (申报理由/备注): a short paragraph.
REMARK_MAX_LENGTH = 500


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

    teacher = models.ForeignKey(Teacher, verbose_name="教师", on_delete=models.PROTECT, related_name="exchanges")
    from_school = models.ForeignKey(School, verbose_name="派出学校", on_delete=models.PROTECT, related_name="exchanges_out")
    to_school = models.ForeignKey(School, verbose_name="接收学校", on_delete=models.PROTECT, related_name="exchanges_in")
    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.PROTECT, null=True, blank=True, related_name="exchanges"
    )
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    start_date = models.DateField("开始日期", db_index=True, validators=[validate_exchange_date])
    planned_end = models.DateField("结束日期（计划）", validators=[validate_exchange_date])
    establishment_moved = models.BooleanField("迁编", default=True, help_text="交流轮岗一律迁编，期满归队")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.FILED)
    reject_reason = models.TextField("驳回理由", blank=True, max_length=REASON_MAX_LENGTH)
    remark = models.TextField("申报理由/备注", blank=True, max_length=REMARK_MAX_LENGTH, help_text="学校申报时填写，审批时可见")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField("填报时间", auto_now_add=True)
    # The 提示 of the rule book (`exchange_rules`) the record raised when last checked:
    # [{"rule": code, "message": 中文}]; accepted, and shown where the bureau reviews.
    notes = models.JSONField("提示", default=list, blank=True, editable=False)
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
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


class DepartureReport(models.Model):
    """A head's report that a teacher of their school has left (离岗), for the bureau to
    confirm: confirmed, it is recorded through the register (`departures`)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "已确认"
        RETURNED = "returned", "已退回"

    teacher = models.ForeignKey(Teacher, verbose_name="教师", on_delete=models.PROTECT, related_name="departure_reports")
    left_on = models.DateField(
        "离岗日期", validators=[validate_record_date], help_text="在本县学校任教的最后一天（县内调动不属于离岗）"
    )
    reason = models.CharField("离岗原因", max_length=20, choices=LeavingReason.choices)
    remark = models.TextField("说明", blank=True, max_length=REMARK_MAX_LENGTH)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报告人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField("报告时间", auto_now_add=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    return_reason = models.TextField("退回理由", blank=True, max_length=REASON_MAX_LENGTH)
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "离岗报告"
        verbose_name_plural = "离岗报告"
        ordering = ["-reported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher"],
                condition=Q(status="pending"),
                name="one_pending_departure_report",
                violation_error_message="该教师已有一份待确认的离岗报告。",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="returned_report_has_reason",
                violation_error_message="退回必须填写理由。",
            ),
        ]

    def __str__(self):
        return f"{self.teacher.name} {self.left_on} {self.get_reason_display()}"


class PostGrade(models.Model):
    """A teacher's 岗位等级 (专业技术岗位, 一级 the highest … 十三级) from a day on, as the
    personnel records give it: read as of a day, so the grade before and after an
    exchange is a fact of the records (五·(一): a 共建型 exchange may not lower it)."""

    LEVELS = [(level, f"专业技术{chinese_numeral(level)}级") for level in range(1, 14)]

    teacher = models.ForeignKey(Teacher, verbose_name="教师", on_delete=models.CASCADE, related_name="post_grades")
    level = models.PositiveSmallIntegerField("岗位等级", choices=LEVELS)
    since = models.DateField("聘任日期", validators=[validate_record_date])
    source = models.CharField("依据", max_length=100, blank=True, help_text="如 聘任文件号")
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "岗位等级"
        verbose_name_plural = "岗位等级"
        ordering = ["teacher", "since"]
        constraints = [models.UniqueConstraint(fields=["teacher", "since"], name="one_post_grade_a_day")]

    def __str__(self):
        return f"{self.teacher.name} {self.since} 起 {self.get_level_display()}"


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
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "交流教师年度考核"
        verbose_name_plural = "交流教师年度考核"
        ordering = ["-school_year", "exchange"]
        constraints = [models.UniqueConstraint(fields=["exchange", "school_year"], name="one_appraisal_a_year")]

    def __str__(self):
        return f"{self.exchange.teacher.name} {self.school_year}学年 {self.get_grade_display()}"
