"""A teacher's row lock: whoever checks and writes what depends on a teacher's records (a
move, a departure, an exchange filed or decided, an import) holds it, so a second writer
waits and then sees what the first stored. (On SQLite a write transaction already holds the
whole database: see settings.)"""

from django.db import transaction

from jiaogongti.importing import in_batches

from .models import Teacher


def locking_teachers():
    """Teachers read with their row locks, in id order (two writers never deadlock),
    held until the transaction ends: so there must be one."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("A teacher's lock ends with the transaction: open one first.")
    # of=self: the teacher's row only, never the schools a read joins.
    return Teacher.objects.select_for_update(of=("self",)).order_by("pk")


def lock_teachers(teacher_ids) -> None:
    """Take the row lock of each teacher. Whoever writes a teacher's records holds it while
    checking and writing them: a second writer waits, then sees what the first stored."""
    for _ in in_batches(locking_teachers().values_list("pk"), "pk", sorted(set(teacher_ids))):
        pass  # each row is locked as it is read; nothing else is wanted of it
