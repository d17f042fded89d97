"""The plan's figures a county can change, per 学年 (domain.md, "A teacher's years": a
figure belongs to the 学年s it was in force). A row holds the figures in force from its
学年 until the next row's; `policy.figures` reads them for the 学年 a page shows."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from jiaogongti.forms import FIRST_YEAR, LAST_YEAR
from schools.models import District

SCHOOL_YEAR = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
SOURCE_MAX_LENGTH = 200


def _percent(label: str, help_text: str):
    return models.DecimalField(
        label, max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)], help_text=help_text
    )


class PolicyYear(models.Model):
    """The plan's figures from a 学年 on (瑞安市实施方案 unless the source says otherwise)."""

    from_year = models.PositiveSmallIntegerField(
        "自学年起", unique=True, validators=SCHOOL_YEAR, help_text="从该学年起执行，直到有更晚学年的记录为止"
    )
    source = models.CharField("依据", max_length=SOURCE_MAX_LENGTH, help_text="文件名称和文号，如 瑞安市实施方案（2021）")
    co_built_min_percent = _percent("共建型成员校年交流比例（%）", "四·（五）：每年按不低于成员校在职人数的该比例流动")
    rise_for_reward = models.DecimalField(
        "Z值提升奖励门槛（分）",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="五·（五）：较上年提升该分数及以上",
    )
    reward_per_graduating_class = models.PositiveIntegerField("毕业班每班奖励（元）", help_text="五·（五）")
    core_award_factor = models.DecimalField(
        "核心校质量奖系数",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(1)],
        help_text="五·（五）：核心校质量奖按该系数拨付",
    )
    excellent_base_percent = _percent("年度考核“优秀”基准比例（%）", "本市事业单位年度考核的优秀比例；文件未规定，按本市规定填写")
    excellent_extra_points = _percent("流入教师“优秀”比例上浮（百分点）", "五·（三）：在基准比例上浮，单列核算")
    term_years = models.PositiveSmallIntegerField(
        "交流轮岗年限（年）", validators=[MinValueValidator(1), MaxValueValidator(10)], help_text="四·（五）：几年一轮，期满归队"
    )
    shadowing_min_years = models.PositiveSmallIntegerField(
        "新教师跟岗锻炼至少（年）", validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="四·（五）"
    )
    mountain_years = models.PositiveSmallIntegerField(
        "山区任教满（年）评高级", validators=[MinValueValidator(1), MaxValueValidator(10)], help_text="五·（二）"
    )
    type_share_target_percent = _percent("融合型、共建型占比目标（%）", "二·目标")
    type_share_target_year = models.PositiveSmallIntegerField(
        "占比目标考核起始学年", validators=SCHOOL_YEAR, help_text="二·目标：至“十四五”末；此前各学年显示进展"
    )
    funds_floor = models.DecimalField(
        "年度经费下限（元）",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="四·（四）：市财政每年安排不少于该数",
    )
    ending_soon_days = models.PositiveSmallIntegerField(
        "期满提醒提前（天）",
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="平台设置：交流期满前多少天提醒",
    )
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "政策参数（按学年）"
        verbose_name_plural = "政策参数（按学年）"
        ordering = ["-from_year"]

    def __str__(self):
        return f"{self.from_year}学年起的政策参数"


class DistrictRate(models.Model):
    """A 学区's 特岗津贴 rate and 山区 flag from a 学年 on (五·(二)(六))."""

    district = models.ForeignKey(District, verbose_name="学区", on_delete=models.PROTECT, related_name="rates")
    from_year = models.PositiveSmallIntegerField("自学年起", validators=SCHOOL_YEAR)
    rural_allowance_per_month = models.PositiveIntegerField(
        "特岗津贴（元/月）", help_text="五·（六）及瑞人社〔2015〕91号；不发放的填 0"
    )
    is_mountain = models.BooleanField("山区学区", default=False, help_text="五·（二）：马屿、高楼、湖岭、陶山片区")
    source = models.CharField("依据", max_length=SOURCE_MAX_LENGTH)
    history = HistoricalRecords(verbose_name="历史记录")

    class Meta:
        verbose_name = "学区特岗津贴与山区（按学年）"
        verbose_name_plural = "学区特岗津贴与山区（按学年）"
        ordering = ["district__name", "-from_year"]
        constraints = [models.UniqueConstraint(fields=["district", "from_year"], name="one_rate_per_district_year")]

    def __str__(self):
        return f"{self.district.name} {self.from_year}学年起 {self.rural_allowance_per_month} 元/月"
