"""Database expressions the ORM does not have."""

from django.db.models import CharField, Func


class IsoDate(Func):
    """A date column read as 'YYYY-MM-DD' text, which sorts and compares like the date.

    For reads of tens of thousands of dates: SQLite keeps dates as this text already, and
    handing it over as text skips parsing every value into a `datetime.date`.
    """

    arity = 1
    output_field = CharField()
    template = "CAST(%(expressions)s AS TEXT)"

    def as_postgresql(self, compiler, connection, **extra_context):
        # Not a cast: a cast's text follows the server's DateStyle setting.
        return self.as_sql(compiler, connection, template="TO_CHAR(%(expressions)s, 'YYYY-MM-DD')", **extra_context)
