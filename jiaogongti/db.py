"""Database expressions the ORM does not have."""

from django.db.models import Func, IntegerField

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
    output_field = IntegerField()

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
