"""What the years did for a teacher's career (domain.md, "A teacher's years"; 五·(一)–(四)),
worked out from the records every time, never typed: where they taught month by month,
what of it counts as 农村学校任教经历, their 岗位等级 around each exchange, and their yearly
考核 while on exchange. The teacher's page and the 交流任教经历证明 show it."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format

from communities.models import CommunityType
from communities.selectors import members_in, roster_year_among, roster_years, types_and_cores
from jiaogongti.school_year import school_year_end, school_year_of, school_year_start
from policy.figures import figures_for, mountain_district_ids
from schools.models import School
from teachers.models import Placement, PostGrade, Teacher
from teachers.register import placements_of

from .excellent_quota import excellent_quota
from .models import AppraisalGrade, Exchange, ExchangeAppraisal
from .selectors import inflow_teachers

ONE_DAY = datetime.timedelta(days=1)


@dataclass
class MonthTally:
    """Months counted where the teacher taught on each month's first day (as the 特岗津贴
    counts them)."""

    rural: int = 0  # at a 乡村 school
    deemed_rural: int = 0  # 视同 (五·(二)): on exchange from a 城区 school to a 镇区 school
    member: int = 0  # at a member school of a community that 学年
    mountain: int = 0  # at a school of a 山区 学区 that 学年
    total: int = 0

    @property
    def rural_experience(self) -> int:
        """农村学校任教经历: 乡村 schools, and exchanges that count as such."""
        return self.rural + self.deemed_rural


@dataclass
class ExchangeStep:
    exchange: Exchange
    community_type: str | None  # that 学年's
    grade_before: PostGrade | None
    grade_after: PostGrade | None
    appraisals: list[ExchangeAppraisal] = field(default_factory=list)

    @property
    def grade_fell(self) -> bool:
        """五·(一) 单向控制: between 共建型 schools the 岗位等级 may not fall (a higher number
        is a lower grade)."""
        return (
            self.community_type == CommunityType.CO_BUILT
            and self.grade_before is not None
            and self.grade_after is not None
            and self.grade_after.level > self.grade_before.level
        )


@dataclass
class Career:
    teacher: Teacher
    placements: list[Placement]
    steps: list[ExchangeStep]
    months: MonthTally
    on: datetime.date  # counted up to this day

    @property
    def begun(self) -> list[ExchangeStep]:
        """The exchanges begun by the day counted to: what a certificate may attest."""
        return [step for step in self.steps if step.exchange.start_date <= self.on]

    @property
    def notes(self) -> list[str]:
        return [
            f"{date_format(step.exchange.start_date)} 起的共建型交流后岗位等级由{step.grade_before.get_level_display()}"
            f"降为{step.grade_after.get_level_display()}：按实施方案五·（一），交流教师岗位等级由派出学校单向控制，不应降低。"
            for step in self.steps
            if step.grade_fell
        ]


def career_of(teacher: Teacher, on: datetime.date) -> Career:
    """The teacher's career up to `on` (their 离岗日期 if earlier)."""
    last_day = min(on, teacher.left_on) if teacher.left_on else on
    placements = placements_of(teacher)
    exchanges = list(
        teacher.exchanges.filter(status__in=Exchange.EFFECTIVE)
        .select_related("from_school__district", "to_school__district", "community")
        .prefetch_related("appraisals")
        .order_by("start_date")
    )
    grades = list(teacher.post_grades.order_by("since"))
    type_in_year, years_with_roster = types_and_cores(), sorted(roster_years())

    def grade_on(day: datetime.date) -> PostGrade | None:
        held = [grade for grade in grades if grade.since <= day]
        return held[-1] if held else None

    steps = []
    for exchange in exchanges:
        year = school_year_of(exchange.start_date)
        community_type = type_in_year.get((exchange.community_id, roster_year_among(years_with_roster, year)), (None,))[0]
        after_day = min(exchange.planned_end + ONE_DAY, max(on, exchange.start_date))
        steps.append(
            ExchangeStep(
                exchange,
                community_type,
                grade_on(exchange.start_date - ONE_DAY) or grade_on(exchange.start_date),
                grade_on(after_day),
                sorted(exchange.appraisals.all(), key=lambda a: a.school_year),
            )
        )
    return Career(teacher, placements, steps, _months(placements, exchanges, last_day), last_day)


def _months(placements: list[Placement], exchanges: list[Exchange], last_day: datetime.date) -> MonthTally:
    tally = MonthTally()
    if not placements:
        return tally
    first_day = placements[0].start_date or (exchanges[0].start_date if exchanges else None)
    if first_day is None:
        return tally  # nothing dated: no month can be counted
    schools = {s.pk: s for s in School.objects.filter(pk__in={p.school_id for p in placements})}
    members, mountains = {}, {}
    month = first_day.replace(day=1)
    if month < first_day:
        month = _next_month(month)
    while month <= last_day:
        exchange = next((e for e in exchanges if e.start_date <= month <= e.planned_end), None)
        placement = next(
            (
                p
                for p in placements
                if (p.start_date is None or p.start_date <= month) and (p.end_date is None or month <= p.end_date)
            ),
            None,
        )
        if placement is not None:  # 在职 that day: where they taught, by exchange or at their school
            school = exchange.to_school if exchange else schools[placement.school_id]
            year = school_year_of(month)
            if year not in members:
                members[year] = set(members_in(year).values_list("school_id", flat=True))
                mountains[year] = mountain_district_ids(year)
            tally.total += 1
            if school.locality == School.Locality.RURAL:
                tally.rural += 1
            elif (
                exchange is not None
                and exchange.from_school.locality == School.Locality.URBAN
                and school.locality == School.Locality.TOWN
            ):
                tally.deemed_rural += 1
            tally.member += school.pk in members[year]
            tally.mountain += school.district_id in mountains[year]
        month = _next_month(month)
    return tally


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def months_text(months: int) -> str:
    years, rest = divmod(months, 12)
    if not years:
        return f"{rest} 个月"
    return f"{years} 年" + (f" {rest} 个月" if rest else "") + f"（{months} 个月）"


# --- the receiving school's yearly 考核 of its exchange teachers -------------------------------


def appraisable(school: School, year: int):
    """The exchanges (已批准, 进行中 or 已结束) that brought a teacher to the school during
    the 学年: the teachers it gives a yearly 考核."""
    first = school_year_start(year)
    return (
        Exchange.objects.filter(
            to_school=school,
            status__in=Exchange.EFFECTIVE,
            start_date__lte=school_year_end(year),
            planned_end__gte=first,
        )
        .select_related("teacher", "from_school")
        .order_by("teacher__name")
    )


def inflow_excellent_quota(school: School, year: int) -> int:
    """五·(三): the 优秀 places for the teachers the school received in the 学年, counted
    apart from its own: their number × (the base ratio + the extra points), rounded."""
    figures = figures_for(year)
    return excellent_quota(inflow_count(school, year), figures.excellent_base, figures.excellent_extra)


def inflow_count(school: School, year: int) -> int:
    """The teachers the school received in the 学年 (as 政策核算 counts them)."""
    return inflow_teachers(year, [school.pk]).get(school.pk, 0)


@transaction.atomic
def record_appraisal(exchange: Exchange, year: int, grade: str, *, by=None) -> ExchangeAppraisal:
    """The receiving school records an exchange teacher's 考核 of the 学年. 优秀 beyond the
    school's inflow quota is refused, naming the quota."""
    # The receiving school's row: two of its staff recording 优秀 at once count one after
    # the other against the same quota.
    School.objects.select_for_update().filter(pk=exchange.to_school_id).first()
    if grade not in AppraisalGrade.values:
        raise ValidationError("请选择年度考核等次。")
    if not appraisable(exchange.to_school, year).filter(pk=exchange.pk).exists():
        raise ValidationError(f"该教师 {year}学年 不在本校交流，不能由本校考核。")
    same_year = ExchangeAppraisal.objects.filter(exchange__to_school=exchange.to_school, school_year=year)
    if grade == AppraisalGrade.EXCELLENT:
        quota = inflow_excellent_quota(exchange.to_school, year)
        others = same_year.filter(grade=AppraisalGrade.EXCELLENT).exclude(exchange=exchange).count()
        if others >= quota:
            raise ValidationError(
                f"本校 {year}学年 流入教师的“优秀”名额为 {quota} 名（单列核算，实施方案五·（三）），已用 {others} 名，不能再评优秀。"
            )
    appraisal, _ = ExchangeAppraisal.objects.update_or_create(
        exchange=exchange, school_year=year, defaults={"grade": grade, "recorded_by": by}
    )
    return appraisal


def excellent_exchange_teachers(year: int):
    """五·(四): the exchange teachers appraised 优秀 in the 学年, for cadre promotion."""
    return (
        ExchangeAppraisal.objects.filter(school_year=year, grade=AppraisalGrade.EXCELLENT)
        .select_related("exchange__teacher", "exchange__to_school", "exchange__from_school")
        .order_by("exchange__teacher__name")
    )


def career_page_context(teacher: Teacher, on: datetime.date) -> dict:
    """What the teacher's page and the certificate show (the admin's and the portal's alike)."""
    career = career_of(teacher, on)
    months = career.months
    return {
        "teacher": teacher,
        "career": career,
        "months": months,
        "rural": months_text(months.rural),
        "deemed": months_text(months.deemed_rural),
        "experience": months_text(months.rural_experience),
        "mountain": months_text(months.mountain),
    }
