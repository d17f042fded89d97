"""The 优秀 quota of the teachers a member school received (实施方案五·(三)): counted
separately from its own teachers, at the bureau's base ratio plus five points."""

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from communities.selectors import SchoolRef


def excellent_quota(inflow_teachers: int, base_ratio: Decimal, extra: Decimal) -> int:
    """Inflow teachers are counted separately, at the base ratio plus the 学年's extra
    points (五·(三): five), rounded half up."""
    quota = (Decimal(inflow_teachers) * (Decimal(base_ratio) + extra)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return min(int(quota), inflow_teachers)


class QuotaRow(NamedTuple):
    school: SchoolRef
    inflow_teachers: int
    quota: int


def excellent_quotas(schools: list[SchoolRef], inflow: dict[int, int], base_ratio: Decimal, extra: Decimal) -> list[QuotaRow]:
    """The 优秀 quota of each of the schools that received teachers in the 学年 (`inflow`:
    `selectors.inflow_teachers`), at the bureau's base ratio (a fraction)."""
    return [
        QuotaRow(school, inflow[school.id], excellent_quota(inflow[school.id], base_ratio, extra))
        for school in schools
        if inflow.get(school.id)
    ]
