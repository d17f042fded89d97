"""Path converters for what addresses carry: a 学年 is four digits within the portal's
years, an id fits the database's integer. Anything else names no page (404) before a view
or a query sees it."""

from .forms import FIRST_YEAR, LAST_YEAR


class SchoolYearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(value)  # the resolver takes it as no match: 404
        return year

    def to_url(self, value) -> str:
        return str(value)


MAX_ID = 10**18 - 1  # below 2**63: a bigint on PostgreSQL, an integer on SQLite


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
