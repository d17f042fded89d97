"""The policy's figures, each defined once with the section it comes from.

They are the 瑞安市 implementation plan's (实施方案); a county whose plan sets other figures
changes them here, and every rule, page, report and message follows. The one figure that
differs inside a county, the 特岗津贴 rate, is kept per 学区 in the registry
(`District.rural_allowance_per_month`, edited in the admin). Pages show the figures through
`policy_texts` (every template has them as `policy`), never typing them.
"""

from decimal import Decimal
from typing import NamedTuple

# 二·目标: 至“十四五”末，融合型、共建型模式的教共体占比不低于80%. The plan's end is the
# end of 2025, within 学年 2025: that 学年 and later are judged against it, earlier ones
# show the progress toward it.
TYPE_SHARE_TARGET = Decimal("0.80")
TYPE_SHARE_TARGET_YEAR = 2025
# 二·目标: 2021年 乡村和镇区公办义务教育学校全覆盖 (学年 2021 on).
COVERAGE_TARGET_YEAR = 2021
# 三·(一) 融合型: 一所城镇学校与一两所乡镇学校.
MAX_MERGED_MEMBERS = 2
# 四·(五) 共建型: 每年按不低于成员校在职人数10%的比例流动.
CO_BUILT_MIN_RATIO = Decimal("0.10")
# 四·(五) 三年一轮，一律迁编，期满归队.
TERM_YEARS = 3
# 四·(五) 成员校新教师须在核心校跟岗锻炼一年及以上 (a year by the calendar: jiaogongti.dates).
SHADOWING_MIN_YEARS = 1
# 五·(二) 核心校教师到成员校任教满三年且继续在山区任教: 高级职称不占成员校比例.
MOUNTAIN_YEARS = 3
# 五·(三) 流入教师年度考核“优秀”比例在基准比例上浮五个百分点，单列核算.
EXCELLENT_EXTRA = Decimal("0.05")
# 五·(三) 核心校校长绩效奖金视成员校规模及成效上浮 10%–20% (a recorded decision).
PRINCIPAL_BONUS_PERCENT = (10, 20)
# 五·(五) 成员校（校区）Z值较上年度提升5分及以上的，按毕业班每班1万元奖励.
RISE_FOR_REWARD = 5
REWARD_PER_GRADUATING_CLASS = 10_000
# 五·(五) 核心校获教育教学质量奖且有成员校Z值提升5分及以上的，按1.2系数拨付.
CORE_AWARD_FACTOR = Decimal("1.2")
# 四·(四) 市财政每年安排不少于5000万元 (the bureau sets each 学年's floor; this is its default).
FUNDS_FLOOR_DEFAULT = Decimal("50000000")
# Not a document's figure: how far ahead the portal and the admin warn of a term's end.
ENDING_SOON_DAYS = 90

_CHINESE_NUMERALS = "零一二三四五六七八九十"


def chinese_numeral(number: int) -> str:
    """三 for 3, as the plan writes small counts (三年一轮)."""
    return _CHINESE_NUMERALS[number] if 0 <= number <= 10 else str(number)


def percent_text(ratio: Decimal) -> str:
    return f"{ratio * 100:.0f}%"


class PolicyTexts(NamedTuple):
    """The figures as a page writes them, in Chinese."""

    type_share_target: str = percent_text(TYPE_SHARE_TARGET)
    type_share_target_year: str = f"{TYPE_SHARE_TARGET_YEAR}学年"
    co_built_min_ratio: str = percent_text(CO_BUILT_MIN_RATIO)
    term_years: str = chinese_numeral(TERM_YEARS)
    shadowing: str = f"{chinese_numeral(SHADOWING_MIN_YEARS)}年"
    mountain_years: str = chinese_numeral(MOUNTAIN_YEARS)
    excellent_extra_points: str = f"{EXCELLENT_EXTRA * 100:.0f}"
    principal_bonus: str = f"{PRINCIPAL_BONUS_PERCENT[0]}–{PRINCIPAL_BONUS_PERCENT[1]}%"
    rise_for_reward: str = str(RISE_FOR_REWARD)
    reward_per_class: str = (
        f"{REWARD_PER_GRADUATING_CLASS // 10_000} 万元"
        if REWARD_PER_GRADUATING_CLASS % 10_000 == 0
        else f"{REWARD_PER_GRADUATING_CLASS:,} 元"
    )
    core_award_factor: str = f"{CORE_AWARD_FACTOR}"
    ending_soon_days: str = str(ENDING_SOON_DAYS)
    funds_floor: str = f"{FUNDS_FLOOR_DEFAULT / 10_000:.0f}万元"


POLICY_TEXTS = PolicyTexts()


def policy_texts(request) -> dict:
    """Context processor: `{{ policy.co_built_min_ratio }}` in any template."""
    return {"policy": POLICY_TEXTS}
