"""The exchange policy's consequences, computed from the records (四·(五), 五·(二)(三)(六)).

Nothing here is stored: every figure is worked out from teachers, exchanges and the
roster each time, so it cannot disagree with them.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db.models import F, Q

from communities.models import Community, CommunityType, CommunityYear
from communities.selectors import (
    MemberRow,
    SchoolRef,
    member_rows,
    members_in,
    roster_year_among,
    roster_year_for,
    roster_years,
    types_and_cores,
)
from jiaogongti.db import day_number
from jiaogongti.policy import CO_BUILT_MIN_RATIO, EXCELLENT_EXTRA, MOUNTAIN_YEARS, SHADOWING_MIN_DAYS
from jiaogongti.school_year import school_year_end, school_year_label, school_year_months, school_year_of, school_year_start
from schools.models import District, School

from .allowance import MonthMasks, movements, school_counts
from .exchange_rules import COOPERATIVE_CORE_SENDS
from .models import Exchange, Teacher
from .selectors import YearExchanges, YearTeachers, effective_exchanges_in, teachers_of_year, year_exchanges_of

MOUNTAIN_RULE_TYPES = (CommunityType.CO_BUILT, CommunityType.COOPERATIVE)  # 共建型、协作型教共体核心校教师


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
    member_ids = {m.school.id for m in members}
    # A subquery, not an id list: a province has more member schools than SQLite takes in an IN list.
    if teachers is None:
        teachers = teachers_of_year(year, Teacher.objects.filter(school_id__in=members_in(year).values("school_id")))
    first_day, last_day = school_year_start(year), school_year_end(year)
    exchanged = defaultdict(set)
    if schools is not None:  # a few schools: their own exchanges, by the school indexes
        chosen = members_in(year).filter(school__in=schools).values("school_id")
        exchanges = year_exchanges_of(
            Exchange.objects.filter(
                Q(from_school_id__in=chosen) | Q(to_school_id__in=chosen),
                status__in=Exchange.EFFECTIVE,
                start_date__gte=first_day,
                start_date__lte=last_day,
            )
        )
    elif exchanges is None:
        exchanges = effective_exchanges_in(year)
    first, last = day_number(first_day), day_number(last_day)  # as the rows have their dates
    for teacher_id, from_id, to_id, start in zip(
        exchanges.teacher_ids, exchanges.from_school_ids, exchanges.to_school_ids, exchanges.starts
    ):
        if first <= start <= last:  # started in the 学年
            if from_id in member_ids:
                exchanged[from_id].add(teacher_id)
            if to_id in member_ids:
                exchanged[to_id].add(teacher_id)
    return [
        ExchangeCompliance(m.school, m.type, teachers.counts.get(m.school.id, 0), len(exchanged[m.school.id])) for m in members
    ]


# --- New teachers shadow at the core school for a year -----------------------------------


@dataclass
class ShadowingCheck:
    teacher: Teacher
    core_school: SchoolRef
    shadowing: Exchange | None

    @property
    def ok(self) -> bool:
        return self.shadowing is not None


def shadowing_checks(year: int) -> list[ShadowingCheck]:
    """Member schools' teachers hired in the 学年, and whether each has a 跟岗锻炼 of at
    least one year at the community's core school."""
    core_of = {m.school.id: m.core_school for m in member_rows(year)}
    new_teachers = (
        Teacher.objects.filter(
            school_id__in=members_in(year).values("school_id"),
            hire_date__gte=school_year_start(year),
            hire_date__lte=school_year_end(year),
        )
        .select_related("school")
        .order_by("school__name", "name")
    )
    shadowing = defaultdict(list)
    for exchange in Exchange.objects.filter(
        teacher__in=new_teachers, kind=Exchange.Kind.SHADOWING, status__in=Exchange.EFFECTIVE
    ):
        shadowing[exchange.teacher_id].append(exchange)
    checks = []
    for teacher in new_teachers:
        core = core_of[teacher.school_id]
        long_enough = [
            e
            for e in shadowing[teacher.id]
            if e.to_school_id == core.id and (e.planned_end - e.start_date).days + 1 >= SHADOWING_MIN_DAYS
        ]
        checks.append(ShadowingCheck(teacher, core, long_enough[0] if long_enough else None))
    return checks


# --- Core-school new teachers go to a member school after their service term -------------


@dataclass
class ServiceTermDue:
    teacher: Teacher
    service_end: datetime.date
    members: list[SchoolRef]  # where they may go: the members of the communities their school leads


def core_new_teachers_due(year: int, service_years: int) -> list[ServiceTermDue]:
    """核心校招聘的新教师服务期满后，须交流到成员校（校区）工作 (四·(五)).

    Core-school teachers hired since the first roster whose service term (hire date plus
    `service_years`, which the bureau sets: the documents give no length) has ended by the
    end of the 学年, and who have no exchange (已批准, 进行中 or 已结束) to a member of
    their school's communities starting after it.
    """
    years = roster_years()  # newest first
    if not years:
        return []
    first_roster = years[-1]
    members_of = defaultdict(list)  # core school id -> its members in the 学年
    for member in member_rows(year):
        members_of[member.core_school.id].append(member.school)
    teachers = (
        Teacher.objects.filter(school_id__in=list(members_of), hire_date__gte=school_year_start(first_roster))
        .select_related("school")
        .order_by("school__name", "name")
    )
    gone = defaultdict(list)  # teacher id -> (receiving school id, start) of their exchanges
    for teacher_id, to_school, start in (
        Exchange.objects.filter(teacher__in=teachers, status__in=Exchange.EFFECTIVE)
        .order_by()
        .values_list("teacher_id", "to_school_id", "start_date")
    ):
        gone[teacher_id].append((to_school, start))
    due = []
    for teacher in teachers:
        service_end = _years_after(teacher.hire_date, service_years)
        if service_end > school_year_end(year):
            continue
        member_ids = {school.id for school in members_of[teacher.school_id]}
        if not any(to_school in member_ids and start >= service_end for to_school, start in gone[teacher.id]):
            due.append(ServiceTermDue(teacher, service_end, members_of[teacher.school_id]))
    return due


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- 高级职称: core-school teachers three years in the mountains (五·(二)) ---------------


@dataclass
class MountainService:
    teacher: Teacher
    current_school: School
    days: int

    @property
    def years(self) -> float:
        return self.days / 365.25


def mountain_senior_candidates(on: datetime.date) -> list[MountainService]:
    """Core-school teachers of 共建型/协作型 communities who have taught three years or more
    at member schools and still teach in a 山区 school on the given day: their 高级职称
    does not take a member school's quota.

    An exchange's days count in each 学年 its community was 共建型 or 协作型 (types change
    over the years) and the teacher's school was that community's core.
    """
    type_in_year = types_and_cores()
    years_with_roster = sorted({year for _, year in type_in_year})
    days = defaultdict(int)
    current = {}
    for exchange in Exchange.objects.filter(
        teacher__school_id__in=Community.objects.values("core_school_id"),
        status__in=Exchange.EFFECTIVE,
        start_date__lte=on,
        community__isnull=False,
    ).select_related("to_school__district", "teacher__establishment_school"):
        last_day = min(exchange.planned_end, on)
        # The days in each 学年 the exchange runs in count when that year's type qualifies.
        for year in range(school_year_of(exchange.start_date), school_year_of(last_day) + 1):
            community_type, core_id = type_in_year.get(
                (exchange.community_id, roster_year_among(years_with_roster, year)), (None, None)
            )
            if community_type not in MOUNTAIN_RULE_TYPES or exchange.teacher.school_id != core_id:
                continue
            first, last = max(exchange.start_date, school_year_start(year)), min(last_day, school_year_end(year))
            days[exchange.teacher_id] += (last - first).days + 1
        # "继续在山区学校任教": still teaching there, whatever the community's type now.
        if exchange.start_date <= on <= exchange.planned_end and exchange.to_school.district.is_mountain:
            current[exchange.teacher_id] = exchange
    return sorted(
        (
            MountainService(exchange.teacher, exchange.to_school, days[teacher_id])
            for teacher_id, exchange in current.items()
            if days[teacher_id] >= MOUNTAIN_YEARS * 365
        ),
        key=lambda s: s.teacher.name,
    )


# --- “优秀” quota for inflow teachers (五·(三)) ------------------------------------------


def excellent_quota(inflow_teachers: int, base_ratio: Decimal) -> int:
    """Inflow teachers are counted separately, at the base ratio plus five points (rounded half up)."""
    quota = (Decimal(inflow_teachers) * (Decimal(base_ratio) + EXCELLENT_EXTRA)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return min(int(quota), inflow_teachers)


# --- 特岗津贴 (五·(六)) --------------------------------------------------------------------


@dataclass
class AllowanceRow:
    school: SchoolRef
    district: District
    teachers: int
    teacher_months: int

    @property
    def monthly_rate(self) -> int:
        return self.district.rural_allowance_per_month

    @property
    def amount(self) -> int:
        return self.teacher_months * self.monthly_rate


def rural_allowances(
    year: int, *, teachers: YearTeachers | None = None, exchanges: YearExchanges | None = None
) -> list[AllowanceRow]:
    """Per school in a 学区 with a 特岗津贴 rate, over September `year` to August `year+1`
    (who counts in which month: `teachers.allowance`)."""
    masks = MonthMasks([day_number(month) for month in school_year_months(year)])  # as the rows have their dates
    districts = {d.id: d for d in District.objects.filter(rural_allowance_per_month__gt=0)}
    in_allowance_district = School.objects.filter(district_id__in=list(districts))
    schools = {row[0]: SchoolRef(*row) for row in in_allowance_district.order_by().values_list("id", "name", "district_id")}
    moved = movements(effective_exchanges_in(year) if exchanges is None else exchanges, set(schools), masks)
    if teachers is None:
        teachers = teachers_of_year(year, Teacher.objects.filter(school__in=in_allowance_district))
    counts = school_counts(schools, teachers, moved, masks)
    return sorted(
        (AllowanceRow(school, districts[school.district_id], *counts[school_id]) for school_id, school in schools.items()),
        key=lambda row: (row.district.name, row.school.name),
    )


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
