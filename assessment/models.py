"""Assessing the communities (附件1 三·(五); 四·(四); 六): 项目评估 a 协作型 core school applies
for, the money each 学年 allocates, and the annual 考核."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from communities.models import Community
from jiaogongti.policy import FUNDS_FLOOR_DEFAULT
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


class FundsFloor(models.Model):
    """The 学年's floor for the whole budget (四·(四): 不少于5000万元), as the bureau sets it."""

    school_year = models.PositiveSmallIntegerField("学年", unique=True)
    floor = models.DecimalField("年度经费下限（元）", max_digits=14, decimal_places=2, default=FUNDS_FLOOR_DEFAULT)
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "年度经费下限"
        verbose_name_plural = "年度经费下限"
        ordering = ["-school_year"]

    def __str__(self):
        return f"{self.school_year}学年经费下限 {self.floor:,} 元"
