"""The demo head's daily work, filed through the services as a head and the bureau would:
a filing waiting for approval, one approved to start next term, one rejected with its
reason, one withdrawn, and a core teacher at the school whose term ends within 90 days.
So the admin home has something waiting, and the head has messages and records to open."""

import datetime

from django.db.models import Q

from communities.selectors import community_years_in, community_years_of
from exchanges.models import Exchange
from exchanges.services import exchange_approve, exchange_file, exchange_reject, exchange_withdraw
from jiaogongti.school_year import school_year_of
from schools.models import School
from teachers.models import Teacher

MARK = "（演示）"


def live_exchanges(school_name: str, today: datetime.date) -> None:
    school = School.objects.get(name=school_name)
    if Exchange.objects.filter(from_school=school, remark__endswith=MARK).exists():
        return  # loaded before
    _filings_elsewhere(school, today)
    (community_year,) = community_years_of(school, school_year_of(today))
    core = community_year.community.core_school
    next_term = datetime.date(today.year + (today.month >= 3), 3 if today.month < 9 else 2, 1)
    plans = [
        ("申请到核心校跟岗学习，提升课堂教学能力", None),
        ("核心校语文教研组需要补充一名教师", exchange_approve),
        ("本学年家中有困难，申请交流", lambda e: exchange_reject(e, reason="交流时间与本校毕业班教学冲突，建议下学年再申报")),
        ("重复申报", exchange_withdraw),
    ]
    for remark, decide in plans:
        teacher = _free_teacher(school, next_term, next_term.replace(year=next_term.year + 3))
        if teacher is None:
            return
        exchange = exchange_file(
            teacher=teacher, to_school=core, kind=Exchange.Kind.ROTATION, start_date=next_term, remark=remark + MARK
        )
        if decide:
            decide(exchange)
    # A core teacher at the school for a year, ending within 90 days.
    ends = today + datetime.timedelta(days=60)
    starts = ends.replace(year=ends.year - 1) + datetime.timedelta(days=1)
    visiting = _free_teacher(core, starts, ends)
    if visiting is not None:
        exchange = exchange_file(
            teacher=visiting,
            to_school=school,
            kind=Exchange.Kind.SUPPORT,
            start_date=starts,
            planned_end=ends,
            establishment_moved=False,
            remark="支教一年，担任数学教研指导" + MARK,
        )
        exchange_approve(exchange)  # the calendar starts it (setup_demo runs advance_exchanges)


def _free_teacher(school: School, start: datetime.date, end: datetime.date) -> Teacher | None:
    """A teacher of the school, hired before the term, with no record holding any of it."""
    busy = Exchange.objects.filter(status__in=Exchange.LIVE, start_date__lte=end, planned_end__gte=start).values("teacher_id")
    return (
        school.teachers.exclude(pk__in=busy)
        .filter(Q(hire_date__lt=start) | Q(hire_date__isnull=True))
        .order_by("staff_id")
        .first()
    )


def _filings_elsewhere(head_school: School, today: datetime.date) -> None:
    """A filing waiting in a few other 学区 too, so the bureau's queue reads by 学区."""
    start = datetime.date(today.year + (today.month >= 3), 3 if today.month < 9 else 2, 1)
    seen = {head_school.district_id}
    for community_year in community_years_in(school_year_of(today)).select_related("community__core_school").order_by("position"):
        member = community_year.memberships.select_related("school").order_by("position").first()
        if member is None or member.school.district_id in seen:
            continue
        teacher = _free_teacher(member.school, start, start.replace(year=start.year + 3))
        if teacher is not None:
            exchange_file(
                teacher=teacher,
                to_school=community_year.community.core_school,
                kind=Exchange.Kind.ROTATION,
                start_date=start,
                remark="申请到核心校交流三年" + MARK,
            )
            seen.add(member.school.district_id)
        if len(seen) > 3:
            return
