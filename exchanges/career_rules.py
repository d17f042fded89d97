"""Where the plan sends a teacher in their career (四·(五), 五·(二)): a new member-school
teacher shadows at the core for a year; a core school's new teacher goes to a member
after their service term; a core teacher three years in the mountains keeps a 高级职称
quota of their own. Each worked out from the records every time, never stored."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import F

from communities.models import Community, CommunityType
from communities.selectors import SchoolRef, member_rows, members_in, roster_year_among, roster_years, types_and_cores
from jiaogongti.dates import anniversary, last_day_of_years
from jiaogongti.school_year import school_year_end, school_year_of, school_year_start
from policy.figures import figures_for, figures_on, mountain_district_ids
from schools.models import School
from teachers.models import Placement, Teacher

from .models import Exchange

MOUNTAIN_RULE_TYPES = (CommunityType.CO_BUILT, CommunityType.COOPERATIVE)  # 共建型、协作型教共体核心校教师


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
    """Member schools' teachers hired in the 学年 (who joined a member school on their hire
    date: `placements_at_hire`), and whether each has a 跟岗锻炼 of at least one year at the
    community's core school."""
    core_of = {m.school.id: m.core_school for m in member_rows(year)}
    hires = placements_at_hire(members_in(year).values("school_id"), school_year_start(year), school_year_end(year))
    hired_at = dict(hires.values_list("teacher_id", "school_id"))
    # (A subquery, not the ids: a province hires more teachers than SQLite takes in a list.)
    new_teachers = Teacher.objects.filter(pk__in=hires.values("teacher_id")).order_by("name")
    shadowing = defaultdict(list)
    for exchange in Exchange.objects.filter(
        teacher__in=new_teachers, kind=Exchange.Kind.SHADOWING, status__in=Exchange.EFFECTIVE
    ):
        shadowing[exchange.teacher_id].append(exchange)
    checks = []
    min_years = figures_for(year).shadowing_min_years
    for teacher in sorted(new_teachers, key=lambda t: (core_of[hired_at[t.pk]].name, t.name)):
        core = core_of[hired_at[teacher.pk]]
        long_enough = [
            e
            for e in shadowing[teacher.id]
            if e.to_school_id == core.id and e.planned_end >= last_day_of_years(e.start_date, min_years)
        ]
        checks.append(ShadowingCheck(teacher, core, long_enough[0] if long_enough else None))
    return checks


def placements_at_hire(school_ids, first: datetime.date, last: datetime.date):
    """The placements, at one of the schools, of teachers hired from `first` to `last` that
    began on their hire date: where they were new teachers, whatever school they are at now."""
    return Placement.objects.filter(
        school_id__in=school_ids,
        start_date__gte=first,
        start_date__lte=last,
        start_date=F("teacher__hire_date"),
    )


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
    # Hired at a core school (their first placement), and not gone before the 学年.
    cores = members_in(year).values("community_year__community__core_school_id")
    hires = placements_at_hire(cores, school_year_start(first_roster), school_year_end(year))
    hired_at = dict(hires.values_list("teacher_id", "school_id"))
    teachers = (
        Teacher.objects.filter(pk__in=hires.values("teacher_id"))
        .exclude(left_on__lt=school_year_start(year))
        .select_related("school")
        .order_by("name")
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
        service_end = anniversary(teacher.hire_date, service_years)
        if service_end > school_year_end(year):
            continue
        members = members_of[hired_at[teacher.pk]]
        member_ids = {school.id for school in members}
        if not any(to_school in member_ids and start >= service_end for to_school, start in gone[teacher.id]):
            due.append(ServiceTermDue(teacher, service_end, members))
    return due


# --- 高级职称: core-school teachers three years in the mountains (五·(二)) ---------------


@dataclass
class MountainService:
    teacher: Teacher
    current_school: School
    days: int
    years: Fraction  # by the calendar: each 学年 taught whole is one, a part its share of that 学年's days


def mountain_senior_candidates(on: datetime.date) -> list[MountainService]:
    """Core-school teachers of 共建型/协作型 communities who have taught three years or more
    at member schools and still teach in a 山区 school on the given day: their 高级职称
    does not take a member school's quota.

    An exchange's days count in each 学年 its community was 共建型 or 协作型 (types change
    over the years) and the teacher's school was that community's core.
    """
    type_in_year = types_and_cores()
    mountain, needed = mountain_district_ids(school_year_of(on)), figures_on(on).mountain_years
    years_with_roster = sorted({year for _, year in type_in_year})
    days = defaultdict(int)
    served: dict[int, Fraction] = defaultdict(Fraction)
    current = {}
    for exchange in Exchange.objects.filter(
        from_school_id__in=Community.objects.values("core_school_id"),
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
            if community_type not in MOUNTAIN_RULE_TYPES or exchange.from_school_id != core_id:
                continue
            first, last = max(exchange.start_date, school_year_start(year)), min(last_day, school_year_end(year))
            days[exchange.teacher_id] += (last - first).days + 1
            year_days = (school_year_end(year) - school_year_start(year)).days + 1  # 366 with a 29 February
            served[exchange.teacher_id] += Fraction((last - first).days + 1, year_days)
        # "继续在山区学校任教": still teaching there, whatever the community's type now.
        if exchange.start_date <= on <= exchange.planned_end and exchange.to_school.district_id in mountain:
            current[exchange.teacher_id] = exchange
    return sorted(
        (
            MountainService(exchange.teacher, exchange.to_school, days[teacher_id], served[teacher_id])
            for teacher_id, exchange in current.items()
            # Three years by the calendar (a 学年 with a 29 February is one year too), never
            # three blocks of 365 days: from 1 September 2021 they are full on 31 August 2024.
            if served[teacher_id] >= needed
        ),
        key=lambda s: s.teacher.name,
    )
