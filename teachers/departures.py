"""A teacher leaves the county's schools (退休, 离职, 调出本县, 其他): the register records
the day (`register.set_departure`) and says so (`teacher_left`); the exchanges app, which
builds on the register, ends every live exchange of theirs on it, with the departure as the
history's reason. Nothing is deleted.

Taking a departure back (a correction, or a teacher who returns) clears the day; exchanges
ended by it stay ended: a new one is filed as any other."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils.formats import date_format

from jiaogongti.history import changes_because

from .guards import lock_teachers
from .models import REASON_MAX_LENGTH, DepartureReport, LeavingReason, Teacher
from .register import departure_refused, set_departure

# Sent inside the transaction that records a departure, with `teacher` (their `left_on` set).
# Each receiver ends what the departure ends and returns the records it changed.
teacher_left = Signal()


def departure_reason(left_on: datetime.date, reason: str) -> str:
    return f"教师离岗（{LeavingReason(reason).label}，{date_format(left_on)}）"


@transaction.atomic
def record_departure(teacher: Teacher, left_on: datetime.date, reason: str) -> list:
    """The teacher's last day is `left_on`. Returns the exchanges it ended or withdrew."""
    set_departure(teacher, left_on, reason)
    return follow_departure(teacher)


def follow_departure(teacher: Teacher) -> list:
    """Whatever else the departure ends (`teacher_left`'s receivers: the exchanges app ends
    the teacher's live exchanges), in this transaction. Returns the records they changed.
    (For an import too, which writes the 离岗日期 of many teachers at once.)"""
    return [changed for _, result in teacher_left.send(sender=Teacher, teacher=teacher) for changed in result]


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
def confirm_departure_report(report: DepartureReport) -> list:
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
