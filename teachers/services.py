"""Writes on exchanges: filing, the bureau's decision, and the life after it.

Every rule that refuses an exchange is here, with its message in Chinese, so the portal,
the admin and the importer refuse the same things the same way.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from communities.models import Community
from communities.selectors import community_years_in
from schools.models import School
from schools.school_year import school_year_of

from .models import Exchange, Teacher, three_year_term_end

NOT_OWN_TEACHER = "该教师不属于派出学校，不能由派出学校申报交流。"
SAME_SCHOOL = "派出学校和接收学校不能相同。"
END_BEFORE_START = "结束日期不能早于开始日期。"
OVERLAP = "该教师在 {start} 至 {end} 已有一条交流记录（{status}），时间不能重叠。"
NOT_IN_COMMUNITY = "接收学校与派出学校在 {year}学年不属于同一个教共体。"
REASON_REQUIRED = "驳回必须填写理由。"
BAD_TRANSITION = "当前状态为「{status}」，不能{action}。"

# status -> the statuses it may move to
TRANSITIONS = {
    Exchange.Status.FILED: {Exchange.Status.APPROVED, Exchange.Status.REJECTED, Exchange.Status.WITHDRAWN},
    Exchange.Status.APPROVED: {Exchange.Status.IN_PROGRESS, Exchange.Status.FINISHED},
    Exchange.Status.IN_PROGRESS: {Exchange.Status.FINISHED},
}


def community_of(school_a: School, school_b: School, year: int) -> Community | None:
    """The community both schools belong to (as core or member) in the 学年, if any."""
    for community_year in community_years_in(year).select_related("community").prefetch_related("memberships"):
        schools = {community_year.community.core_school_id, *(m.school_id for m in community_year.memberships.all())}
        if school_a.id in schools and school_b.id in schools:
            return community_year.community
    return None


def check_exchange(exchange: Exchange) -> None:
    """Raise ValidationError (Chinese) if the exchange breaks a rule; used before every save."""
    errors = []
    if exchange.from_school_id == exchange.to_school_id:
        errors.append(SAME_SCHOOL)
    if exchange.planned_end and exchange.start_date and exchange.planned_end < exchange.start_date:
        errors.append(END_BEFORE_START)
    if exchange.status in Exchange.LIVE:
        clash = (
            Exchange.objects.filter(
                teacher_id=exchange.teacher_id,
                status__in=Exchange.LIVE,
                start_date__lte=exchange.planned_end,
                planned_end__gte=exchange.start_date,
            )
            .exclude(pk=exchange.pk)
            .first()
        )
        if clash:
            errors.append(OVERLAP.format(start=clash.start_date, end=clash.planned_end, status=clash.status))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def exchange_file(
    *,
    teacher: Teacher,
    to_school: School,
    kind: str,
    start_date: datetime.date,
    planned_end: datetime.date | None = None,
    establishment_moved: bool = True,
    filed_by=None,
    from_school: School | None = None,
) -> Exchange:
    """A school head files an exchange for one of their own school's teachers."""
    from_school = from_school or teacher.school
    if teacher.school_id != from_school.id:
        raise ValidationError(NOT_OWN_TEACHER)
    year = school_year_of(start_date)
    community = community_of(from_school, to_school, year)
    if community is None and from_school.id != to_school.id:
        raise ValidationError(NOT_IN_COMMUNITY.format(year=year))
    exchange = Exchange(
        teacher=teacher,
        from_school=from_school,
        to_school=to_school,
        community=community,
        kind=kind,
        start_date=start_date,
        planned_end=planned_end or three_year_term_end(start_date),
        establishment_moved=establishment_moved,
        filed_by=filed_by,
    )
    # Lock the teacher's row so two simultaneous filings cannot both pass the overlap check.
    Teacher.objects.select_for_update().filter(pk=teacher.pk).first()
    check_exchange(exchange)
    exchange.save()
    return exchange


def _move(exchange: Exchange, status: str, action: str) -> None:
    if status not in TRANSITIONS.get(exchange.status, set()):
        raise ValidationError(BAD_TRANSITION.format(status=exchange.status, action=action))
    exchange.status = status


@transaction.atomic
def exchange_approve(exchange: Exchange) -> Exchange:
    _move(exchange, Exchange.Status.APPROVED, "批准")
    check_exchange(exchange)
    exchange.save()
    return exchange


@transaction.atomic
def exchange_reject(exchange: Exchange, *, reason: str) -> Exchange:
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED)
    _move(exchange, Exchange.Status.REJECTED, "驳回")
    exchange.reject_reason = reason.strip()
    exchange.save()
    return exchange


@transaction.atomic
def exchange_withdraw(exchange: Exchange) -> Exchange:
    _move(exchange, Exchange.Status.WITHDRAWN, "撤回")
    exchange.save()
    return exchange


@transaction.atomic
def exchange_start(exchange: Exchange) -> Exchange:
    _move(exchange, Exchange.Status.IN_PROGRESS, "标记为进行中")
    exchange.save()
    return exchange


@transaction.atomic
def exchange_finish(exchange: Exchange) -> Exchange:
    """期满归队."""
    _move(exchange, Exchange.Status.FINISHED, "标记为已结束")
    exchange.save()
    return exchange
