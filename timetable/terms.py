"""A term's teaching weeks (contracts.md, `import_timetable`): week 1 begins on the term's
first day — term 1 of 学年 Y on the first Monday on or after 1 September Y, term 2 on the
first Monday on or after 15 February Y+1, unless the bureau sets other dates (TermDates)."""

import datetime

from django.utils import timezone

from jiaogongti.school_year import school_year_of

from .models import MAX_WEEKS, Term, TermDates

DEFAULT_FIRST_DAYS = {Term.FIRST: (0, 9, 1), Term.SECOND: (1, 2, 15)}  # (years after Y, month, day)


def _first_monday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=-day.weekday() % 7)


def term_dates(year: int, term: int) -> tuple[datetime.date, int]:
    """The term's first day and its number of teaching weeks (MAX_WEEKS when the bureau
    has not said)."""
    set_by_bureau = TermDates.objects.filter(school_year=year, term=term).first()
    if set_by_bureau:
        return set_by_bureau.first_day, set_by_bureau.weeks
    years_after, month, day = DEFAULT_FIRST_DAYS[Term(term)]
    return _first_monday_on_or_after(datetime.date(year + years_after, month, day)), MAX_WEEKS


def lesson_day(first_day: datetime.date, week: int, weekday: int) -> datetime.date:
    """The day of week `week` (1 = the one starting on `first_day`) that is `weekday` (1 = Monday)."""
    week_start = first_day + datetime.timedelta(weeks=week - 1)
    return week_start + datetime.timedelta(days=(weekday - 1 - week_start.weekday()) % 7)


def current_term(today: datetime.date | None = None) -> tuple[int, int]:
    """The (学年, 学期) whose table a page opens on: term 2 from a fortnight before its first
    day, when its table is drawn up; else term 1."""
    today = today or timezone.localdate()
    year = school_year_of(today)
    second_starts, _ = term_dates(year, Term.SECOND)
    return year, Term.SECOND if today >= second_starts - datetime.timedelta(days=14) else Term.FIRST


def term_label(year: int, term: int) -> str:
    return f"{year}学年{Term(term).label}"
