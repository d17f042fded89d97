"""Database expressions the ORM does not have, and reading many rows cheaply."""

import gc
from contextlib import contextmanager

from django.db import connection
from django.db.models import F, Field, Func, Lookup, Q

# SQLite's Julian day of 0001-01-01 is 1721425.5 (midnight); Python numbers that day 1.
_JULIAN_DAY_BEFORE_ORDINAL_ONE = 1721424.5


class DayNumber(Func):
    """A date column read as its day number, `datetime.date.toordinal()`, which sorts and
    compares like the date.

    For reads of tens of thousands of dates: a database hands an integer over far more
    cheaply than a date (parsed into a `datetime.date`) or a formatted text, and Python
    compares it as fast as anything. `day_number(date)` gives the same number in Python.
    """

    arity = 1
    # A plain Field, not an IntegerField: both databases hand the number over as an
    # integer already, and for an IntegerField Django would call int() on every value
    # (a sixth of the read of a 学年's exchanges, measured by benchmarks/annual_report.py).
    output_field = Field()

    def as_sqlite(self, compiler, connection, **extra_context):
        template = f"CAST(JULIANDAY(%(expressions)s) - {_JULIAN_DAY_BEFORE_ORDINAL_ONE} AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # date - date is a whole number of days in PostgreSQL.
        template = "(%(expressions)s - DATE '0001-01-01' + 1)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def day_number(date) -> int:
    """What `DayNumber` reads for this date."""
    return date.toordinal()


class AnyOf(Lookup):
    """`column = ANY(%s)`, the values one array parameter (PostgreSQL). `field__in` makes
    each of a batch's thousands of values a parameter of its own, for Django to prepare and
    the driver to quote: 40 batches of 5,000 teacher ids (an exchange import's stored
    records) took 3.5 s so, against 2.2 s as one array each."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        return f"{column} = ANY(%s::{self.lhs.output_field.db_type(connection)}[])", [*params, list(self.rhs)]


def one_of(field: str, values):
    """The filter for rows whose `field` is one of `values`: one array on PostgreSQL, else
    `IN`."""
    if connection.vendor == "postgresql":
        return AnyOf(F(field), list(values))
    return Q(**{f"{field}__in": values})


@contextmanager
def collector_paused():
    """Python's cycle collector held off while tens of thousands of rows are read and made
    into columns of numbers. Each pass it makes walks every object alive, and a read
    allocates a row after another: it made a sixth of the read of a 学年's exchanges
    (benchmarks/annual_report.py). Nothing read holds a reference cycle, and the rows are
    freed by the time it runs again. (Nested, the outermost use turns it back on.)"""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def transaction_lock(name: str) -> None:
    """Hold the lock called `name` until the transaction ends: writers that check a whole
    table before writing (an import, a timetable's clashes) go one at a time. On SQLite a
    write transaction already holds the whole database (settings: IMMEDIATE)."""
    from django.db import connection, transaction

    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("The lock ends with the transaction: open one first.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])


@contextmanager
def held_lock(name: str):
    """Hold the lock called `name` for the whole block, across the transactions inside it and
    across processes: a second holder waits until the first is done. PostgreSQL: a session
    advisory lock (released even if the process dies). SQLite: an exclusive lock on a file
    beside the database (one machine, as SQLite itself is)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [name])
        try:
            yield
        finally:
            # A connection that broke on the way released its locks with it; the error that
            # broke it is the one to tell, not a failed unlock.
            if connection.is_usable():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [name])
        return
    import fcntl
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.JGT_DATA_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# SQLite's own default page cache (2 MB), for what an import reads and writes.
IMPORT_PAGE_CACHE_KIB = 2_000


@contextmanager
def import_page_cache():
    """SQLite: the connection's page cache held to SQLite's default while an import runs.
    The 32 MB each connection keeps for the report and dashboard (settings) only filled with
    pages an import touches once: the exchange workbook of 200,000 rows peaked at 218 MB
    with it and 184 MB without, and took 28.1 and 31.9 s against 22.7 and 27.8 s (in
    turns). The connection has its own cache back after."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (kept,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size=-{IMPORT_PAGE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={int(kept)}")


# Rows an import passes before it analyses: a small one leaves the figures to autovacuum.
ANALYZE_FROM_ROWS = 5_000


def statistics_kept_up(chunks, writes, *models):
    """`chunks` passed through; on PostgreSQL, the tables of `models` are analysed after the
    1st, 2nd, 4th, 8th … chunk, once ANALYZE_FROM_ROWS rows have passed. An import that
    fills a table from nearly empty (a county's first history of exchanges) would
    otherwise be planned all along as if the table were still empty: PostgreSQL then read
    every exchange written so far for each chunk's lookups (benchmarks/imports.py: 134
    full scans, 8 million rows read, in 200,000 rows). What it fills is planned well after
    it, too: a county's first 300,000 teachers, left to autovacuum, had no figures yet
    when its exchanges were imported next, and each chunk of those read every teacher to
    lock its 5,000 (its 40 locks took 3.0 s of the import's connection, against 1.4–1.9 s
    with the figures).

    ANALYZE is queued behind the chunk's write (`writes`, the import's
    `write_behind.WriteBehind`), so it counts the rows written so far: run at once, it counted a table as empty before
    its first write, and what ANALYZE says of a table's size outlives a rollback. Inside
    the import's transaction ANALYZE sees its own new rows; it blocks no reader or writer.
    The figures then stay within twice the truth, for a few ANALYZEs in all. A small
    import never analyses: its few rows change the figures little, and the figures of a
    tiny table (a test's) would mislead the planner about the county's."""
    passed = 0
    for number, chunk in enumerate(chunks, start=1):
        yield chunk
        passed += len(chunk)
        if connection.vendor == "postgresql" and number & (number - 1) == 0 and passed >= ANALYZE_FROM_ROWS:
            writes.submit((), analyze, models)


def analyze(models) -> None:
    """PostgreSQL's figures of each of `models`' tables, counted again."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
