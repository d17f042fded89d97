"""A teacher leaves the county's schools (退休, 离职, 调出本县, 其他): the register records
the day (`register.set_departure`), and every live exchange of theirs ends on it through
the exchange services, with the departure as the history's reason. Nothing is deleted.

Taking a departure back (a correction, or a teacher who returns) clears the day; exchanges
ended by it stay ended: a new one is filed as any other."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from jiaogongti.history import changes_because

from .guards import lock_teachers
from .models import REASON_MAX_LENGTH, DepartureReport, Exchange, LeavingReason, Teacher
from .register import departure_refused, set_departure
from .services import (
    exchange_end_early,
    exchange_shorten_for_departure,
    exchange_start,
    exchange_withdraw_for_departure,
)


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
            elif exchange.status == Exchange.Status.APPROVED and exchange.start_date > timezone.localdate():
                exchange_shorten_for_departure(exchange, last_day=left_on, reason=why)  # still to begin: the calendar starts it
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


# --- a head reports, the bureau confirms ---------------------------------------------------


@transaction.atomic
def report_departure(teacher: Teacher, *, left_on: datetime.date, reason: str, remark: str = "", by=None) -> DepartureReport:
    """A head reports that a teacher of their school left. Nothing changes on the teacher
    until the bureau confirms (`confirm_departure_report`)."""
    lock_teachers([teacher.pk])
    teacher.refresh_from_db()
    if teacher.left_on is not None:
        raise ValidationError(f"{teacher.name}已于 {date_format(teacher.left_on)} 离岗，无需再报告。")
    if refused := departure_refused(teacher, left_on):
        raise ValidationError(refused)
    if DepartureReport.objects.filter(teacher=teacher, status=DepartureReport.Status.PENDING).exists():
        raise ValidationError(f"{teacher.name}已有一份待确认的离岗报告，请等待市教育局确认。")
    report = DepartureReport(teacher=teacher, left_on=left_on, reason=reason, remark=remark.strip(), reported_by=by)
    report.full_clean(exclude=["teacher", "reported_by"])
    report.save()
    return report


@transaction.atomic
def confirm_departure_report(report: DepartureReport) -> list[Exchange]:
    """The bureau confirms: the departure is recorded (and the teacher's live exchanges end)."""
    report = _pending(report)
    _not_recorded_yet(report)
    with changes_because(f"确认学校的离岗报告（{report.reported_by or '学校'}）"):
        ended = record_departure(report.teacher, report.left_on, report.reason)
        report.status = DepartureReport.Status.CONFIRMED
        report.save(update_fields=["status"])
    return ended


@transaction.atomic
def return_departure_report(report: DepartureReport, *, reason: str) -> None:
    """The bureau sends the report back, with its reason; the teacher stays 在职."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("退回必须填写理由。")
    report = _pending(report)
    report.status, report.return_reason = DepartureReport.Status.RETURNED, reason[:REASON_MAX_LENGTH]
    report.save(update_fields=["status", "return_reason"])


def _pending(report: DepartureReport) -> DepartureReport:
    lock_teachers([report.teacher_id])
    current = DepartureReport.objects.select_for_update().select_related("teacher").get(pk=report.pk)
    if current.status != DepartureReport.Status.PENDING:
        raise ValidationError(f"该离岗报告{current.get_status_display()}，不能再处理。")
    return current


def _not_recorded_yet(report: DepartureReport) -> None:
    """A departure the bureau recorded meanwhile (on the teacher, or by an import) is not
    overwritten by a report's date: the report is to be returned instead."""
    if (left_on := report.teacher.left_on) is not None:
        raise ValidationError(
            f"{report.teacher.name}的离岗已记录（{date_format(left_on)}，{report.teacher.get_leaving_reason_display()}），"
            "无需再确认此报告；如日期有误，请在教师信息中更正，并退回此报告。"
        )
