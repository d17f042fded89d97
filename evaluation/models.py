"""Teaching-quality results (教学质量考核) and the Z值 computed from them (实施方案五·(五)).

Inputs are `SubjectScore` rows (one per school and subject, as imported) and the school's
毕业班数 on `SchoolResult`. The computation (`evaluation/zscore.py`, the only place that
knows the formula) writes each school's Z值 onto `SchoolResult` together with the settings
it used, and the county figures per subject onto `SubjectStatistics`, so every figure
can be explained later even if the bureau changes the settings.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from jiaogongti.school_year import school_year_label
from policy.figures import PRINCIPAL_BONUS_PERCENT
from schools.models import RESULT_STAGES, School

DEFAULT_BASE = 50
DEFAULT_SCALE = 10


class ZSettings(models.Model):
    """Per 学年: the scale of the scores and the subject weights (equal by default)."""

    school_year = models.PositiveSmallIntegerField("学年", unique=True)
    base = models.DecimalField("基准分", max_digits=6, decimal_places=2, default=DEFAULT_BASE, help_text="默认 50")
    scale = models.DecimalField(
        "标准差倍数",
        max_digits=6,
        decimal_places=2,
        default=DEFAULT_SCALE,
        help_text="默认 10",
        validators=[MinValueValidator(0.01)],
    )

    class Meta:
        verbose_name = "Z值计算设置"
        verbose_name_plural = "Z值计算设置（按学年）"
        ordering = ["-school_year"]

    def __str__(self):
        return f"{school_year_label(self.school_year)} Z值计算设置"


class SubjectWeight(models.Model):
    settings = models.ForeignKey(ZSettings, on_delete=models.CASCADE, related_name="weights", verbose_name="设置")
    stage = models.CharField("学段", max_length=10, choices=RESULT_STAGES)
    subject = models.CharField("科目", max_length=20)
    weight = models.DecimalField(
        "权重", max_digits=6, decimal_places=3, validators=[MinValueValidator(0)], help_text="未列出的科目权重为 1"
    )

    class Meta:
        verbose_name = "科目权重"
        verbose_name_plural = "科目权重（未列出的科目为 1）"
        constraints = [models.UniqueConstraint(fields=["settings", "stage", "subject"], name="one_weight_per_subject")]

    def __str__(self):
        return f"{self.get_stage_display()} {self.subject}：{self.weight}"


class SchoolResult(models.Model):
    """One school's result in one 学年 and 学段: 毕业班数 (input) and its Z值 (computed)."""

    school_year = models.PositiveSmallIntegerField("学年", db_index=True)
    stage = models.CharField("学段", max_length=10, choices=RESULT_STAGES)
    school = models.ForeignKey(School, verbose_name="学校", on_delete=models.PROTECT, related_name="results")
    graduating_classes = models.PositiveIntegerField("毕业班数")
    z_value = models.FloatField("Z值", null=True, blank=True)
    computed_with = models.JSONField("计算设置", default=dict, blank=True, help_text="计算该 Z值 时使用的基准分、倍数与科目权重")
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)

    class Meta:
        verbose_name = "学校考核结果"
        verbose_name_plural = "学校考核结果（Z值）"
        ordering = ["-school_year", "stage", "school__name"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "stage", "school"], name="one_result_per_school_year_stage")
        ]

    def __str__(self):
        return f"{school_year_label(self.school_year)} {self.get_stage_display()} {self.school}"


class SubjectScore(models.Model):
    """One row of the imported results: a school's students in one subject."""

    result = models.ForeignKey(SchoolResult, on_delete=models.CASCADE, related_name="subject_scores", verbose_name="学校考核结果")
    subject = models.CharField("科目", max_length=20)
    candidates = models.PositiveIntegerField("参考人数", validators=[MinValueValidator(1)])
    average = models.FloatField("平均分", validators=[MinValueValidator(0)])
    std_dev = models.FloatField("标准差", validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "科目成绩"
        verbose_name_plural = "科目成绩"
        ordering = ["subject"]
        constraints = [
            models.UniqueConstraint(fields=["result", "subject"], name="one_score_per_school_and_subject"),
            models.CheckConstraint(condition=models.Q(candidates__gte=1), name="score_has_candidates"),
            models.CheckConstraint(condition=models.Q(average__gte=0, std_dev__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.subject}：{self.average}"


class SubjectStatistics(models.Model):
    """County figures for one 学年, 学段 and subject: the intermediates of the formula."""

    school_year = models.PositiveSmallIntegerField("学年")
    stage = models.CharField("学段", max_length=10, choices=RESULT_STAGES)
    subject = models.CharField("科目", max_length=20)
    schools = models.PositiveIntegerField("学校数")
    candidates = models.PositiveIntegerField("参考总人数")
    county_mean = models.FloatField("全县平均分 M")
    county_std_dev = models.FloatField("全县标准差 S")

    class Meta:
        verbose_name = "全县科目统计"
        verbose_name_plural = "全县科目统计（Z值中间量）"
        ordering = ["-school_year", "stage", "subject"]
        constraints = [models.UniqueConstraint(fields=["school_year", "stage", "subject"], name="one_statistic_per_subject")]

    def __str__(self):
        return f"{school_year_label(self.school_year)} {self.get_stage_display()} {self.subject}"


class CoreAward(models.Model):
    """A core school's 教育教学质量奖 for a 学年, and the principal's bonus decision.

    The amount is entered by the bureau; whether it is paid at 1.2× follows from the
    members' Z值 rise (`evaluation.rewards`), so it is never stored apart from its inputs.
    """

    school_year = models.PositiveSmallIntegerField("学年")
    core_school = models.ForeignKey(School, verbose_name="核心校", on_delete=models.PROTECT, related_name="core_awards")
    quality_award = models.DecimalField(
        "教育教学质量奖（元）", max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    principal_bonus_percent = models.PositiveSmallIntegerField(
        "校长绩效奖金上浮（%）",
        null=True,
        blank=True,
        validators=[MinValueValidator(PRINCIPAL_BONUS_PERCENT[0]), MaxValueValidator(PRINCIPAL_BONUS_PERCENT[1])],
        help_text=f"实施方案五·（三）：视成员校规模及成效上浮 {PRINCIPAL_BONUS_PERCENT[0]}–{PRINCIPAL_BONUS_PERCENT[1]}%；不上浮则留空",
    )
    decision_note = models.TextField("决定依据", blank=True, max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="决定人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", auto_now=True)

    class Meta:
        verbose_name = "核心校质量奖与校长奖金"
        verbose_name_plural = "核心校质量奖与校长奖金"
        ordering = ["-school_year", "core_school__name"]
        constraints = [models.UniqueConstraint(fields=["school_year", "core_school"], name="one_award_per_core_and_year")]

    def __str__(self):
        return f"{school_year_label(self.school_year)} {self.core_school}"

    @property
    def notes(self) -> list[str]:
        """提示 beside the decision (evaluation/decision_checks.py), never a refusal."""
        from .decision_checks import principal_bonus_notes

        return principal_bonus_notes(self)


class RewardGrant(models.Model):
    """A member school's Z值 reward as the bureau confirmed it for payment, with the figures
    it was worked out from. Later changes to scores or settings recompute the Z值 but not
    what was granted; the rewards page shows where the two now differ."""

    school_year = models.PositiveSmallIntegerField("学年")
    school = models.ForeignKey(School, verbose_name="成员校（校区）", on_delete=models.PROTECT, related_name="reward_grants")
    stage = models.CharField("学段", max_length=10, choices=RESULT_STAGES)
    previous_z = models.FloatField("上年Z值")
    current_z = models.FloatField("本年Z值")
    graduating_classes = models.PositiveSmallIntegerField("毕业班数")
    amount = models.PositiveIntegerField("奖励金额（元）")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    granted_at = models.DateTimeField("确认时间", auto_now_add=True)
    # A grant deleted to be confirmed again after a correction leaves its trace here.
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "Z值提升奖励（已确认）"
        verbose_name_plural = "Z值提升奖励（已确认）"
        ordering = ["-school_year", "school__name"]
        constraints = [models.UniqueConstraint(fields=["school_year", "school", "stage"], name="one_grant_per_member_year_stage")]

    def __str__(self):
        return f"{school_year_label(self.school_year)} {self.school} {self.amount} 元"
