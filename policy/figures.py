"""The plan's figures for a 学年: the one place every rule, page, report and message reads
them (`figures_for(year)`, `district_rates(year)`), each from the row in force that 学年
(`PolicyYear`, `DistrictRate`: the latest from that 学年 or before). So raising a figure
from 2025 on changes nothing before 2025.

The 瑞安市 plan's figures (`RUIAN_PLAN`) are the seeded first row, and what a 学年 before
any row reads. Figures no county changes (the plan's own wording of a mode, the dates of
its targets) are constants below.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from jiaogongti.school_year import school_year_of
from schools.models import District

from .models import DistrictRate, PolicyYear

# --- what no county changes ------------------------------------------------------------
# 二·目标: 2021年 乡村和镇区公办义务教育学校全覆盖 (学年 2021 on).
COVERAGE_TARGET_YEAR = 2021
# 三·(一) 融合型: 一所城镇学校与一两所乡镇学校.
MAX_MERGED_MEMBERS = 2
# 五·(三) 核心校校长绩效奖金视成员校规模及成效上浮 10%–20% (a recorded decision, not a formula).
PRINCIPAL_BONUS_PERCENT = (10, 20)


@dataclass(frozen=True)
class Figures:
    """The figures of one 学年, as the rules use them (ratios as fractions)."""

    from_year: int | None  # the row they come from (None: the plan's, no row yet)
    source: str
    co_built_min_ratio: Decimal  # 四·(五) 不低于成员校在职人数 10%
    rise_for_reward: Decimal  # 五·(五) Z值提升 5 分及以上
    reward_per_graduating_class: int  # 五·(五) 毕业班每班 1 万元
    core_award_factor: Decimal  # 五·(五) 按 1.2 系数拨付
    excellent_base: Decimal  # the county's 优秀 ratio for its staff (no document of the plan fixes it)
    excellent_extra: Decimal  # 五·(三) 上浮五个百分点
    term_years: int  # 四·(五) 三年一轮
    shadowing_min_years: int  # 四·(五) 跟岗锻炼一年及以上
    mountain_years: int  # 五·(二) 满三年
    type_share_target: Decimal  # 二·目标 不低于 80%
    type_share_target_year: int  # 至“十四五”末: 学年 2025
    funds_floor: Decimal  # 四·(四) 不少于 5000 万元
    ending_soon_days: int  # not a document's: how far ahead a term's end is announced

    @cached_property
    def texts(self) -> "PolicyTexts":
        """(Worked out once per `Figures`: an import asks for them row after row.)"""
        return PolicyTexts.of(self)


RUIAN_PLAN = Figures(
    from_year=None,
    source="瑞安市城乡义务教育共同体建设实施方案（2021）",
    co_built_min_ratio=Decimal("0.10"),
    rise_for_reward=Decimal(5),
    reward_per_graduating_class=10_000,
    core_award_factor=Decimal("1.2"),
    excellent_base=Decimal("0.15"),
    excellent_extra=Decimal("0.05"),
    term_years=3,
    shadowing_min_years=1,
    mountain_years=3,
    type_share_target=Decimal("0.80"),
    type_share_target_year=2025,
    funds_floor=Decimal("50000000"),
    ending_soon_days=90,
)
# The first 学年 of the plan: the seeded row's.
PLAN_FIRST_YEAR = 2021


def figures_of(row: PolicyYear) -> Figures:
    return Figures(
        from_year=row.from_year,
        source=row.source,
        co_built_min_ratio=row.co_built_min_percent / 100,
        rise_for_reward=row.rise_for_reward,
        reward_per_graduating_class=row.reward_per_graduating_class,
        core_award_factor=row.core_award_factor,
        excellent_base=row.excellent_base_percent / 100,
        excellent_extra=row.excellent_extra_points / 100,
        term_years=row.term_years,
        shadowing_min_years=row.shadowing_min_years,
        mountain_years=row.mountain_years,
        type_share_target=row.type_share_target_percent / 100,
        type_share_target_year=row.type_share_target_year,
        funds_floor=row.funds_floor,
        ending_soon_days=row.ending_soon_days,
    )


def row_values(figures: Figures) -> dict:
    """A `PolicyYear`'s fields for these figures (a new 学年's row starts from the last)."""
    return {
        "source": figures.source,
        "co_built_min_percent": figures.co_built_min_ratio * 100,
        "rise_for_reward": figures.rise_for_reward,
        "reward_per_graduating_class": figures.reward_per_graduating_class,
        "core_award_factor": figures.core_award_factor,
        "excellent_base_percent": figures.excellent_base * 100,
        "excellent_extra_points": figures.excellent_extra * 100,
        "term_years": figures.term_years,
        "shadowing_min_years": figures.shadowing_min_years,
        "mountain_years": figures.mountain_years,
        "type_share_target_percent": figures.type_share_target * 100,
        "type_share_target_year": figures.type_share_target_year,
        "funds_floor": figures.funds_floor,
        "ending_soon_days": figures.ending_soon_days,
    }


def figures_for(year: int) -> Figures:
    """The figures in force in the 学年."""
    row = PolicyYear.objects.filter(from_year__lte=year).order_by("-from_year").first()
    return RUIAN_PLAN if row is None else figures_of(row)


def figures_on(day: datetime.date) -> Figures:
    """The figures of the 学年 a day falls in."""
    return figures_for(school_year_of(day))


def current_figures() -> Figures:
    return figures_on(timezone.localdate())


class FiguresMemo:
    """`figures_on`, each 学年's read once: for a file's rows by the hundred thousand."""

    def __init__(self):
        self._of_year: dict[int, Figures] = {}

    def on(self, day: datetime.date) -> Figures:
        year = school_year_of(day)
        if year not in self._of_year:
            self._of_year[year] = figures_for(year)
        return self._of_year[year]


class Rate(NamedTuple):
    per_month: int
    is_mountain: bool


def district_rates(year: int) -> dict[int, Rate]:
    """学区 id -> its 特岗津贴 rate and 山区 flag in force in the 学年 (学区 with no row
    in force: no allowance, not 山区)."""
    latest = (
        DistrictRate.objects.filter(district=OuterRef("district"), from_year__lte=year).order_by("-from_year").values("pk")[:1]
    )
    return {
        district_id: Rate(per_month, mountain)
        for district_id, per_month, mountain in DistrictRate.objects.filter(pk=Subquery(latest)).values_list(
            "district_id", "rural_allowance_per_month", "is_mountain"
        )
    }


def allowance_rates_text(year: int) -> str:
    """The 学年's 特岗津贴 rates, e.g. “高楼、湖岭 800 元/月；马屿、陶山 600 元/月”."""
    names = dict(District.objects.values_list("pk", "name"))
    by_rate: dict[int, list[str]] = {}
    for district_id, rate in sorted(district_rates(year).items(), key=lambda item: (-item[1].per_month, names[item[0]])):
        if rate.per_month:
            by_rate.setdefault(rate.per_month, []).append(names[district_id])
    return "；".join(f"{'、'.join(names)} {rate} 元/月" for rate, names in by_rate.items()) or "各学区均未设特岗津贴"


def mountain_district_ids(year: int) -> set[int]:
    return {district_id for district_id, rate in district_rates(year).items() if rate.is_mountain}


# --- as pages write them -------------------------------------------------------------------

_CHINESE_NUMERALS = "零一二三四五六七八九十"


def chinese_numeral(number: int) -> str:
    """三 for 3, 十三 for 13, as the plan writes small counts (三年一轮) and grades (十三级)."""
    if 0 <= number <= 10:
        return _CHINESE_NUMERALS[number]
    if number < 20:
        return "十" + _CHINESE_NUMERALS[number - 10]
    return str(number)


def percent_text(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f}%"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class PolicyTexts:
    """A 学年's figures as a page writes them, in Chinese (`{{ policy.term_years }}`)."""

    type_share_target: str
    type_share_target_year: str
    co_built_min_ratio: str
    term_years: str
    shadowing: str
    mountain_years: str
    excellent_base: str
    excellent_extra_points: str
    principal_bonus: str
    rise_for_reward: str
    reward_per_class: str
    core_award_factor: str
    ending_soon_days: str
    funds_floor: str

    @classmethod
    def of(cls, figures: Figures) -> "PolicyTexts":
        reward = figures.reward_per_graduating_class
        return cls(
            type_share_target=percent_text(figures.type_share_target),
            type_share_target_year=f"{figures.type_share_target_year}学年",
            co_built_min_ratio=percent_text(figures.co_built_min_ratio),
            term_years=chinese_numeral(figures.term_years),
            shadowing=f"{chinese_numeral(figures.shadowing_min_years)}年",
            mountain_years=chinese_numeral(figures.mountain_years),
            excellent_base=percent_text(figures.excellent_base),
            excellent_extra_points=_number(figures.excellent_extra * 100),
            principal_bonus=f"{PRINCIPAL_BONUS_PERCENT[0]}–{PRINCIPAL_BONUS_PERCENT[1]}%",
            rise_for_reward=_number(figures.rise_for_reward),
            reward_per_class=f"{reward // 10_000} 万元" if reward % 10_000 == 0 else f"{reward:,} 元",
            core_award_factor=_number(figures.core_award_factor),
            ending_soon_days=str(figures.ending_soon_days),
            funds_floor=f"{_number(figures.funds_floor / 10_000)}万元",
        )


def policy_texts(year: int) -> PolicyTexts:
    return figures_for(year).texts
