"""The 学年's 考核 scheme: the bureau's, or the documented default it starts from.

What the documents fix (六, 附件1 考核一体/考核捆绑): comprehensive, value-added and
distinctive evaluation, with the rural members' quality the main basis; the 10 % exchange
rule for 共建型 (四·(五)); 项目评估 results entering the assessment (三·(五)). What is a
default of ours, for the bureau to change: the weights below and the 90/80/60 bands."""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction

from policy.figures import figures_for

from .models import Indicator, Scheme, Source


class IndicatorSpec(NamedTuple):
    name: str
    source: str
    weight: Decimal
    full_at: Decimal | None = None


DEFAULT_INDICATORS = [
    IndicatorSpec("增值评价", Source.Z_RISE, Decimal(40), Decimal(5)),
    IndicatorSpec("教师交流", Source.EXCHANGE, Decimal(15)),
    IndicatorSpec("活动开展", Source.PLAN, Decimal(15)),
    IndicatorSpec("同步课堂", Source.LESSONS, Decimal(10)),
    IndicatorSpec("项目评估", Source.PROJECT, Decimal(10)),
    IndicatorSpec("特色评价", Source.DISTINCTIVE, Decimal(10)),
]


@dataclass(frozen=True)
class SchemeInForce:
    """The scheme a 学年 is scored under: the bureau's for that 学年, else the previous
    学年's, else the default. Reading it writes nothing."""

    school_year: int
    excellent_min: Decimal
    good_min: Decimal
    pass_min: Decimal
    indicators: tuple[IndicatorSpec, ...]
    stored: bool  # the bureau has this 学年's own
    rise_for_reward: Decimal  # the 学年's (政策参数): a Z值 rise indicator's full mark unless it sets its own


DEFAULT_BANDS = (Decimal(90), Decimal(80), Decimal(60))


def scheme_of(year: int) -> SchemeInForce:
    rise_for_reward = figures_for(year).rise_for_reward
    scheme = Scheme.objects.filter(school_year__lte=year).order_by("-school_year").prefetch_related("indicators").first()
    if scheme is None:
        return SchemeInForce(year, *DEFAULT_BANDS, tuple(DEFAULT_INDICATORS), stored=False, rise_for_reward=rise_for_reward)
    specs = tuple(IndicatorSpec(i.name, i.source, i.weight, i.full_at) for i in scheme.indicators.all())
    return SchemeInForce(
        year,
        scheme.excellent_min,
        scheme.good_min,
        scheme.pass_min,
        specs,
        stored=scheme.school_year == year,
        rise_for_reward=rise_for_reward,
    )


@transaction.atomic
def scheme_for(year: int) -> Scheme:
    """The 学年's own scheme for the bureau to edit: made from the one in force the first
    time it is asked for."""
    in_force = scheme_of(year)
    scheme, made = Scheme.objects.get_or_create(
        school_year=year,
        defaults={"excellent_min": in_force.excellent_min, "good_min": in_force.good_min, "pass_min": in_force.pass_min},
    )
    if made:
        Indicator.objects.bulk_create(
            Indicator(scheme=scheme, name=spec.name, source=spec.source, weight=spec.weight, full_at=spec.full_at, position=n)
            for n, spec in enumerate(in_force.indicators)
        )
    return scheme


def scheme_snapshot(scheme: SchemeInForce) -> dict:
    """The scheme as a result keeps it (plain JSON)."""
    return {
        "bands": {"excellent_min": str(scheme.excellent_min), "good_min": str(scheme.good_min), "pass_min": str(scheme.pass_min)},
        "indicators": [
            {
                "name": i.name,
                "source": i.source,
                "weight": str(i.weight),
                "full_at": None if i.full_at is None else str(i.full_at),
            }
            for i in scheme.indicators
        ],
    }
