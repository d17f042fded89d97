"""A teacher leaves the county's schools (退休, 离职, 调出本县, 其他): the register records
the day (`register.set_departure`), and every live exchange of theirs ends on it through
the exchange services, with the departure as the history's reason. Nothing is deleted.

Taking a departure back (a correction, or a teacher who returns) clears the day; exchanges
ended by it stay ended: a new one is filed as any other."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from jiaogongti.history import changes_because

from .models import Exchange, LeavingReason, Teacher
from .register import set_departure
from .services import exchange_end_early, exchange_start, exchange_withdraw_for_departure


def departure_reason(left_on: datetime.date, reason: str) -> str:
    return f"教师离岗（{LeavingReason(reason).label}，{date_format(left_on)}）"


@transaction.atomic
def record_departure(teacher: Teacher, left_on: datetime.date, reason: str) -> list[Exchange]:
    """The teacher's last day is `left_on`. Returns the exchanges it ended or withdrew."""
    set_departure(teacher, left_on, reason)
    return end_exchanges_of(teacher)


def end_exchanges_of(teacher: Teacher) -> list[Exchange]:
    """The live exchanges of a teacher who has left that run past their last day: one not
    yet begun by then is withdrawn, one running over it ends on it. (For an import too,
    which writes the 离岗日期 of many teachers at once.)"""
    left_on, why = teacher.left_on, departure_reason(teacher.left_on, teacher.leaving_reason)
    changed = []
    with changes_because(why):
        for exchange in Exchange.objects.filter(
            teacher=teacher,
            status__in=[Exchange.Status.FILED, Exchange.Status.APPROVED, Exchange.Status.IN_PROGRESS],
            planned_end__gt=left_on,
        ).order_by("start_date"):
            if exchange.status == Exchange.Status.FILED or exchange.start_date > left_on:
                exchange_withdraw_for_departure(exchange)
            else:
                if exchange.status == Exchange.Status.APPROVED:
                    exchange_start(exchange)
                exchange_end_early(exchange, on=left_on, reason=why)
            changed.append(exchange)
    return changed


@transaction.atomic
def cancel_departure(teacher: Teacher, why: str) -> None:
    """The teacher is 在职 again from where they were: their last placement is open again."""
    with changes_because(f"撤销离岗：{why}"):
        set_departure(teacher, None)


def departed(teachers, on: datetime.date | None = None):
    """Of `teachers`, those who had left by `on` (today by default)."""
    return teachers.filter(left_on__lt=on or timezone.localdate())
