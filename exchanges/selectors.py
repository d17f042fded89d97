"""Reads of exchanges that the policy's rules (`ten_percent`, `allowance`, …), the
dashboard and the report share: each returns plain named records, read in as few
queries as the figures allow, so the rules compute over them and never query per row.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, fields
from typing import NamedTuple

from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from jiaogongti.db import DayNumber, collector_paused
from jiaogongti.school_year import school_year_end, school_year_start
from policy.figures import figures_on

from .models import Exchange


def ending_soon(exchanges, today: datetime.date | None = None):
    """Approved or ongoing exchanges whose planned end falls within the warning's days
    (the 政策参数 of today's 学年: 90 by default)."""
    today = today or timezone.localdate()
    return exchanges.filter(
        status__in=[Exchange.Status.APPROVED, Exchange.Status.IN_PROGRESS],
        planned_end__gte=today,
        planned_end__lte=today + datetime.timedelta(days=figures_on(today).ending_soon_days),
    )


@dataclass(frozen=True, slots=True)
class YearExchanges:
    """The exchanges of a 学年 (tens of thousands of them), a column per field, the dates
    as day numbers (`DayNumber`): compared as numbers, never made into dates. A rule
    walks the columns it needs, `zip(exchanges.teacher_ids, exchanges.starts)`.

    Columns, not a record per exchange: a record each made the dashboard a fifth slower,
    in making them and then in Python's cycle collector walking every one of them at
    each pass (benchmarks/annual_report.py); a few tuples of numbers it never walks."""

    teacher_ids: tuple[int, ...]
    now_school_ids: tuple[int, ...]  # the teacher's school today (where they were all 学年: `YearTeachers.moved_later`)
    left_ons: tuple[int | None, ...]  # the teacher's 离岗日期
    from_school_ids: tuple[int, ...]
    to_school_ids: tuple[int, ...]
    starts: tuple[int, ...]  # not before the teacher's hire date
    ends: tuple[int, ...]  # the planned end


def effective_exchanges_in(year: int) -> YearExchanges:
    """Every exchange in status 已批准, 进行中 or 已结束 whose term overlaps the 学年.

    The 10% rule and the 特岗津贴 both read from it; the dashboard, the report and the
    rules page read it once and hand it to each (`exchanges=`). One read by the
    planned-end index (`exchange_term`), which also holds every column read here:
    terms that ended before the 学年, the bulk of a county's history, are never touched.
    """
    return year_exchanges_of(
        Exchange.objects.filter(
            status__in=Exchange.EFFECTIVE, planned_end__gte=school_year_start(year), start_date__lte=school_year_end(year)
        )
    )


def effective_exchanges_starting_in(year: int, school_ids) -> YearExchanges:
    """The exchanges (已批准, 进行中 or 已结束) starting in the 学年 that leave or reach one
    of the schools (`school_ids`: ids or a subquery of them), by the school indexes."""
    return year_exchanges_of(
        Exchange.objects.filter(
            Q(from_school_id__in=school_ids) | Q(to_school_id__in=school_ids),
            status__in=Exchange.EFFECTIVE,
            start_date__gte=school_year_start(year),
            start_date__lte=school_year_end(year),
        )
    )


def year_exchanges_of(exchanges) -> YearExchanges:
    """The given exchanges as `YearExchanges`, in one read."""
    # A term counts from the teacher's hire date if it was recorded as starting earlier:
    # nobody teaches anywhere before they are hired.
    counted_start = Greatest("start_date", Coalesce("teacher__hire_date", "start_date"))
    rows = exchanges.order_by().values_list(
        "teacher_id",
        "teacher__school_id",
        DayNumber("teacher__left_on"),
        "from_school_id",
        "to_school_id",
        DayNumber(counted_start),
        DayNumber("planned_end"),
    )
    with collector_paused():
        return YearExchanges(*(list(zip(*rows)) or [()] * len(fields(YearExchanges))))


def inflow_teachers(year: int, school_ids=None) -> dict[int, int]:
    """School id -> distinct teachers who taught there by exchange during the 学年 (a
    teacher who had left the county's schools before it began taught nowhere): the base of
    its inflow 优秀 quota. Of the given schools (ids or a subquery), else every school."""
    exchanges = Exchange.objects.all() if school_ids is None else Exchange.objects.filter(to_school_id__in=school_ids)
    inflow = defaultdict(set)
    for teacher_id, school_id in (
        exchanges.filter(
            status__in=Exchange.EFFECTIVE,
            start_date__lte=school_year_end(year),
            planned_end__gte=school_year_start(year),
        )
        .exclude(teacher__left_on__lt=school_year_start(year))
        .order_by()
        .values_list("teacher_id", "to_school_id")
    ):
        inflow[school_id].add(teacher_id)
    return {school_id: len(teachers) for school_id, teachers in inflow.items()}


def with_notes(exchanges):
    """The exchanges that raised a 提示 of the rule book when last checked."""
    return exchanges.exclude(notes=[])


def noted_exchanges_starting_in(year: int) -> int:
    return with_notes(Exchange.objects.filter(start_date__range=(school_year_start(year), school_year_end(year)))).count()


class StatusChange(NamedTuple):
    when: datetime.datetime
    by: str  # who, or 系统 for the calendar and imports without a user
    status: str  # its label
    reason: str


def status_history(exchange: Exchange) -> list[StatusChange]:
    """Each change of the exchange's status, oldest first, from its history records."""
    changes, previous = [], None
    for record in exchange.history.select_related("history_user").order_by("history_date", "history_id"):
        if record.status != previous:
            by = record.history_user.get_username() if record.history_user else "系统"
            label = Exchange.Status(record.status).label
            reason = record.history_change_reason or (record.reject_reason if record.status == Exchange.Status.REJECTED else "")
            changes.append(StatusChange(record.history_date, by, label, reason or ""))
            previous = record.status
    return changes


class Away(NamedTuple):
    status: str  # the live exchange's status label
    until: datetime.date


def away_teachers(teacher_ids, today: datetime.date | None = None) -> dict[int, Away]:
    """Teacher id -> the live exchange (已提交, 已批准 or 进行中) that holds them from today
    on, the one ending last: what the filing form tells a head beside each name."""
    today = today or timezone.localdate()
    away: dict[int, Away] = {}
    for teacher_id, status, until in (
        Exchange.objects.filter(
            teacher_id__in=teacher_ids,
            status__in=[Exchange.Status.FILED, Exchange.Status.APPROVED, Exchange.Status.IN_PROGRESS],
            planned_end__gte=today,
        )
        .order_by("planned_end")
        .values_list("teacher_id", "status", "planned_end")
    ):
        away[teacher_id] = Away(Exchange.Status(status).label, until)
    return away
