"""Plausible dates: a date outside its field's bounds is a typing slip, not a record."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format


def date_out_of_range(value: datetime.date, label: str, bounds: tuple[datetime.date, datetime.date]) -> str | None:
    """The Chinese message for a `value` outside `bounds` (both included), else None."""
    earliest, latest = bounds
    if earliest <= value <= latest:
        return None
    return f"{label}「{date_format(value)}」不合理，应在 {date_format(earliest)} 至 {date_format(latest)} 之间。"


# A record of the communities' years (an exchange, an activity, a project's period, a term)
# falls within these; outside them a date is a typing slip (0001-01-01, 9999-12-31).
RECORD_DATES = (datetime.date(1990, 1, 1), datetime.date(2100, 12, 31))


def validate_record_date(value: datetime.date) -> None:
    """The validator every record's date field carries (forms, the admin and importers alike)."""
    if problem := date_out_of_range(value, "日期", RECORD_DATES):
        raise ValidationError(problem)


def anniversary(day: datetime.date, years: int) -> datetime.date:
    """The day `years` after `day` by the calendar: the same month and day; a 29 February
    falls on 1 March in a common year (the years are then complete at the end of 28
    February). Every rule that counts years (a term, 跟岗 one year, 山区 three years, a
    service term) counts them so, never in blocks of 365 days."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, and the year ahead is common
        return datetime.date(day.year + years, 3, 1)


def last_day_of_years(day: datetime.date, years: int) -> datetime.date:
    """The last day of `years` years that begin on `day` (the day before the anniversary)."""
    return anniversary(day, years) - datetime.timedelta(days=1)
