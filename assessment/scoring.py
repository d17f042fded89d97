"""How each 考核 indicator is scored, 0–100, from a community's inputs: pure, one rule a
source. None means the indicator does not apply to the community (its weight goes to the
others): the 10 % rule binds 共建型 only, 项目评估 is the 协作型's. While the 学年 runs, an
indicator with nothing on record yet is NOT_YET (尚无), not 0: the results, the 项目评估
and the 特色评价 come late in the year, and a plan is met over the whole of it."""

from decimal import ROUND_HALF_UP, Decimal

from exchanges import ten_percent

from .models import Grade, Source
from .projects import projects_apply_to

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")


def _share(part, whole) -> Decimal:
    return HUNDRED * Decimal(part) / Decimal(whole) if whole else Decimal(0)


def _clamped(value: Decimal) -> Decimal:
    return min(max(value, Decimal(0)), HUNDRED).quantize(ONE_DECIMAL, ROUND_HALF_UP)


class _NotYet:
    """An indicator of a 学年 in progress with nothing on record yet."""

    label = "尚无"

    def __str__(self):
        return self.label

    def __repr__(self):
        return "NOT_YET"


NOT_YET = _NotYet()


def nothing_yet(source: str, inputs: dict) -> bool:
    """Whether the records hold nothing yet that the indicator could be scored on."""
    return {
        Source.Z_RISE: inputs.get("z_rise") is None,
        Source.EXCHANGE: not inputs["exchange_counted"],
        Source.PLAN: not inputs["activities_planned"],
        Source.LESSONS: not inputs["lessons_due"],
        Source.PROJECT: inputs["project"] is None,
        Source.DISTINCTIVE: inputs["distinctive"] is None,
    }[source]


def indicator_score(source: str, inputs: dict, full_at: Decimal, *, in_progress: bool = False):
    """`inputs` as assessment.results gathers them (plain numbers, kept with a result): a
    Decimal, None where the indicator does not apply, NOT_YET (only `in_progress`)."""
    if source == Source.EXCHANGE and not ten_percent.binds(inputs["type"]):
        return None
    if source == Source.PROJECT and not projects_apply_to(inputs["type"]):
        return None
    if in_progress and nothing_yet(source, inputs):
        return NOT_YET
    if source == Source.Z_RISE:
        # The main basis (六): the members' mean Z值 rise. No rise scores 50; a rise of
        # `full_at` (the indicator's, else the 学年's reward threshold) scores 100; a fall as large scores 0.
        rise = inputs.get("z_rise")
        if rise is None:
            return Decimal(0)
        return _clamped(50 + 50 * Decimal(str(rise)) / Decimal(full_at))
    if source == Source.EXCHANGE:
        return _clamped(_share(inputs["exchange_compliant"], inputs["exchange_counted"]))
    if source == Source.PLAN:
        return _clamped(_share(inputs["activities_met"], inputs["activities_planned"]))
    if source == Source.LESSONS:
        return _clamped(_share(inputs["lessons_held"], inputs["lessons_due"]))
    if source == Source.PROJECT:
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
