"""Writes on exchanges: filing, the bureau's decision, and the life after it.

The rules themselves, their kinds and messages are in the rule book (`exchange_rules`);
`check_exchange` gathers what they need for one record, under the teacher's lock.
"""

import datetime
from contextlib import contextmanager
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.formats import date_format

from communities.models import CommunityYear
from communities.selectors import communities_by_school, partners_of, roster_year_for
from jiaogongti.importing import in_batches
from jiaogongti.school_year import school_year_of
from schools.models import School

from . import exchange_rules as rules
from .exchange_rules import ExchangeTerms, findings_for
from .models import Exchange, Teacher, default_term_end

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


def check_exchange(exchange: Exchange, *, recheck_community: bool = False) -> list[dict]:
    """Raise ValidationError (Chinese) with every rule the exchange breaks; else return its
    提示 (notes), to be saved with it. Called before every save by the portal, the admin and
    the status changes, inside the transaction that saves, with the teacher locked
    (`lock_teachers`), so two identical submissions cannot both pass (the importer checks
    a file a chunk at a time, with row numbers, under the same locks, by the same rules).

    The community rules apply to a new record, to one whose schools, start or kind
    change, and on approval; a past record otherwise keeps the community it was made in
    (it may predate any roster).
    """
    if exchange.teacher_id:
        lock_teachers([exchange.teacher_id])
    errors = []
    if exchange.pk is None and exchange.teacher_id and exchange.teacher.school_id != exchange.from_school_id:
        errors.append(
            rules.OWN_TEACHER.says(
                teacher=exchange.teacher,
                school=exchange.teacher.school,
                from_school=exchange.from_school,
            )
        )
    if (
        (recheck_community or _terms_changed(exchange))
        and exchange.start_date
        and exchange.from_school_id != exchange.to_school_id
    ):
        errors += _community_problems(exchange)
    found = findings_for(_terms_of(exchange))
    errors += rules.refusals(found)
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
            errors.append(
                rules.NO_OVERLAP.says(
                    start=date_format(clash.start_date),
                    end=date_format(clash.planned_end),
                    status=clash.get_status_display(),
                )
            )
    if errors:
        raise ValidationError(errors)
    return rules.notes(found)


def _community_problems(exchange: Exchange) -> list[str]:
    year = school_year_of(exchange.start_date)
    if roster_year_for(year) is None:
        return [rules.ROSTER_FOR_FILING.says(year=year)]
    shared = shared_community_id(exchange.from_school_id, exchange.to_school_id, year)
    if shared is None:
        return [rules.SHARE_A_COMMUNITY.says(year=year)]
    if exchange.community_id != shared:
        return [rules.COMMUNITY_MATCHES.message]
    return []


def _terms_of(exchange: Exchange) -> ExchangeTerms:
    community_type = core_id = None
    if exchange.community_id and exchange.start_date and (roster_year := roster_year_for(school_year_of(exchange.start_date))):
        community_type, core_id = (
            CommunityYear.objects.filter(community_id=exchange.community_id, school_year=roster_year)
            .values_list("type", "community__core_school_id")
            .first()
        ) or (None, None)
    return ExchangeTerms(
        exchange.kind,
        exchange.from_school_id,
        exchange.to_school_id,
        exchange.start_date,
        exchange.planned_end,
        exchange.establishment_moved,
        hire_date=exchange.teacher.hire_date if exchange.teacher_id else None,
        community_type=community_type,
        core_school_id=core_id,
    )


@contextmanager
def refused_if_overlapping():
    """Writes inside turn the database's overlap constraint into the rule's message."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if "exchange_no_overlap" in str(error):
            raise ValidationError(rules.NO_OVERLAP_STORED) from error
        raise


def _terms_changed(exchange: Exchange) -> bool:
    """A new record, or a stored one whose schools, start or kind are being changed."""
    if exchange.pk is None:
        return True
    fields = ["from_school_id", "to_school_id", "start_date", "kind"]
    stored = Exchange.objects.filter(pk=exchange.pk).values(*fields).first()
    return stored is None or any(stored[f] != getattr(exchange, f) for f in fields)


class FilingChoices(NamedTuple):
    kinds: list[str]
    receiving_school_ids: set[int]


def filing_choices(school_id: int, community_years) -> FilingChoices:
    """What the portal offers a school to file: the kinds of exchange, and the schools to
    send to, that raise no 提示 for at least one pairing in its communities (this 学年's
    `community_years`, with memberships). The teacher's own terms (迁编, hire date) are
    checked when one is chosen, on filing."""
    allowed = [
        (kind, to_id)
        for to_id, community_year in partners_of(school_id, community_years)
        for kind in Exchange.Kind.values
        if not findings_for(
            ExchangeTerms(
                kind,
                school_id,
                to_id,
                None,
                None,
                True,
                community_type=community_year.type,
                core_school_id=community_year.community.core_school_id,
            )
        )
    ]
    kinds = {kind for kind, _ in allowed}
    return FilingChoices([kind for kind in Exchange.Kind.values if kind in kinds], {to_id for _, to_id in allowed})


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
        planned_end=planned_end or default_term_end(start_date),
        establishment_moved=establishment_moved,
        filed_by=filed_by,
    )
    exchange.notes = check_exchange(exchange)
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
        raise ValidationError(rules.REJECTION_HAS_REASON.message)
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
