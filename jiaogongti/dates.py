"""Plausible dates: a date outside its field's bounds is a typing slip, not a record."""

import datetime

from django.utils.formats import date_format


def date_out_of_range(value: datetime.date, label: str, bounds: tuple[datetime.date, datetime.date]) -> str | None:
    """The Chinese message for a `value` outside `bounds` (both included), else None."""
    earliest, latest = bounds
    if earliest <= value <= latest:
        return None
    return f"{label}「{date_format(value)}」不合理，应在 {date_format(earliest)} 至 {date_format(latest)} 之间。"
