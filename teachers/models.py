"""The county's register of teachers: who they are, where they served from which day to
which (`Placement`), when and why they left, their 岗位等级 over time, and heads' reports of
departures. Their exchanges are the `exchanges` app's, which builds on this one."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from jiaogongti.dates import date_out_of_range, validate_record_date
from jiaogongti.text import normalize_text
from policy.figures import chinese_numeral
from schools.models import School

# A hire date outside these is a typing slip, not a record: checked by the forms, the admin
# and the importer alike.
EARLIEST_HIRE_DATE = datetime.date(1950, 1, 1)


def hire_date_range() -> tuple[datetime.date, datetime.date]:
    """No teacher was hired before 1950, nor is one hired later than next year."""
    return EARLIEST_HIRE_DATE, datetime.date(timezone.localdate().year + 1, 12, 31)


def validate_hire_date(value: datetime.date) -> None:
    if problem := date_out_of_range(value, "入职日期", hire_date_range()):
        raise ValidationError(problem)


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
    # while it runs and back when it ends; the services keep this in step. Shown with the
    # teacher, never looked up by: without an index of its own, moving a 编制 is an update
    # PostgreSQL makes in place (HOT, in the room fillfactor 90 leaves; migration 0025):
    # 1,000 teachers' 编制 in 15 ms against 31–41 ms, six indexes written for each.
    establishment_school = models.ForeignKey(
        School,
        verbose_name="编制所在学校",
        on_delete=models.PROTECT,
        related_name="established_teachers",
        blank=True,
        help_text="不填则与所属学校相同",
        db_index=False,
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
    # A teacher's history is read teacher by teacher (their id), never by 工号 or school:
    # indexes on those copies would only be written, for each teacher an import adds or moves.
    history = HistoricalRecords(verbose_name="历史记录", no_db_index=["staff_id", "school", "establishment_school"])

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
    # A placement's history is read placement by placement (its id): indexes on the copied
    # teacher and school would only be written, for each placement an import adds.
    history = HistoricalRecords(verbose_name="历史记录", no_db_index=["teacher", "school"])

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
