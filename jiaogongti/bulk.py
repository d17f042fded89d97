"""Inserting a file's worth of new rows from plain values.

`bulk_create` builds a model instance per row and prepares every value through its field:
about 90 µs a row, most of a province-size import's time (measured: 20,000 teachers in
1.76 s against 0.28–0.50 s for the statement below, SQLite; `benchmarks/imports.py` shows
the whole effect). An importer already holds clean Python values, checked against the
model's fields, so they go straight into one multi-row INSERT per batch. Columns the
caller does not give take the field's default, as `bulk_create` would.
"""

import io
import json
import operator
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, models
from django.utils import timezone

from . import figures_cache, progress
from .write_behind import statement_turn

# Field types whose clean Python value the database driver takes as it is.
_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.FloatField, models.ForeignKey)


def _adapter(field):
    """How a clean value of `field` is handed to the driver (the conversions Django's own
    `get_db_prep_save` makes for these types)."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        # What JSONField.get_db_prep_value ends in, without its checks for expressions: an
        # importer's values are plain lists and dicts.
        return lambda value: ops.adapt_json_value(value, field.encoder)
    if isinstance(field, _AS_IS):
        return None
    raise TypeError(f"insert_rows cannot yet adapt {type(field).__name__} ({field.name})")


def _rows_per_statement(columns: int) -> int:
    """As many rows as one statement may carry, up to 2,000. Django's SQLite backend
    assumes the 999 variables of SQLite before 3.32; the library linked here says its own."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        variables = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    else:
        variables = 65_535  # PostgreSQL's protocol limit on one statement's parameters
    return max(1, min(2_000, variables // columns))


def _default_of(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()


def insert_rows(model, field_names: Sequence[str], rows: Iterable[tuple], *, counted: bool = True) -> list[int]:
    """Insert `rows` (tuples of clean values for `field_names`, attribute names such as
    'school_id') into `model`'s table; returns the new ids, in order. Counts them as written
    (`counted`; not rows that come with a file's row, such as a new teacher's placement)."""
    return insert_prepared(prepare_rows(model, field_names, rows), counted=counted)


@dataclass
class PreparedRows:
    """Rows made ready to insert: on PostgreSQL each row's COPY line after its id, elsewhere
    its INSERT parameters. Made where the rows are (an import's reading side), so that
    inserting them, perhaps in a writing thread (`jiaogongti.write_behind`), is the
    database's work only."""

    model: type
    fields: list
    lines: list  # PostgreSQL: text; elsewhere: tuples of parameters

    def __len__(self) -> int:
        return len(self.lines)


def prepare_rows(model, field_names: Sequence[str], rows: Iterable[tuple]) -> PreparedRows:
    """`rows` as `insert_rows` takes them, made ready for `insert_prepared`. Columns the
    caller does not give take the field's default, as `bulk_create` would."""
    given = [model._meta.get_field(name) for name in field_names]
    others = [f for f in model._meta.concrete_fields if f not in given and not f.primary_key]
    defaults = tuple(_default_of(f) for f in others)
    if connection.vendor == "postgresql":
        writers = [_copy_writer(f) for f in given]
        # The columns every row takes by default, written once.
        line_end = "".join(f"\t{_copy_writer(f)(value)}" for f, value in zip(others, defaults)) + "\n"
        lines = ["\t".join(map(operator.call, writers, row)) + line_end for row in rows]
    else:
        # The defaults are the same for every row: adapted once. Of a row's own values, only
        # those whose type needs it go through an adapter (dates, JSON).
        defaults = tuple(_adapted(value, _adapter(f)) for f, value in zip(others, defaults))
        adapted = [(index, adapt) for index, adapt in enumerate(map(_adapter, given)) if adapt is not None]
        if adapted:
            rows = (_adapted_row(row, adapted) for row in rows)
        lines = [(*row, *defaults) for row in rows]
    return PreparedRows(model, given + others, lines)


def _adapted(value, adapt):
    return value if adapt is None or value is None else adapt(value)


def _adapted_row(row: tuple, adapted: list) -> list:
    values = list(row)
    for index, adapt in adapted:
        if values[index] is not None:
            values[index] = adapt(values[index])
    return values


def insert_prepared(prepared: PreparedRows, *, counted: bool = True) -> list[int]:
    """Insert what `prepare_rows` made ready; returns the new ids, in order."""
    if connection.vendor == "postgresql":
        return _copy_rows(prepared, counted)
    quote = connection.ops.quote_name
    model = prepared.model
    columns = ", ".join(quote(f.column) for f in prepared.fields)
    row_sql = "(" + ", ".join(["%s"] * len(prepared.fields)) + ")"
    batch_size = _rows_per_statement(len(prepared.fields))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(prepared.lines), batch_size):
            batch = prepared.lines[start : start + batch_size]
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {', '.join([row_sql] * len(batch))} "
                f"RETURNING {quote(model._meta.pk.column)}",
                [value for row in batch for value in row],
            )
            ids.extend(pk for (pk,) in cursor.fetchall())
            if counted:
                progress.advance(progress.WRITTEN, len(batch))
    return ids


# PostgreSQL: COPY, not INSERT. A 2,000-row INSERT is a statement of 20,000 parameters for
# the server to parse; COPY streams the rows. Measured on 200,000 exchanges in roster
# years (benchmarks/imports.py): with the cheaper no-overlap guard (teachers migration
# 0016), the import went from 29.4 s to 23.6 s.
_IDS_DRAWN = 20_000  # ids drawn from the sequence per statement
# Rows per COPY. An import's reading thread takes turns with its writing thread on their
# one connection (`write_behind`), a statement at a time: a COPY of a whole chunk (5,000
# exchanges, their foreign keys checked as it ends) held the connection a quarter of a
# second while the reading thread's next lookup waited, and the writing thread then ran
# dry. Measured on 200,000 exchanges in roster years: the connection sat idle 5.2–6.3 s
# with whole chunks, 0.8–1.1 s with pieces of 1,000 (which cost the COPYs 5% more).
_COPY_ROWS = 1_000
_COPY_READ_SIZE = 1 << 20
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_writer(field):
    """How a clean value of `field` is written in COPY's text format: None is \\N where the
    column takes it, and fails elsewhere, as the database would refuse it."""
    write = _copy_text(field)
    if not field.null:
        return write
    return lambda value: "\\N" if value is None else write(value)


def _copy_text(field):
    if isinstance(field, models.JSONField):
        encoder = json.JSONEncoder if field.encoder is None else field.encoder

        def write_json(value):
            if value is None:
                return "\\N"
            if value == []:  # most rows' lists (an exchange's 提示) are empty
                return "[]"
            return json.dumps(value, cls=encoder, ensure_ascii=False).translate(_COPY_ESCAPES)

        return write_json
    if isinstance(field, models.BooleanField):
        return {True: "t", False: "f"}.__getitem__
    if isinstance(field, (models.DateField, models.DateTimeField)):
        return operator.methodcaller("isoformat")
    if isinstance(field, (models.CharField, models.TextField)):
        return operator.methodcaller("translate", _COPY_ESCAPES)
    return str  # numbers and ids


def _copy_rows(prepared: PreparedRows, counted: bool) -> list[int]:
    """`insert_prepared` on PostgreSQL: ids drawn from the table's sequence first (COPY
    returns none), then the rows, ids included, streamed in by COPY."""
    model = prepared.model
    table, pk = model._meta.db_table, model._meta.pk.column
    columns = [pk, *(f.column for f in prepared.fields)]
    ids: list[int] = []
    with connection.cursor() as cursor:
        # The sequence is named once: in the statement that draws the ids, a constant
        # regclass. `nextval(pg_get_serial_sequence(…))` looked it up in the catalogs for
        # every id: 300,000 ids in 1.06 s against 0.10 s (psql, rolled back).
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
        (sequence,) = cursor.fetchone()
        for start in range(0, len(prepared.lines), _IDS_DRAWN):
            count = min(_IDS_DRAWN, len(prepared.lines) - start)
            cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
            ids.extend(new_id for (new_id,) in cursor.fetchall())
        for start in range(0, len(prepared.lines), _COPY_ROWS):
            lines = [f"{new_id}\t{line}" for new_id, line in zip(ids[start : start + _COPY_ROWS], prepared.lines[start:])]
            _copy(cursor, table, columns, lines)
            figures_cache.written(connection)  # what Django's cursor would have announced
            if counted:
                progress.advance(progress.WRITTEN, len(lines))
    return ids


def _copy(cursor, table: str, columns: list[str], lines: list[str]) -> None:
    quote = connection.ops.quote_name
    text = io.StringIO("".join(lines))
    # Straight to the driver: Django's cursor has no COPY, so what it would do is done by
    # hand: the driver's errors raised as Django's (an IntegrityError is one).
    with statement_turn(connection), connection.wrap_database_errors:
        cursor.cursor.copy_expert(
            f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN", text, size=_COPY_READ_SIZE
        )
