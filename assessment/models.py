"""Assessing the communities (附件1 三·(五); 四·(四); 六): 项目评估 a 协作型 core school applies
for, the money each 学年 allocates, and the annual 考核."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from communities.models import Community
from jiaogongti.attachments import StoredFile, private_storage
from jiaogongti.dates import validate_record_date
from schools.models import School

NOTE_MAX_LENGTH = 200


class FundCategory(models.TextChoices):
    """The contract's 类别 (contracts.md, `import_funds`)."""

    EQUIPMENT = "equipment", "装备配置"
    PROJECT = "project", "项目建设"
    ACTIVITIES = "activities", "活动开展"
    TRAINING = "training", "教师培训"
    FACILITIES = "facilities", "硬件改善"
    OTHER = "other", "其他"


class Allocation(models.Model):
    """Money allocated in a 学年 to a school of a community, for a 类别. Exact to the fen
    (Decimal), every change in the history."""

    school_year = models.PositiveSmallIntegerField("学年")
    community = models.ForeignKey(Community, verbose_name="教共体", on_delete=models.PROTECT, related_name="allocations")
    category = models.CharField("类别", max_length=12, choices=FundCategory.choices)
    school = models.ForeignKey(School, verbose_name="拨付学校", on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    note = models.CharField("说明", max_length=NOTE_MAX_LENGTH, blank=True)
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "经费拨付"
        verbose_name_plural = "经费拨付"
        ordering = ["-school_year", "community__code", "id"]
        indexes = [models.Index(fields=["school_year", "community"])]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="allocation_amount_positive")]

    def __str__(self):
        return f"{self.school_year}学年 {self.community.code} {self.get_category_display()} {self.amount} 元"


class Grade(models.TextChoices):
    """The grade bands of a 项目评估 and of the annual 考核."""

    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


TITLE_MAX_LENGTH = 100
TEXT_MAX_LENGTH = 5000
COMMENTS_MAX_LENGTH = 1000


class ProjectReview(models.Model):
    """项目评估 (附件1 三·(五)): a 协作型 core school applies with a project that worked; the
    bureau scores and grades it, or sends it back for more evidence. The result enters the
    community's 考核. Statuses move only through assessment.projects."""

    class Status(models.TextChoices):
        APPLIED = "applied", "已申报"
        RETURNED = "returned", "退回补充"
        REVIEWED = "reviewed", "已评审"
        WITHDRAWN = "withdrawn", "已撤回"

    community = models.ForeignKey(Community, verbose_name="教共体", on_delete=models.PROTECT, related_name="project_reviews")
    school_year = models.PositiveSmallIntegerField("学年")
    title = models.CharField("项目名称", max_length=TITLE_MAX_LENGTH)
    goals = models.TextField("项目目标", max_length=TEXT_MAX_LENGTH)
    period_start = models.DateField("开始日期", validators=[validate_record_date])
    period_end = models.DateField("结束日期", validators=[validate_record_date])
    members = models.ManyToManyField(School, verbose_name="参与成员校", related_name="+")
    evidence = models.TextField("成效与佐证", max_length=TEXT_MAX_LENGTH, help_text="成员校的变化、数据和材料说明")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.APPLIED)
    score = models.DecimalField("评审得分", max_digits=4, decimal_places=1, null=True, blank=True)
    grade = models.CharField("评审等级", max_length=10, choices=Grade.choices, blank=True)
    comments = models.TextField("评审意见", max_length=COMMENTS_MAX_LENGTH, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField("申报时间", auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评审人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("评审时间", null=True, blank=True)
    history = HistoricalRecords(verbose_name="历史记录", excluded_fields=["applied_at"])

    class Meta:
        verbose_name = "项目评估"
        verbose_name_plural = "项目评估"
        ordering = ["-school_year", "-applied_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100), name="project_score_0_to_100"
            ),
            models.CheckConstraint(condition=models.Q(period_start__lte=models.F("period_end")), name="project_period_in_order"),
        ]

    def __str__(self):
        return f"{self.school_year}学年 {self.title}"


def project_document_path(document, filename):
    return f"projects/{document.project_id}/{filename}"


class ProjectDocument(StoredFile):
    """A document attached to a 项目评估 application, checked as every attachment is
    (jiaogongti.attachments) and served only to those who may see the community."""

    project = models.ForeignKey(ProjectReview, verbose_name="项目评估", on_delete=models.CASCADE, related_name="documents")
    file = models.FileField("文件", storage=private_storage, upload_to=project_document_path, max_length=200)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["id"]


class Source(models.TextChoices):
    """Where an indicator's score comes from (assessment.scoring says how)."""

    Z_RISE = "z_rise", "成员校Z值提升（增值评价）"
    EXCHANGE = "exchange", "共建型成员校交流达标"
    PLAN = "plan", "活动完成计划"
    LESSONS = "lessons", "同步课堂开课率"
    PROJECT = "project", "项目评估结果"
    DISTINCTIVE = "distinctive", "特色评价（教育局评分）"


class Scheme(models.Model):
    """The 学年's 考核 scheme as the bureau edits it: indicators with weights, and the
    grade bands. A new 学年 starts from the documented default (assessment.scheme)."""

    school_year = models.PositiveSmallIntegerField("学年", unique=True)
    excellent_min = models.DecimalField("优秀（总分不低于）", max_digits=4, decimal_places=1, default=Decimal(90))
    good_min = models.DecimalField("良好（总分不低于）", max_digits=4, decimal_places=1, default=Decimal(80))
    pass_min = models.DecimalField("合格（总分不低于）", max_digits=4, decimal_places=1, default=Decimal(60))
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-school_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_min__lte=models.F("good_min"), good_min__lte=models.F("excellent_min")),
                name="scheme_bands_in_order",
                violation_error_message="等级分数线应为：合格 ≤ 良好 ≤ 优秀。",
            )
        ]

    def __str__(self):
        return f"{self.school_year}学年考核方案"


class Indicator(models.Model):
    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("指标", max_length=30)
    source = models.CharField("计分依据", max_length=12, choices=Source.choices)
    weight = models.DecimalField("权重", max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    full_at = models.DecimalField(
        "满分线",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Z值提升达到此分数得 100 分（默认 5 分）；其他指标不用",
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["scheme", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="one_indicator_name_per_scheme")]

    def __str__(self):
        return self.name


class DistinctiveScore(models.Model):
    """The bureau's 特色评价 of a community for a 学年, 0–100."""

    community = models.ForeignKey(Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="distinctive_scores")
    school_year = models.PositiveSmallIntegerField("学年")
    score = models.DecimalField("特色评价得分", max_digits=4, decimal_places=1)
    note = models.CharField("说明", max_length=NOTE_MAX_LENGTH, blank=True)
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "特色评价"
        verbose_name_plural = "特色评价"
        ordering = ["-school_year", "community__code"]
        constraints = [
            models.UniqueConstraint(fields=["community", "school_year"], name="one_distinctive_score_per_year"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="distinctive_score_0_to_100"),
        ]

    def __str__(self):
        return f"{self.school_year}学年 {self.community.code} 特色评价 {self.score}"


class AssessmentResult(models.Model):
    """A community's 考核 for a 学年 as the bureau confirmed it, with the scheme and the
    inputs it was computed from. A later change to the records is shown against it on
    the 考核 page, never applied to it."""

    community = models.ForeignKey(Community, verbose_name="教共体", on_delete=models.PROTECT, related_name="assessment_results")
    school_year = models.PositiveSmallIntegerField("学年")
    scheme = models.JSONField("考核方案（确认时）")
    inputs = models.JSONField("计分数据（确认时）")
    scores = models.JSONField("各项得分")
    total = models.DecimalField("总分", max_digits=4, decimal_places=1)
    grade = models.CharField("等级", max_length=10, choices=Grade.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", auto_now_add=True)

    class Meta:
        verbose_name = "教共体考核结果"
        verbose_name_plural = "教共体考核结果"
        ordering = ["-school_year", "-total"]
        constraints = [models.UniqueConstraint(fields=["community", "school_year"], name="one_result_per_community_and_year")]

    def __str__(self):
        return f"{self.school_year}学年 {self.community.code} {self.get_grade_display()}"
