"""The 共建型 members' 10 % (实施方案四·(五)): each year the teachers exchanged to or from
a 共建型 member school are at least 10 % of its teachers. The one place that knows the
rule: whom it binds (`binds`), what counts (`exchange_compliance`), by the 学年's records.

Nothing here is stored: every figure is worked out from teachers, exchanges and the
roster each time, so it cannot disagree with them. (A teacher's own path is in
`career_rules`, the 特岗津贴 in `allowance`, the 优秀 quota in `excellent_quota`.)
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from communities.models import CommunityType
from communities.selectors import MemberRow, SchoolRef, member_rows, members_in
from jiaogongti.db import day_number
from jiaogongti.school_year import school_year_end, school_year_start
from policy.figures import figures_for
from teachers.register import YearTeachers, year_teachers

from .selectors import YearExchanges, effective_exchanges_in, effective_exchanges_starting_in


def binds(community_type: str) -> bool:
    """The rule binds the member schools of 共建型 communities only."""
    return community_type == CommunityType.CO_BUILT


@dataclass
class ExchangeCompliance:
    school: SchoolRef
    community_type: str
    teachers: int
    exchanged: int
    min_ratio: Decimal  # the 学年's (四·(五): 10 %)

    @property
    def ratio(self) -> float | None:
        return self.exchanged / self.teachers if self.teachers else None

    @property
    def community_type_label(self) -> str:
        return CommunityType(self.community_type).label

    @property
    def applies(self) -> bool:
        return binds(self.community_type)

    @property
    def at_ratio(self) -> bool:
        """The exchanged teachers reach the ratio, whatever the community's type (what a
        协作型 member would be held to as 共建型: the planner's what-if)."""
        return bool(self.teachers) and Decimal(self.exchanged) >= self.min_ratio * self.teachers

    @property
    def compliant(self) -> bool | None:
        """True/False for 共建型 members; None where the rule does not apply (other types) or
        cannot be worked out (no teachers of the 学年 on record)."""
        if not self.applies or not self.teachers:
            return None
        return self.at_ratio

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
    """One row per member school: its teachers 在职 there on the 学年's first day, and the
    distinct teachers exchanged to or from it in exchanges that start in the 学年 (已批准,
    进行中 or 已结束).

    For the whole county, callers that need more than this figure read the year's teachers,
    its exchanges and the member rows once and pass them in."""
    if members is None:
        members = member_rows(year, schools)
    # A subquery, not an id list: a province has more member schools than SQLite takes in an IN list.
    if teachers is None:
        teachers = year_teachers(year, members_in(year).values("school_id"))
    if schools is not None:  # a few schools: their own exchanges, by the school indexes
        exchanges = effective_exchanges_starting_in(year, members_in(year).filter(school__in=schools).values("school_id"))
    elif exchanges is None:
        exchanges = effective_exchanges_in(year)
    exchanged = exchanged_teachers(exchanges, {m.school.id for m in members}, year)
    min_ratio = figures_for(year).co_built_min_ratio
    return [
        ExchangeCompliance(m.school, m.type, teachers.first_day.get(m.school.id, 0), len(exchanged[m.school.id]), min_ratio)
        for m in members
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
