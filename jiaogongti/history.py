"""History records (django-simple-history) for rows created in bulk, written by the database.

`bulk_create_with_history` builds a Python object per history row and inserts it column by
column: half of a province-size import's time. The rows just created already hold every
value their history needs, so one INSERT … SELECT per batch copies them, with the same
columns, date and type ('+') simple-history writes.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection
from django.utils import timezone

# Who an import acts for (a background job's submitter), for its history records; the
# request's user is not there in the worker.
_acting_user: ContextVar = ContextVar("acting_user", default=None)


def acting_user():
    return _acting_user.get()


@contextmanager
def acting_as(user):
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


# Why rows change, when it is not a person's doing (the calendar's moves): kept as each
# history record's 变更原因.
_change_reason: ContextVar = ContextVar("change_reason", default=None)


def change_reason() -> str | None:
    return _change_reason.get()


@contextmanager
def changes_because(reason: str):
    token = _change_reason.set(reason)
    try:
        yield
    finally:
        _change_reason.reset(token)


HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


def record_creation(model, ids: list[int]) -> None:
    """The '+' history record of each of `ids`, just created by `insert_rows`."""
    _record(model, ids, "+")


def record_change(model, ids: list[int]) -> None:
    """The '~' history record of each of `ids`, just changed by a bulk UPDATE, with the
    reason given by `changes_because` if any (as a `save()` would record it)."""
    _record(model, ids, "~", change_reason())


def _record(model, ids: list[int], history_type: str, reason: str | None = None) -> None:
    history = model.history.model
    user = acting_user()
    quote = connection.ops.quote_name
    copied = [field for field in history._meta.concrete_fields if field.name not in HISTORY_FIELDS]
    recorded = ["history_date", "history_type", "history_user_id", "history_change_reason"]
    target = [quote(field.column) for field in copied] + [quote(c) for c in recorded]
    source = [quote(model._meta.get_field(field.name).column) for field in copied]
    values = [connection.ops.adapt_datetimefield_value(timezone.now()), history_type, user.pk if user else None, reason]
    insert = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(target)}) "
        f"SELECT {', '.join(source)}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} "
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one array parameter: no statement of thousands to parse
            cursor.execute(insert + "= ANY(%s)", [*values, list(ids)])
            return
        for start in range(0, len(ids), 900):  # within the 999 variables of an old SQLite
            batch = ids[start : start + 900]
            cursor.execute(insert + f"IN ({', '.join(['%s'] * len(batch))})", [*values, *batch])
