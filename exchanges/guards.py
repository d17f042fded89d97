"""What keeps two writers of a teacher's exchanges from both passing their checks: the
teacher's row lock (`teachers.guards`), taken by whoever checks and writes them (a filing, a
decision, an import), one exchange import at a time, and the database's overlap constraint
as the last line."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jiaogongti.db import transaction_lock

from .exchange_rules import NO_OVERLAP_STORED


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
