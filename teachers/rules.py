"""The exchange policy's consequences, computed from the records (四·(五), 五·(二)(三)(六)).

Nothing here is stored: every figure is worked out from teachers, exchanges and the
roster each time, so it cannot disagree with them.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from communities.models import CommunityType, Membership
from communities.selectors import members_in
from schools.models import School
from schools.school_year import school_year_end, school_year_months, school_year_start

from .models import Exchange, Teacher

CO_BUILT_MIN_RATIO = Decimal("0.10")  # 共建型: 每年按不低于成员校在职人数10%的比例流动
SHADOWING_MIN_DAYS = 365  # 成员校新教师须在核心校跟岗锻炼一年及以上
MOUNTAIN_YEARS = 3  # 核心校教师到成员校任教满三年且继续在山区任教
EXCELLENT_EXTRA = Decimal("0.05")  # 流入教师“优秀”比例上浮五个百分点


def _memberships(year: int):
    return members_in(year).select_related(
        "school", "community_year__community__core_school"
    )


# --- 共建型 10% ---------------------------------------------------------------------------


@dataclass
class ExchangeCompliance:
    school: School
    community_type: str
    teachers: int
    exchanged: int

    @property
    def ratio(self) -> float | None:
        return self.exchanged / self.teachers if self.teachers else None

    @property
    def applies(self) -> bool:
        return self.community_type == CommunityType.CO_BUILT

    @property
    def compliant(self) -> bool | None:
        """True/False for 共建型 members, None (不适用) for the other types."""
        if not self.applies:
            return None
        return self.teachers > 0 and Decimal(self.exchanged) >= CO_BUILT_MIN_RATIO * self.teachers

    @property
    def compliant_label(self) -> str:
        return {True: "是", False: "否", None: "不适用"}[self.compliant]


def exchange_compliance(year: int, schools=None) -> list[ExchangeCompliance]:
    """One row per member school: its teachers and the distinct teachers exchanged to or
    from it in exchanges that start in the 学年 (已批准, 进行中 or 已结束)."""
    memberships = _memberships(year).order_by("community_year__position", "position")
    if schools is not None:
        memberships = memberships.filter(school__in=schools)
    memberships = list(memberships)
    school_ids = [m.school_id for m in memberships]
    teacher_counts = dict(
        Teacher.objects.filter(school_id__in=school_ids).values("school_id").annotate(n=Count("id")).values_list("school_id", "n")
    )
    exchanged = defaultdict(set)
    for teacher_id, from_id, to_id in Exchange.objects.filter(
        status__in=Exchange.EFFECTIVE,
        start_date__gte=school_year_start(year),
        start_date__lte=school_year_end(year),
    ).filter(Q(from_school_id__in=school_ids) | Q(to_school_id__in=school_ids)).values_list("teacher_id", "from_school_id", "to_school_id"):
        exchanged[from_id].add(teacher_id)
        exchanged[to_id].add(teacher_id)
    return [
        ExchangeCompliance(m.school, m.community_year.type, teacher_counts.get(m.school_id, 0), len(exchanged[m.school_id]))
        for m in memberships
    ]


# --- New teachers shadow at the core school for a year -----------------------------------


@dataclass
class ShadowingCheck:
    teacher: Teacher
    core_school: School
    shadowing: Exchange | None

    @property
    def ok(self) -> bool:
        return self.shadowing is not None


def shadowing_checks(year: int) -> list[ShadowingCheck]:
    """Member schools' teachers hired in the 学年, and whether each has a 跟岗锻炼 of at
    least one year at the community's core school."""
    core_of = {m.school_id: m.community_year.community.core_school for m in _memberships(year)}
    new_teachers = Teacher.objects.filter(
        school_id__in=core_of, hire_date__gte=school_year_start(year), hire_date__lte=school_year_end(year)
    ).select_related("school").order_by("school__name", "name")
    shadowing = defaultdict(list)
    for exchange in Exchange.objects.filter(
        teacher__in=new_teachers, kind=Exchange.Kind.SHADOWING, status__in=Exchange.EFFECTIVE
    ):
        shadowing[exchange.teacher_id].append(exchange)
    checks = []
    for teacher in new_teachers:
        core = core_of[teacher.school_id]
        long_enough = [
            e for e in shadowing[teacher.id]
            if e.to_school_id == core.id and (e.planned_end - e.start_date).days + 1 >= SHADOWING_MIN_DAYS
        ]
        checks.append(ShadowingCheck(teacher, core, long_enough[0] if long_enough else None))
    return checks


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
    does not take a member school's quota."""
    core_ids = set(
        Membership.objects.filter(
            community_year__type__in=[CommunityType.CO_BUILT, CommunityType.COOPERATIVE]
        ).values_list("core_school_id", flat=True)
    )
    days = defaultdict(int)
    current = {}
    for exchange in Exchange.objects.filter(
        teacher__school_id__in=core_ids,
        status__in=Exchange.EFFECTIVE,
        start_date__lte=on,
        community__years__type__in=[CommunityType.CO_BUILT, CommunityType.COOPERATIVE],
    ).distinct().select_related("to_school__district", "teacher"):
        days[exchange.teacher_id] += (min(exchange.planned_end, on) - exchange.start_date).days + 1
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


def inflow_teachers(year: int) -> dict[int, int]:
    """Member school id -> distinct teachers who taught there by exchange during the 学年."""
    member_ids = [m.school_id for m in _memberships(year)]
    inflow = defaultdict(set)
    for teacher_id, school_id in Exchange.objects.filter(
        to_school_id__in=member_ids,
        status__in=Exchange.EFFECTIVE,
        start_date__lte=school_year_end(year),
        planned_end__gte=school_year_start(year),
    ).values_list("teacher_id", "to_school_id"):
        inflow[school_id].add(teacher_id)
    return {school_id: len(teachers) for school_id, teachers in inflow.items()}


# --- 特岗津贴 (五·(六)) --------------------------------------------------------------------


@dataclass
class AllowanceRow:
    school: School
    monthly_rate: int
    teachers: int
    teacher_months: int

    @property
    def amount(self) -> int:
        return self.teacher_months * self.monthly_rate


def rural_allowances(year: int) -> list[AllowanceRow]:
    """Per school in a 学区 with a 特岗津贴 rate, over September `year` to August `year+1`.

    A teacher counts in a month for the school where they teach on its first day: the
    receiving school of an effective exchange covering that day, else their own school.
    """
    months = school_year_months(year)
    allowance_schools = {
        s.id: s for s in School.objects.filter(district__rural_allowance_per_month__gt=0).select_related("district")
    }
    teacher_months = defaultdict(int)
    teachers = defaultdict(set)

    exchanges_by_teacher = defaultdict(list)
    for teacher_id, own_school, to_school, start, end in Exchange.objects.filter(
        status__in=Exchange.EFFECTIVE, start_date__lte=months[-1], planned_end__gte=months[0]
    ).values_list("teacher_id", "teacher__school_id", "to_school_id", "start_date", "planned_end"):
        exchanges_by_teacher[teacher_id].append((own_school, to_school, start, end))

    # Teachers on an exchange this year: month by month.
    for teacher_id, exchanges in exchanges_by_teacher.items():
        own_school = exchanges[0][0]
        for month in months:
            school_id = next((to for _, to, start, end in exchanges if start <= month <= end), own_school)
            if school_id in allowance_schools:
                teacher_months[school_id] += 1
                teachers[school_id].add(teacher_id)

    # Everybody else teaches all twelve months at their own school: counted in the database.
    staying = dict(
        Teacher.objects.filter(school_id__in=allowance_schools)
        .exclude(id__in=exchanges_by_teacher.keys())
        .values("school_id")
        .annotate(n=Count("id"))
        .values_list("school_id", "n")
    )
    return sorted(
        (
            AllowanceRow(
                school,
                school.district.rural_allowance_per_month,
                teachers=len(teachers[school_id]) + staying.get(school_id, 0),
                teacher_months=teacher_months[school_id] + staying.get(school_id, 0) * len(months),
            )
            for school_id, school in allowance_schools.items()
        ),
        key=lambda row: (row.school.district.name, row.school.name),
    )
