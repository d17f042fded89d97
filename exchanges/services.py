"""Writes on exchanges: filing, the bureau's decision, and the life after it.

The rules themselves, their kinds and messages are in the rule book (`exchange_rules`);
`exchange_check.check_exchange` holds one record against them, under the teacher's lock.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from jiaogongti.history import change_reason, changes_because
from jiaogongti.school_year import school_year_of
from schools.models import School
from teachers.guards import lock_teachers
from teachers.models import REASON_MAX_LENGTH, Teacher

from . import exchange_rules as rules
from . import signals
from .establishment import move_establishment
from .exchange_check import check_exchange, shared_community_id
from .exchange_rules import Finding
from .guards import refused_if_overlapping
from .models import Exchange, default_term_end

# What the people concerned are told of (`signals`): a status reached -> the event.
ANNOUNCED = {
    Exchange.Status.APPROVED: signals.APPROVED,
    Exchange.Status.REJECTED: signals.REJECTED,
    Exchange.Status.WITHDRAWN: signals.WITHDRAWN,
    Exchange.Status.IN_PROGRESS: signals.STARTED,
}
# status -> the statuses it may move to
TRANSITIONS = {
    Exchange.Status.FILED: {Exchange.Status.APPROVED, Exchange.Status.REJECTED, Exchange.Status.WITHDRAWN},
    Exchange.Status.APPROVED: {Exchange.Status.IN_PROGRESS, Exchange.Status.FINISHED},
    Exchange.Status.IN_PROGRESS: {Exchange.Status.FINISHED},
}
# A teacher who leaves before an exchange begins does not go, approved or not.
TRANSITIONS_ON_DEPARTURE = {
    Exchange.Status.FILED: {Exchange.Status.WITHDRAWN},
    Exchange.Status.APPROVED: {Exchange.Status.WITHDRAWN},
}


def _filing(
    *,
    teacher: Teacher,
    to_school: School,
    kind: str,
    start_date: datetime.date,
    planned_end: datetime.date | None = None,
    establishment_moved: bool = True,
    filed_by=None,
    from_school: School | None = None,
    remark: str = "",
) -> Exchange:
    """The record a head's filing makes, not yet checked or saved."""
    from_school = from_school or teacher.school
    return Exchange(
        teacher=teacher,
        from_school=from_school,
        to_school=to_school,
        community_id=shared_community_id(from_school.id, to_school.id, school_year_of(start_date)),
        kind=kind,
        start_date=start_date,
        planned_end=planned_end or default_term_end(start_date),
        establishment_moved=establishment_moved,
        filed_by=filed_by,
        remark=remark.strip(),
    )


def exchange_filing_notes(**filing) -> list[dict]:
    """The 提示 a filing would be saved with (ValidationError if a rule refuses it), so
    the head sees them before submitting: the same check as `exchange_file`, nothing saved."""
    with transaction.atomic():  # (the check locks the teacher, as the filing will)
        return check_exchange(_filing(**filing))


@transaction.atomic
def exchange_file(**filing) -> Exchange:
    """A school head files an exchange for one of their own school's teachers (the
    arguments of `_filing`)."""
    exchange = _filing(**filing)
    exchange.notes = check_exchange(exchange)
    with refused_if_overlapping():
        exchange.save()
    signals.announce(exchange, signals.FILED)
    return exchange


def _move(exchange: Exchange, status: str, action: str, transitions=TRANSITIONS, **changes) -> Exchange:
    """Move the exchange to `status` if its stored status allows it; returns the stored row.

    The stored row is locked and read again: the copy in hand may be stale (the bureau
    approves while the head withdraws), and only what the move changes is written.
    """
    # The teacher first, as every other writer of exchanges locks (no deadlock).
    lock_teachers(Exchange.objects.filter(pk=exchange.pk).values_list("teacher_id", flat=True))
    current = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if status not in transitions.get(current.status, set()):
        message = rules.ALLOWED_MOVE.says(status=current.get_status_display(), action=action)
        if current.status == Exchange.Status.FILED and status in (Exchange.Status.IN_PROGRESS, Exchange.Status.FINISHED):
            message += "请先批准。"
        raise ValidationError(message)
    if status == Exchange.Status.APPROVED:
        # The roster may have been re-imported since filing: the exchange belongs to the
        # community the two schools share now (and is refused if they share none).
        changes["community_id"] = shared_community_id(
            current.from_school_id, current.to_school_id, school_year_of(current.start_date)
        )
        current.community_id = changes["community_id"]
        changes["notes"] = check_exchange(current, recheck_community=True)
    current.status = status
    for field_name, value in changes.items():
        setattr(current, field_name, value)
    current._change_reason = change_reason()  # the history's 变更原因 (the calendar's, or none)
    current.save(update_fields=["status", *changes])
    for field_name in ["status", *changes]:
        setattr(exchange, field_name, getattr(current, field_name))
    if status in ANNOUNCED:
        signals.announce(current, ANNOUNCED[status])
    return current


@transaction.atomic
def exchange_approve(exchange: Exchange) -> Exchange:
    _move(exchange, Exchange.Status.APPROVED, "批准")
    return exchange


@transaction.atomic
def exchange_reject(exchange: Exchange, *, reason: str) -> Exchange:
    reason = _reason(reason, rules.REJECTION_HAS_REASON.found())
    _move(exchange, Exchange.Status.REJECTED, "驳回", reject_reason=reason)
    return exchange


def _reason(text: str, missing: Finding) -> str:
    """A decision's reason, trimmed: required, and a sentence or two."""
    reason = (text or "").strip()
    if not reason:
        raise rules.refused([missing])
    if len(reason) > REASON_MAX_LENGTH:
        raise rules.refused([rules.REASON_LENGTH.found(limit=REASON_MAX_LENGTH, length=len(reason))])
    return reason


@transaction.atomic
def exchange_withdraw(exchange: Exchange) -> Exchange:
    _move(exchange, Exchange.Status.WITHDRAWN, "撤回")
    return exchange


@transaction.atomic
def exchange_withdraw_for_departure(exchange: Exchange) -> Exchange:
    """The teacher left before the exchange began (`departures.record_departure`)."""
    _move(exchange, Exchange.Status.WITHDRAWN, "撤回", transitions=TRANSITIONS_ON_DEPARTURE)
    return exchange


@transaction.atomic
def exchange_shorten_for_departure(exchange: Exchange, *, last_day: datetime.date, reason: str) -> Exchange:
    """An approved exchange not begun yet whose teacher will have left before it ends: it
    ends on their last day (it stays 已批准, and the calendar starts it as any other)."""
    lock_teachers([exchange.teacher_id])
    current = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if current.status != Exchange.Status.APPROVED or not (current.start_date <= last_day < current.planned_end):
        return exchange
    current.planned_end = exchange.planned_end = last_day
    current._change_reason = reason
    current.save(update_fields=["planned_end"])
    return exchange


@transaction.atomic
def exchange_start(exchange: Exchange) -> Exchange:
    """The teacher goes; with 迁编 their 编制 goes to the receiving school for the term."""
    stored = _move(exchange, Exchange.Status.IN_PROGRESS, "标记为进行中")
    if stored.establishment_moved:
        move_establishment(stored.teacher_id, stored.to_school_id)
    return exchange


@transaction.atomic
def exchange_finish(exchange: Exchange) -> Exchange:
    """期满归队: with 迁编, the 编制 comes back to the sending school."""
    stored = _move(exchange, Exchange.Status.FINISHED, "标记为已结束")
    if stored.establishment_moved:
        move_establishment(stored.teacher_id, stored.from_school_id, only_from=stored.to_school_id)
    return exchange


@transaction.atomic
def exchange_end_early(exchange: Exchange, *, on: datetime.date, reason: str) -> Exchange:
    """提前结束: a running exchange's last day becomes `on`. A day already past ends it now,
    the 编制 coming back as at the end of a term; a day ahead shortens the term, and the
    calendar ends it the day after. The history keeps the reason."""
    reason = _reason(reason, rules.CHANGE_HAS_REASON.found(action="提前结束"))
    lock_teachers([exchange.teacher_id])
    current = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if current.status != Exchange.Status.IN_PROGRESS:
        raise ValidationError(rules.ALLOWED_MOVE.says(status=current.get_status_display(), action="提前结束"))
    if not (current.start_date <= on < current.planned_end):
        raise rules.refused(
            [rules.ENDS_EARLY_WITHIN_TERM.found(start=date_format(current.start_date), end=date_format(current.planned_end))]
        )
    with changes_because(f"提前结束：{reason}"):
        if on < timezone.localdate():
            stored = _move(exchange, Exchange.Status.FINISHED, "提前结束", planned_end=on)
            if stored.establishment_moved:
                move_establishment(stored.teacher_id, stored.from_school_id, only_from=stored.to_school_id)
        else:
            current.planned_end = exchange.planned_end = on
            current._change_reason = change_reason()
            current.save(update_fields=["planned_end"])
    return exchange


@transaction.atomic
def exchange_extend(exchange: Exchange, *, planned_end: datetime.date, reason: str) -> Exchange:
    """延期: an approved or running exchange runs to a later planned end, held against the
    rule book again (the teacher's other records may not overlap the longer term)."""
    reason = _reason(reason, rules.CHANGE_HAS_REASON.found(action="延期"))
    lock_teachers([exchange.teacher_id])
    current = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if current.status not in (Exchange.Status.APPROVED, Exchange.Status.IN_PROGRESS):
        raise ValidationError(rules.ALLOWED_MOVE.says(status=current.get_status_display(), action="延期"))
    if planned_end <= current.planned_end:
        raise rules.refused([rules.EXTENDS_LATER.found(end=date_format(current.planned_end))])
    current.planned_end = planned_end
    current.notes = check_exchange(current)
    current._change_reason = f"延期：{reason}"
    with refused_if_overlapping():
        current.save(update_fields=["planned_end", "notes"])
    exchange.planned_end, exchange.notes = current.planned_end, current.notes
    return exchange
