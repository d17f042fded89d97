"""The 同步课堂 "一张表" (附件1 三·(四); contracts.md, `import_timetable`): per community and
term, the weekly synchronous classes: a lead classroom at one school, listening classrooms
at others, at the same clock time (each school's bell times may differ, so times are clock
times, never 第几节). Each lesson of a session is held or not, and may be discussed in a
同步教研 activity."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from communities.models import Community
from jiaogongti.dates import validate_record_date
from schools.models import School
from teachers.models import Teacher
from teamwork.models import Activity

MAX_WEEKS = 30  # a term is some twenty teaching weeks; a week past this is a mistyped number
CLASS_MAX_LENGTH = 30
WEEKDAYS = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]


class Term(models.IntegerChoices):
    FIRST = 1, "第一学期"
    SECOND = 2, "第二学期"


class TermDates(models.Model):
    """A term's first day when the bureau sets it; without a row the contract's rule holds
    (timetable.terms.term_first_day)."""

    school_year = models.PositiveSmallIntegerField("学年")
    term = models.PositiveSmallIntegerField("学期", choices=Term.choices)
    first_day = models.DateField("第一周开始日期", help_text="第 1 教学周从这一天开始", validators=[validate_record_date])
    weeks = models.PositiveSmallIntegerField(
        "教学周数", default=20, validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKS)]
    )

    class Meta:
        verbose_name = "学期日期"
        verbose_name_plural = "学期日期"
        ordering = ["-school_year", "-term"]
        constraints = [models.UniqueConstraint(fields=["school_year", "term"], name="one_dates_per_term")]

    def __str__(self):
        return f"{self.school_year}学年{self.get_term_display()}"


class Session(models.Model):
    """One weekly synchronous class of a community's table for a term."""

    community = models.ForeignKey(Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="sync_sessions")
    school_year = models.PositiveSmallIntegerField("学年")
    term = models.PositiveSmallIntegerField("学期", choices=Term.choices)
    weekday = models.PositiveSmallIntegerField("星期", choices=[(n, name) for n, name in enumerate(WEEKDAYS, start=1)])
    start_time = models.TimeField("开始时间")
    end_time = models.TimeField("结束时间")
    subject = models.CharField("学科", max_length=20)
    lead_school = models.ForeignKey(School, verbose_name="主讲学校", on_delete=models.PROTECT, related_name="+")
    lead_class = models.CharField("主讲班级", max_length=CLASS_MAX_LENGTH)
    lead_teacher = models.ForeignKey(Teacher, verbose_name="主讲教师", on_delete=models.PROTECT, related_name="sync_sessions")
    first_week = models.PositiveSmallIntegerField("起始周", validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKS)])
    last_week = models.PositiveSmallIntegerField("结束周", validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKS)])
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField("填报时间", auto_now_add=True)

    class Meta:
        verbose_name = "同步课堂"
        verbose_name_plural = "同步课堂（一张表）"
        ordering = ["school_year", "term", "weekday", "start_time", "id"]
        indexes = [models.Index(fields=["school_year", "term", "weekday"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(start_time__lt=models.F("end_time")), name="session_starts_before_it_ends"),
            models.CheckConstraint(condition=models.Q(first_week__lte=models.F("last_week")), name="session_weeks_in_order"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M} {self.subject}（{self.lead_school.name}{self.lead_class}）"

    @property
    def lesson_count(self) -> int:
        return self.last_week - self.first_week + 1


class ListeningClassroom(models.Model):
    session = models.ForeignKey(Session, verbose_name="同步课堂", on_delete=models.CASCADE, related_name="listeners")
    school = models.ForeignKey(School, verbose_name="听课学校", on_delete=models.PROTECT, related_name="+")
    class_name = models.CharField("听课班级", max_length=CLASS_MAX_LENGTH)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "听课班级"
        verbose_name_plural = "听课班级"
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.school.name}{self.class_name}"


class Lesson(models.Model):
    """A session's lesson in one teaching week, once someone says whether it was held; a
    held lesson's 同步教学研讨 is a 同步教研 activity."""

    session = models.ForeignKey(Session, verbose_name="同步课堂", on_delete=models.CASCADE, related_name="lessons")
    week = models.PositiveSmallIntegerField("教学周")
    held = models.BooleanField("已开课")
    discussion = models.OneToOneField(
        Activity, verbose_name="同步教研记录", on_delete=models.SET_NULL, null=True, blank=True, related_name="sync_lesson"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("填报时间", auto_now=True)

    class Meta:
        verbose_name = "同步课堂课次"
        verbose_name_plural = "同步课堂课次"
        ordering = ["session", "week"]
        constraints = [models.UniqueConstraint(fields=["session", "week"], name="one_lesson_per_session_and_week")]

    def __str__(self):
        return f"{self.session} 第{self.week}周"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A school's iCalendar feed address: whoever holds the token reads the school's
    synchronous classes (a phone calendar cannot log in). The head can make a new one,
    which ends the old."""

    school = models.OneToOneField(School, verbose_name="学校", on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField("令牌", max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField("生成时间", auto_now=True)

    class Meta:
        verbose_name = "课表订阅地址"
        verbose_name_plural = "课表订阅地址"

    def __str__(self):
        return f"{self.school.name}课表订阅"
