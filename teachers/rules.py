"""What the exchange policy asks of the communities, computed from the records (四·(五),
五·(三)): the 共建型 members' 10 %, the 优秀 quota of the teachers they received, and the
协作型 core schools that sent no one. (A teacher's own path is in `career_rules`, the
特岗津贴 in `allowance`.)

Nothing here is stored: every figure is worked out from teachers, exchanges and the
roster each time, so it cannot disagree with them.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db.models import F

from communities.models import CommunityType, CommunityYear
from communities.selectors import MemberRow, SchoolRef, member_rows, members_in, roster_year_for
from jiaogongti.db import day_number
from jiaogongti.policy import CO_BUILT_MIN_RATIO, EXCELLENT_EXTRA
from jiaogongti.school_year import school_year_end, school_year_label, school_year_start

from .exchange_rules import COOPERATIVE_CORE_SENDS
from .models import Exchange, Teacher
from .selectors import (
    YearExchanges,
    YearTeachers,
    effective_exchanges_in,
    effective_exchanges_starting_in,
    teachers_of_year,
)

# --- 共建型 10% ---------------------------------------------------------------------------


@dataclass
class ExchangeCompliance:
    school: SchoolRef
    community_type: str
    teachers: int
    exchanged: int

    @property
    def ratio(self) -> float | None:
        return self.exchanged / self.teachers if self.teachers else None

    @property
    def community_type_label(self) -> str:
        return CommunityType(self.community_type).label

    @property
    def applies(self) -> bool:
        return self.community_type == CommunityType.CO_BUILT

    @property
    def compliant(self) -> bool | None:
        """True/False for 共建型 members; None where the rule does not apply (other types) or
        cannot be worked out (no teachers of the 学年 on record)."""
        if not self.applies or not self.teachers:
            return None
        return Decimal(self.exchanged) >= CO_BUILT_MIN_RATIO * self.teachers

    @property
    def compliant_label(self) -> str:
        if not self.applies:
            return "不适用"
        if not self.teachers:  # as the dashboard has it: counted neither way
            return "无法核算"
        return "是" if self.compliant else "否"


def exchange_compliance(
    year: int,
    schools=None,
    *,
    teachers: YearTeachers | None = None,
    exchanges: YearExchanges | None = None,
    members: list[MemberRow] | None = None,
) -> list[ExchangeCompliance]:
    """One row per member school: its teachers and the distinct teachers exchanged to or
    from it in exchanges that start in the 学年 (已批准, 进行中 or 已结束).

    For the whole county, callers that need more than this figure read the year's teachers,
    its exchanges and the member rows once and pass them in."""
    if members is None:
        members = member_rows(year, schools)
    # A subquery, not an id list: a province has more member schools than SQLite takes in an IN list.
    if teachers is None:
        teachers = teachers_of_year(year, Teacher.objects.filter(school_id__in=members_in(year).values("school_id")))
    if schools is not None:  # a few schools: their own exchanges, by the school indexes
        exchanges = effective_exchanges_starting_in(year, members_in(year).filter(school__in=schools).values("school_id"))
    elif exchanges is None:
        exchanges = effective_exchanges_in(year)
    exchanged = exchanged_teachers(exchanges, {m.school.id for m in members}, year)
    return [
        ExchangeCompliance(m.school, m.type, teachers.counts.get(m.school.id, 0), len(exchanged[m.school.id])) for m in members
    ]


def exchanged_teachers(exchanges: YearExchanges, school_ids: set[int], year: int) -> dict[int, set[int]]:
    """School id -> the distinct teachers of exchanges starting in the 学年 that leave or
    reach it (of the given schools)."""
    first, last = day_number(school_year_start(year)), day_number(school_year_end(year))  # as the rows have their dates
    exchanged = defaultdict(set)
    for teacher_id, from_id, to_id, start in zip(
        exchanges.teacher_ids, exchanges.from_school_ids, exchanges.to_school_ids, exchanges.starts
    ):
        if first <= start <= last:  # started in the 学年
            if from_id in school_ids:
                exchanged[from_id].add(teacher_id)
            if to_id in school_ids:
                exchanged[to_id].add(teacher_id)
    return exchanged


# --- “优秀” quota for inflow teachers (五·(三)) ------------------------------------------


def excellent_quota(inflow_teachers: int, base_ratio: Decimal) -> int:
    """Inflow teachers are counted separately, at the base ratio plus five points (rounded half up)."""
    quota = (Decimal(inflow_teachers) * (Decimal(base_ratio) + EXCELLENT_EXTRA)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return min(int(quota), inflow_teachers)


class QuotaRow(NamedTuple):
    school: SchoolRef
    inflow_teachers: int
    quota: int


def excellent_quotas(schools: list[SchoolRef], inflow: dict[int, int], base_ratio: Decimal) -> list[QuotaRow]:
    """The 优秀 quota of each of the schools that received teachers in the 学年 (`inflow`:
    `selectors.inflow_teachers`), at the bureau's base ratio (a fraction)."""
    return [
        QuotaRow(school, inflow[school.id], excellent_quota(inflow[school.id], base_ratio))
        for school in schools
        if inflow.get(school.id)
    ]


# --- 协作型: the core school sends ------------------------------------------------------


class CommunityNote(NamedTuple):
    core_school: str
    message: str


def cooperative_without_core_sending(year: int) -> list[CommunityNote]:
    """The 协作型 communities of the 学年 with no approved, running or finished exchange
    from their core school to a member starting in it: the plan asks the core to send
    teachers (支教), so the bureau is shown a 提示 (the rule book's COOPERATIVE_CORE_SENDS)."""
    roster_year = roster_year_for(year)
    cooperative = list(
        CommunityYear.objects.filter(school_year=roster_year, type=CommunityType.COOPERATIVE)
        .select_related("community__core_school")
        .order_by("position")
    )
    sending = set(
        Exchange.objects.filter(
            status__in=Exchange.EFFECTIVE,
            start_date__range=(school_year_start(year), school_year_end(year)),
            community_id__in=[cy.community_id for cy in cooperative],
            from_school_id=F("community__core_school_id"),
        ).values_list("community_id", flat=True)
    )
    return [
        CommunityNote(
            cy.community.core_school.name,
            COOPERATIVE_CORE_SENDS.says(
                community=f"以{cy.community.core_school.name}为核心校的教共体",
                year=school_year_label(year),
            ),
        )
        for cy in cooperative
        if cy.community_id not in sending
    ]
