"""What people put into next 学年's plan, kept per 学年 with history: heads mark their
teachers (自愿报名, 不宜交流 with a reason) and the subjects their school lacks; the bureau
sets what each 协作型 core sends and how the planner weighs its preferences."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from communities.models import Community
from jiaogongti.forms import FIRST_YEAR, LAST_YEAR
from schools.models import School
from teachers.models import REASON_MAX_LENGTH, Teacher

SCHOOL_YEAR = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
SUBJECT_MAX_LENGTH = 20  # as Teacher.subject


class TeacherIntention(models.Model):
    """A head's word on one of their teachers for the 学年's rotation."""

    class Choice(models.TextChoices):
        VOLUNTEER = "volunteer", "自愿报名"
        UNSUITABLE = "unsuitable", "不宜交流"

    school_year = models.PositiveSmallIntegerField("学年", validators=SCHOOL_YEAR)
    teacher = models.ForeignKey(Teacher, verbose_name="教师", on_delete=models.CASCADE, related_name="intentions")
    choice = models.CharField("意向", max_length=12, choices=Choice.choices)
    reason = models.CharField("理由", max_length=REASON_MAX_LENGTH, blank=True, help_text="不宜交流须写明理由")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("填报时间", auto_now=True)
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "交流意向"
        verbose_name_plural = "交流意向（学校填报）"
        ordering = ["-school_year", "teacher"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "teacher"], name="one_intention_a_year"),
            models.CheckConstraint(
                condition=~models.Q(choice="unsuitable") | ~models.Q(reason=""),
                name="unsuitable_has_reason",
                violation_error_message="不宜交流须写明理由。",
            ),
        ]

    def __str__(self):
        return f"{self.teacher.name} {self.school_year}学年 {self.get_choice_display()}"


class SubjectGap(models.Model):
    """A school lacks teachers of a subject (学科缺口, 附件1 一·(一)), as its head says."""

    school_year = models.PositiveSmallIntegerField("学年", validators=SCHOOL_YEAR)
    school = models.ForeignKey(School, verbose_name="学校", on_delete=models.CASCADE, related_name="subject_gaps")
    subject = models.CharField("学科", max_length=SUBJECT_MAX_LENGTH)
    count = models.PositiveSmallIntegerField("缺几人", validators=[MinValueValidator(1), MaxValueValidator(99)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("填报时间", auto_now=True)
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "学科缺口"
        verbose_name_plural = "学科缺口（学校填报）"
        ordering = ["-school_year", "school", "subject"]
        constraints = [models.UniqueConstraint(fields=["school_year", "school", "subject"], name="one_gap_per_subject")]

    def __str__(self):
        return f"{self.school} {self.school_year}学年 缺{self.subject}教师 {self.count} 人"


class CommunityObligation(models.Model):
    """What the bureau asks of a 协作型 community's core school in the 学年 (default: one)."""

    school_year = models.PositiveSmallIntegerField("学年", validators=SCHOOL_YEAR)
    community = models.ForeignKey(Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="obligations")
    core_sends = models.PositiveSmallIntegerField(
        "核心校至少派出（人）", validators=[MaxValueValidator(99)], help_text="协作型教共体核心校派往成员校的教师数"
    )
    note = models.CharField("说明", max_length=REASON_MAX_LENGTH, blank=True)
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "教共体交流义务"
        verbose_name_plural = "教共体交流义务（按学年）"
        ordering = ["-school_year", "community"]
        constraints = [models.UniqueConstraint(fields=["school_year", "community"], name="one_obligation_a_year")]

    def __str__(self):
        return f"{self.community} {self.school_year}学年 核心校至少派出 {self.core_sends} 人"


def _weight(label: str, default: float, help_text: str):
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=1,
        default=default,
        validators=[MinValueValidator(-99), MaxValueValidator(99)],
        help_text=help_text,
    )


class PlanningWeights(models.Model):
    """How the planner weighs its preferences, from a 学年 on (until a later row)."""

    from_year = models.PositiveSmallIntegerField("自学年起", unique=True, validators=SCHOOL_YEAR)
    volunteer = _weight("自愿报名", 4, "自愿报名的教师优先")
    senior_to_member = _weight("高级职称到成员校", 3, "高级、正高级教师优先派往成员校")
    lagging_subject = _weight("成员校落后学科", 2, "成员校该学科Z值落后全市越多越优先（乘以落后程度）")
    subject_gap = _weight("补学科缺口", 3, "派往缺该学科教师的学校")
    priority_school = _weight("小规模、寄宿制、薄弱学校", 1, "优先支持重点帮扶学校")
    recently_returned = _weight("三年内交流归来", -5, "负数：近三年刚交流回来的教师尽量不再派")
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "交流计划权重"
        verbose_name_plural = "交流计划权重（按学年）"
        ordering = ["-from_year"]

    def __str__(self):
        return f"{self.from_year}学年起的交流计划权重"


class PlanRun(models.Model):
    """One run of the planner for a 学年, worked out in the background (`runs.make_plan`),
    and what the bureau did with it: the proposal is kept as it was shown (`result`), and
    filing it makes the exchanges, once."""

    class Filed(models.TextChoices):
        NO = "", "未提交"
        FILED = "filed", "已按“已提交”录入"
        APPROVED = "approved", "已按“已批准”录入"

    school_year = models.PositiveSmallIntegerField("学年", validators=SCHOOL_YEAR)
    core_sends = models.PositiveSmallIntegerField("协作型核心校至少派出（人）", default=1, validators=[MaxValueValidator(99)])
    service_years = models.PositiveSmallIntegerField(
        "核心校新教师服务期（年）",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="核心校新教师服务期满后须到成员校交流；不填则本计划不安排这一项",
    )
    excluded = models.JSONField("移出计划的教师", default=list, blank=True, editable=False)  # teacher ids
    # [teacher id, school id]: teachers the bureau swapped in, to go where the one they replace would have
    required = models.JSONField("换入计划的教师", default=list, blank=True, editable=False)
    job = models.ForeignKey("jobs.Job", verbose_name="后台任务", on_delete=models.SET_NULL, null=True, blank=True, editable=False)
    result = models.JSONField("计划", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    filed = models.CharField("录入", max_length=10, choices=Filed.choices, default=Filed.NO, blank=True, editable=False)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField("录入时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "交流计划"
        verbose_name_plural = "交流计划（生成与录入）"
        ordering = ["-created_at"]

    @property
    def superseded(self) -> bool:
        """Asked for again since (changed or run anew): only the 学年's latest is changed or filed."""
        return PlanRun.objects.filter(school_year=self.school_year, pk__gt=self.pk).exists()

    @property
    def latest(self) -> "PlanRun":
        return PlanRun.objects.filter(school_year=self.school_year).order_by("-pk").first()

    def __str__(self):
        made = f"（第 {self.pk} 号，{timezone.localtime(self.created_at):%Y-%m-%d %H:%M}）" if self.created_at else ""
        return f"{self.school_year}学年交流计划{made}"
