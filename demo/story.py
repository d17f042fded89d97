"""Teachers' years in the demo, written through the register as the bureau would: at the
demo head's school one teacher moved to another school of the 学区 two 学年 ago, one
retired at the end of last 学年, and one resigned this 学年 while on an exchange (which
ended that day). So past years show them where they were, and today's lists do not.
And last 学年 closed, with a correction after closing."""

import datetime

from django.db import transaction
from django.utils import timezone

from exchanges.models import Exchange
from jiaogongti.history import changes_because
from jiaogongti.school_year import current_school_year, school_year_start
from policy.figures import district_rates
from policy.models import DistrictRate
from reports.closing import close_year, closure_in_force
from reports.models import YearClosure
from schools.models import District, School
from teachers.departures import record_departure
from teachers.models import LeavingReason, Teacher
from teachers.register import move_teacher

WHY = "演示数据"


@transaction.atomic
def teachers_years(school_name: str) -> list[str]:
    school = School.objects.get(name=school_name)
    if Teacher.objects.filter(placements__end_date__isnull=False, school=school).exists():
        return []  # loaded before
    year = current_school_year()
    staff = list(school.teachers.filter(left_on__isnull=True, hire_date__lt=school_year_start(year - 3)).order_by("staff_id"))
    elsewhere = School.objects.filter(district=school.district).exclude(pk=school.pk).order_by("name").first()
    on_exchange = {e.teacher_id: e for e in Exchange.objects.filter(teacher__in=staff, status=Exchange.Status.IN_PROGRESS)}
    said = []
    with changes_because(WHY):
        idle = [t for t in staff if t.pk not in on_exchange]
        if elsewhere is not None and idle:
            moved = idle.pop()
            move_teacher(moved, elsewhere, school_year_start(year - 2))
            said.append(f"{moved.name} {school_year_start(year - 2)} 调动至{elsewhere.name}")
        if idle:
            retired = idle.pop()
            record_departure(retired, school_year_start(year) - datetime.timedelta(days=1), LeavingReason.RETIRED)
            said.append(f"{retired.name} 上学年末退休")
        if on_exchange:
            resigned = Teacher.objects.get(pk=next(iter(on_exchange)))
            last_day = max(on_exchange[resigned.pk].start_date, school_year_start(year)) + datetime.timedelta(days=30)
            record_departure(resigned, last_day, LeavingReason.RESIGNED)
            said.append(f"{resigned.name} {last_day} 离职（交流同日结束）")
    return said


def closed_year_with_correction(year: int) -> list[str]:
    """Last 学年 closed, then a correction to it: a 高楼 teacher's resignation in its spring,
    reported late. Its report keeps the closed figures and lists the difference."""
    if closure_in_force(year) is not None or YearClosure.objects.filter(school_year=year).exists():
        return []
    closed = close_year(year)
    paid = [district_id for district_id, rate in district_rates(year).items() if rate.per_month]
    late = (
        Teacher.objects.filter(school__district_id__in=paid, left_on__isnull=True)
        .filter(hire_date__lt=school_year_start(year))
        .exclude(exchanges__status__in=Exchange.LIVE)
        .order_by("staff_id")
        .first()
    )
    said = [f"{year}学年已归档（{timezone.localtime(closed.closure.closed_at):%Y-%m-%d}）"]
    if late is not None:
        with changes_because("演示数据：归档后补录的离岗"):
            record_departure(late, datetime.date(year + 1, 3, 31), LeavingReason.RESIGNED)
        said.append(f"归档后补录：{late.name}（{late.school.name}）{year + 1}-03-31 离职，年度报表“归档后变化”列出差异")
    return said


def raised_allowance(year: int) -> list[str]:
    """A 特岗津贴 raised from the 学年 (as 瑞人社〔2015〕91号 was raised by the plan): 高楼's
    800 元/月 becomes 1,000 from `year` on; earlier 学年 keep paying 800."""
    district = District.objects.filter(name="高楼").first()
    if district is None or DistrictRate.objects.filter(district=district, from_year=year).exists():
        return []
    before = district_rates(year).get(district.pk)
    DistrictRate.objects.create(
        district=district,
        from_year=year,
        rural_allowance_per_month=1000,
        is_mountain=before.is_mountain if before else True,
        source="演示数据：假设自本学年起高楼学区特岗津贴提高到每月1000元",
    )
    return [f"高楼学区特岗津贴自{year}学年起 1000 元/月（此前 {before.per_month if before else 0} 元/月，往年不变）"]
