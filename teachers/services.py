"""Writes on exchanges: filing, the bureau's decision, and the life after it.

Every rule that refuses an exchange is here, with its message in Chinese, so the portal,
the admin and the importer refuse the same things the same way.
"""

import datetime
from contextlib import contextmanager
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.formats import date_format

from communities.models import CommunityType, CommunityYear
from communities.selectors import communities_by_school, partners_of, roster_year_for
from jiaogongti.importing import in_batches
from schools.models import School
from schools.school_year import school_year_of

from .models import EXCHANGE_DATE_RANGE, Exchange, Teacher, date_out_of_range, three_year_term_end

NOT_OWN_TEACHER = "该教师不属于派出学校，不能由派出学校申报交流。"
SAME_SCHOOL = "派出学校和接收学校不能相同。"
END_BEFORE_START = "结束日期不能早于开始日期。"
OVERLAP = "该教师在 {start} 至 {end} 已有一条交流记录（{status}），时间不能重叠。"
# What the database's own last line (exchange_no_overlap, PostgreSQL) says.
OVERLAP_STORED = "该教师在这段时间已有一条交流记录，时间不能重叠。"
NOT_IN_COMMUNITY = "接收学校与派出学校在 {year}学年不属于同一个教共体。"
ROTATION_MOVES_ESTABLISHMENT = "交流轮岗三年一轮、一律迁编：请勾选“迁编”（不迁编的短期交流请选“支教”等类型）。"
RESIDENT_ONLY_MERGED = "驻教、走教只用于融合型教共体内部，这两所学校所在的是{type}教共体。"
START_BEFORE_HIRE = "开始日期早于该教师的入职日期（{hired}），请检查开始日期或教师的入职日期。"
SHADOWING_NEW_TEACHERS = "跟岗锻炼用于新教师：该教师 {hired} 入职，不是本学年或上一学年新入职的教师，请选择其他交流类型。"
SHADOWING_AT_CORE = "跟岗锻炼是成员校新教师到核心校跟岗，接收学校应为核心校。"
COOPERATIVE_FROM_CORE = "协作型教共体由核心校派出教师到成员校（成员校新教师到核心校请选“跟岗锻炼”）。"
WRONG_COMMUNITY = "所填教共体不是这两所学校共同所在的教共体。"
NO_ROSTER = "开始日期在 {year}学年，该学年还没有教共体名单，请检查开始日期。"
REASON_REQUIRED = "驳回必须填写理由。"
BAD_TRANSITION = "当前状态为「{status}」，不能{action}。"

# status -> the statuses it may move to
TRANSITIONS = {
    Exchange.Status.FILED: {Exchange.Status.APPROVED, Exchange.Status.REJECTED, Exchange.Status.WITHDRAWN},
    Exchange.Status.APPROVED: {Exchange.Status.IN_PROGRESS, Exchange.Status.FINISHED},
    Exchange.Status.IN_PROGRESS: {Exchange.Status.FINISHED},
}


def shared_community_id(school_a_id: int, school_b_id: int, year: int, communities: dict | None = None) -> int | None:
    """The community both schools belong to (as core or member) in the 学年, if any.

    `communities` is `communities_by_school(year)`, read once when checking many exchanges.
    """
    if communities is None:
        communities = communities_by_school(year, [school_a_id, school_b_id])
    shared = communities.get(school_a_id, set()) & communities.get(school_b_id, set())
    return min(shared) if shared else None


def lock_teachers(teacher_ids) -> None:
    """Take the row lock of each teacher, in id order (two writers never deadlock), until
    the transaction ends. Whoever writes a teacher's exchanges holds it while checking and
    writing them: a second writer waits, then sees what the first stored. (On SQLite a
    write transaction already holds the whole database: see settings.)"""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("lock_teachers() needs a transaction: the lock ends with it.")
    locking = Teacher.objects.select_for_update().order_by("pk").values_list("pk")
    for _ in in_batches(locking, "pk", sorted(set(teacher_ids))):
        pass  # each row is locked as it is read; nothing else is wanted of it


def lock_exchange_imports() -> None:
    """One exchange import at a time, until the transaction ends: an import locks its
    teachers a chunk at a time, and two imports each holding teachers the other's next
    chunk wants would wait on each other. (SQLite already lets one writer in at a time.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('jiaogongti.import_exchanges'))")


def check_exchange(exchange: Exchange, *, recheck_community: bool = False) -> None:
    """Raise ValidationError (Chinese) if the exchange breaks a rule; called before every
    save by the portal, the admin and the status changes, inside the transaction that
    saves, with the teacher locked (`lock_teachers`), so two identical submissions cannot
    both pass (the importer checks a whole file at once, with row numbers, under the same
    locks, against the same rules).

    The community rules apply to a new record, to one whose schools, start or kind
    change, and on approval; a past record otherwise keeps the community it was made in
    (it may predate any roster).
    """
    if exchange.teacher_id:
        lock_teachers([exchange.teacher_id])
    errors = [
        problem
        for value, label in [(exchange.start_date, "开始日期"), (exchange.planned_end, "结束日期")]
        if value and (problem := date_out_of_range(value, label, EXCHANGE_DATE_RANGE))
    ]
    if exchange.from_school_id == exchange.to_school_id:
        errors.append(SAME_SCHOOL)
    if exchange.planned_end and exchange.start_date and exchange.planned_end < exchange.start_date:
        errors.append(END_BEFORE_START)
    if exchange.pk is None and exchange.teacher_id and exchange.teacher.school_id != exchange.from_school_id:
        errors.append(NOT_OWN_TEACHER)
    community_rules = recheck_community or _terms_changed(exchange)
    if community_rules and exchange.start_date and exchange.from_school_id != exchange.to_school_id:
        year = school_year_of(exchange.start_date)
        if roster_year_for(year) is None:
            errors.append(NO_ROSTER.format(year=year))
        else:
            shared = shared_community_id(exchange.from_school_id, exchange.to_school_id, year)
            if shared is None:
                errors.append(NOT_IN_COMMUNITY.format(year=year))
            elif exchange.community_id != shared:
                errors.append(WRONG_COMMUNITY)
            else:
                errors += _kind_and_direction_problems(exchange, shared, roster_year_for(year))
    if exchange.status in Exchange.LIVE and exchange.start_date and exchange.planned_end:
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
            errors.append(OVERLAP.format(start=date_format(clash.start_date), end=date_format(clash.planned_end), status=clash.status))
    if errors:
        raise ValidationError(errors)


@contextmanager
def refused_if_overlapping():
    """Writes inside turn the database's overlap constraint into the rule's message."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if "exchange_no_overlap" in str(error):
            raise ValidationError(OVERLAP_STORED) from error
        raise


def _terms_changed(exchange: Exchange) -> bool:
    """A new record, or a stored one whose schools, start or kind are being changed."""
    if exchange.pk is None:
        return True
    fields = ["from_school_id", "to_school_id", "start_date", "kind"]
    stored = Exchange.objects.filter(pk=exchange.pk).values(*fields).first()
    return stored is None or any(stored[f] != getattr(exchange, f) for f in fields)


def _kind_and_direction_problems(exchange: Exchange, community_id: int, roster_year: int) -> list[str]:
    community_type, core_id = (
        CommunityYear.objects.filter(community_id=community_id, school_year=roster_year)
        .values_list("type", "community__core_school_id")
        .get()
    )
    return kind_and_direction_problems(
        exchange.kind, exchange.from_school_id, exchange.to_school_id, community_type, core_id,
        start_date=exchange.start_date, hire_date=exchange.teacher.hire_date, establishment_moved=exchange.establishment_moved,
    )


class FilingChoices(NamedTuple):
    kinds: list[str]
    receiving_school_ids: set[int]


def filing_choices(school_id: int, community_years) -> FilingChoices:
    """What a school may file: the kinds of exchange, and the schools to send to, that its
    communities (this 学年's `community_years`, with memberships) allow together for at
    least one pairing. The teacher's own terms (迁编, hire date) are checked when one is
    chosen, on filing."""
    allowed = [
        (kind, to_id)
        for to_id, community_year in partners_of(school_id, community_years)
        for kind in Exchange.Kind.values
        if not community_kind_problems(kind, school_id, to_id, community_year.type, community_year.community.core_school_id)
    ]
    kinds = {kind for kind, _ in allowed}
    return FilingChoices([kind for kind in Exchange.Kind.values if kind in kinds], {to_id for _, to_id in allowed})


def kind_and_direction_problems(
    kind: str, from_id: int, to_id: int, community_type: str, core_id: int, *,
    start_date: datetime.date, hire_date: datetime.date | None, establishment_moved: bool,
) -> list[str]:
    """What the exchange's kind allows, for this teacher and within this community
    (domain.md, "Teacher exchange")."""
    return teacher_kind_problems(kind, start_date=start_date, hire_date=hire_date, establishment_moved=establishment_moved) + (
        community_kind_problems(kind, from_id, to_id, community_type, core_id)
    )


def teacher_kind_problems(kind: str, *, start_date: datetime.date, hire_date: datetime.date | None, establishment_moved: bool) -> list[str]:
    problems = []
    if hire_date and start_date < hire_date:
        problems.append(START_BEFORE_HIRE.format(hired=date_format(hire_date)))
    if kind == Exchange.Kind.ROTATION and not establishment_moved:
        problems.append(ROTATION_MOVES_ESTABLISHMENT)
    # 跟岗锻炼 is for new teachers: hired in the 学年 it starts or the one before.
    if kind == Exchange.Kind.SHADOWING and hire_date and school_year_of(start_date) - school_year_of(hire_date) > 1:
        problems.append(SHADOWING_NEW_TEACHERS.format(hired=date_format(hire_date)))
    return problems


def community_kind_problems(kind: str, from_id: int, to_id: int, community_type: str, core_id: int) -> list[str]:
    problems = []
    if kind in (Exchange.Kind.RESIDENT, Exchange.Kind.VISITING) and community_type != CommunityType.MERGED:
        problems.append(RESIDENT_ONLY_MERGED.format(type=community_type))
    if kind == Exchange.Kind.SHADOWING and to_id != core_id:
        problems.append(SHADOWING_AT_CORE)
    elif community_type == CommunityType.COOPERATIVE and kind != Exchange.Kind.SHADOWING and from_id != core_id:
        problems.append(COOPERATIVE_FROM_CORE)
    return problems


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
    community_id = shared_community_id(from_school.id, to_school.id, school_year_of(start_date))
    exchange = Exchange(
        teacher=teacher,
        from_school=from_school,
        to_school=to_school,
        community_id=community_id,
        kind=kind,
        start_date=start_date,
        planned_end=planned_end or three_year_term_end(start_date),
        establishment_moved=establishment_moved,
        filed_by=filed_by,
    )
    check_exchange(exchange)
    with refused_if_overlapping():
        exchange.save()
    return exchange


def _move(exchange: Exchange, status: str, action: str, **changes) -> Exchange:
    """Move the exchange to `status` if its stored status allows it; returns the stored row.

    The stored row is locked and read again: the copy in hand may be stale (the bureau
    approves while the head withdraws), and only what the move changes is written.
    """
    # The teacher first, as every other writer of exchanges locks (no deadlock).
    lock_teachers(Exchange.objects.filter(pk=exchange.pk).values_list("teacher_id", flat=True))
    current = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if status not in TRANSITIONS.get(current.status, set()):
        message = BAD_TRANSITION.format(status=current.get_status_display(), action=action)
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
        check_exchange(current, recheck_community=True)
    current.status = status
    for field_name, value in changes.items():
        setattr(current, field_name, value)
    current.save(update_fields=["status", *changes])
    for field_name in ["status", *changes]:
        setattr(exchange, field_name, getattr(current, field_name))
    return current


@transaction.atomic
def exchange_approve(exchange: Exchange) -> Exchange:
    _move(exchange, Exchange.Status.APPROVED, "批准")
    return exchange


@transaction.atomic
def exchange_reject(exchange: Exchange, *, reason: str) -> Exchange:
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED)
    _move(exchange, Exchange.Status.REJECTED, "驳回", reject_reason=reason.strip())
    return exchange


@transaction.atomic
def exchange_withdraw(exchange: Exchange) -> Exchange:
    _move(exchange, Exchange.Status.WITHDRAWN, "撤回")
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


def move_establishment(teacher_id: int, school_id: int, only_from: int | None = None) -> None:
    """Put the teacher's 编制 at `school_id` (only if it is at `only_from`, when given)."""
    # Saved, not updated in bulk: the teacher's history records where the 编制 went and when.
    teacher = Teacher.objects.select_for_update().get(pk=teacher_id)
    if only_from is None or teacher.establishment_school_id == only_from:
        teacher.establishment_school_id = school_id
        teacher.save(update_fields=["establishment_school"])


def settle_establishment(teacher_ids) -> None:
    """Put each teacher's 编制 where their records leave it: at the receiving school of a
    running 迁编 exchange, else at their own school. For imports, which bring in a whole
    history at once rather than one move after another."""
    running = dict(
        in_batches(
            Exchange.objects.filter(status=Exchange.Status.IN_PROGRESS, establishment_moved=True)
            .order_by("start_date")
            .values_list("teacher_id", "to_school_id"),
            "teacher_id",
            teacher_ids,
        )
    )
    # Read as plain values (an import touches a province's teachers); only those whose
    # 编制 moves are loaded and saved, each recorded in the teacher's history.
    moving = {
        pk: running.get(pk, school_id)
        for pk, school_id, establishment_id in in_batches(
            Teacher.objects.order_by().values_list("pk", "school_id", "establishment_school_id"), "pk", teacher_ids
        )
        if establishment_id != running.get(pk, school_id)
    }
    for teacher in in_batches(Teacher.objects.select_for_update(), "pk", list(moving)):
        teacher.establishment_school_id = moving[teacher.pk]
        teacher.save(update_fields=["establishment_school"])
