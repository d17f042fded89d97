"""What keeps two writers of a teacher's exchanges from both passing their checks: the
teacher's row lock, taken by whoever checks and writes them (a filing, a decision, an
import), one exchange import at a time, and the database's overlap constraint as the last
line. (On SQLite a write transaction already holds the whole database: see settings.)"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jiaogongti.db import transaction_lock
from jiaogongti.importing import in_batches

from .exchange_rules import NO_OVERLAP_STORED
from .models import Teacher


def locking_teachers():
    """Teachers read with their row locks, in id order (two writers never deadlock),
    held until the transaction ends: so there must be one."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("A teacher's lock ends with the transaction: open one first.")
    # of=self: the teacher's row only, never the schools a read joins.
    return Teacher.objects.select_for_update(of=("self",)).order_by("pk")


def lock_teachers(teacher_ids) -> None:
    """Take the row lock of each teacher. Whoever writes a teacher's exchanges holds it
    while checking and writing them: a second writer waits, then sees what the first stored."""
    for _ in in_batches(locking_teachers().values_list("pk"), "pk", sorted(set(teacher_ids))):
        pass  # each row is locked as it is read; nothing else is wanted of it


def lock_exchange_imports() -> None:
    """One exchange import at a time, until the transaction ends: an import locks its
    teachers a chunk at a time, and two imports each holding teachers the other's next
    chunk wants would wait on each other. (SQLite already lets one writer in at a time.)"""
    transaction_lock("jiaogongti.import_exchanges")


@contextmanager
def refused_if_overlapping():
    """Writes inside turn the database's overlap constraint into the rule's message."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if "exchange_no_overlap" in str(error):
            raise ValidationError(NO_OVERLAP_STORED) from error
        raise
