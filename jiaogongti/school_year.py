"""The 学年 (school year): 学年 Y runs from 1 September Y to 31 August Y+1.

Every rule that is "per 学年" asks this module, never works the boundary out itself.
"""

import datetime

FIRST_MONTH = 9


def school_year_of(day: datetime.date) -> int:
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def school_year_start(year: int) -> datetime.date:
    return datetime.date(year, FIRST_MONTH, 1)


def school_year_end(year: int) -> datetime.date:
    return datetime.date(year + 1, FIRST_MONTH, 1) - datetime.timedelta(days=1)


def school_year_months(year: int) -> list[datetime.date]:
    """The first day of each of the twelve months of the 学年, September first."""
    months = []
    for offset in range(12):
        month = (FIRST_MONTH - 1 + offset) % 12 + 1
        months.append(datetime.date(year if month >= FIRST_MONTH else year + 1, month, 1))
    return months


def school_year_label(year: int) -> str:
    return f"{year}学年"


def current_school_year() -> int:
    from django.utils import timezone

    return school_year_of(timezone.localdate())


def school_year_over(year: int, today: datetime.date | None = None) -> bool:
    """Whether the 学年 has ended by `today` (by default, today): until then its yearly
    judgements (the 考核's grades) are not given, only its figures so far."""
    from django.utils import timezone

    return (today or timezone.localdate()) > school_year_end(year)
