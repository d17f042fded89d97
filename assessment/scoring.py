"""How each 考核 indicator is scored, 0–100, from a community's inputs: pure, one rule a
source. None means the indicator does not apply to the community (its weight goes to the
others): the 10 % rule binds 共建型 only, 项目评估 is the 协作型's."""

from decimal import ROUND_HALF_UP, Decimal

from communities.models import CommunityType
from jiaogongti.policy import RISE_FOR_REWARD

from .models import Grade, Source

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")


def _share(part, whole) -> Decimal:
    return HUNDRED * Decimal(part) / Decimal(whole) if whole else Decimal(0)


def _clamped(value: Decimal) -> Decimal:
    return min(max(value, Decimal(0)), HUNDRED).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def indicator_score(source: str, inputs: dict, full_at: Decimal | None = None) -> Decimal | None:
    """`inputs` as assessment.results gathers them (plain numbers, kept with a result)."""
    if source == Source.Z_RISE:
        # The main basis (六): the members' mean Z值 rise. No rise scores 50; a rise of
        # `full_at` (the reward's 5 分 unless set) scores 100; a fall as large scores 0.
        rise = inputs.get("z_rise")
        if rise is None:
            return Decimal(0)
        full = full_at or Decimal(RISE_FOR_REWARD)
        return _clamped(50 + 50 * Decimal(str(rise)) / full)
    if source == Source.EXCHANGE:
        if inputs["type"] != CommunityType.CO_BUILT:
            return None
        return _clamped(_share(inputs["exchange_compliant"], inputs["exchange_counted"]))
    if source == Source.PLAN:
        return _clamped(_share(inputs["activities_met"], inputs["activities_planned"]))
    if source == Source.LESSONS:
        return _clamped(_share(inputs["lessons_held"], inputs["lessons_due"]))
    if source == Source.PROJECT:
        if inputs["type"] != CommunityType.COOPERATIVE:
            return None
        return _clamped(Decimal(str(inputs["project"] or 0)))
    if source == Source.DISTINCTIVE:
        return _clamped(Decimal(str(inputs["distinctive"] or 0)))
    raise ValueError(f"unknown source {source}")


def total_of(scores: list[tuple[Decimal | None, Decimal]]) -> Decimal:
    """The weighted mean of the indicators that apply, 0–100."""
    counted = [(score, weight) for score, weight in scores if score is not None]
    weights = sum((weight for _, weight in counted), Decimal(0))
    if not weights:
        return Decimal(0)
    return _clamped(sum((score * weight for score, weight in counted), Decimal(0)) / weights)


def grade_of(total: Decimal, *, excellent_min: Decimal, good_min: Decimal, pass_min: Decimal) -> str:
    if total >= excellent_min:
        return Grade.EXCELLENT
    if total >= good_min:
        return Grade.GOOD
    if total >= pass_min:
        return Grade.PASS
    return Grade.FAIL
