"""特岗津贴 (五·(六)): who teaches where in each month of a 学年. `rural_allowances` reads
the schools, teachers and exchanges; the month arithmetic below it is worked out from
those named records alone (no query), so the rule can be read, and tested, as arithmetic.

A teacher counts in a month for the school where they teach on its first day: the
receiving school of an effective exchange covering that day, else the school they are
在职 at that day (`register`); a teacher 在职 nowhere that day (not yet joined, or left)
counts nowhere.
"""

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from communities.selectors import SchoolRef
from jiaogongti.db import day_number
from jiaogongti.school_year import school_year_months
from policy.figures import district_rates
from schools.models import District, School

from .register import YearTeachers, year_teachers
from .selectors import YearExchanges, effective_exchanges_in


@dataclass
class AllowanceRow:
    school: SchoolRef
    district: District
    monthly_rate: int  # the 学区's in that 学年 (`policy.district_rates`)
    teachers: int
    teacher_months: int

    @property
    def amount(self) -> int:
        return self.teacher_months * self.monthly_rate


def rural_allowances(
    year: int, *, teachers: YearTeachers | None = None, exchanges: YearExchanges | None = None
) -> list[AllowanceRow]:
    """Per school in a 学区 with a 特岗津贴 rate, over September `year` to August `year+1`
    (who counts in which month: below)."""
    masks = MonthMasks([day_number(month) for month in school_year_months(year)])  # as the rows have their dates
    rates = {district_id: rate.per_month for district_id, rate in district_rates(year).items() if rate.per_month}
    districts = District.objects.in_bulk(list(rates))
    in_allowance_district = School.objects.filter(district_id__in=list(districts))
    schools = {row[0]: SchoolRef(*row) for row in in_allowance_district.order_by().values_list("id", "name", "district_id")}
    if teachers is None:
        teachers = year_teachers(year, in_allowance_district.values("id"))
    counts = school_counts(schools, teachers, effective_exchanges_in(year) if exchanges is None else exchanges, masks)
    return sorted(
        (
            AllowanceRow(school, districts[school.district_id], rates[school.district_id], *counts[school_id])
            for school_id, school in schools.items()
        ),
        key=lambda row: (row.district.name, row.school.name),
    )


# --- the month arithmetic ----------------------------------------------------------


class MonthMasks:
    """The months of a 学年 a run of days covers, as a bit mask (bit i: the i-th month's
    first day is inside it). Terms share a few dates, so each mask is worked out once."""

    def __init__(self, month_starts: list[int]):
        self.month_starts = month_starts  # day numbers, as the records have their dates
        self.all = (1 << len(month_starts)) - 1
        self._masks: dict[tuple[int, int], int] = {}

    def covering(self, start: int, end: int) -> int:
        mask = self._masks.get((start, end))
        if mask is None:
            first, last = bisect_left(self.month_starts, start), bisect_right(self.month_starts, end) - 1
            mask = self._masks[start, end] = ((1 << (last + 1)) - 1) ^ ((1 << first) - 1) if first <= last else 0
        return mask


class SchoolCount(NamedTuple):
    teachers: int  # who taught there in at least one month
    teacher_months: int


def school_counts(
    schools: Iterable[int], teachers: YearTeachers, exchanges: YearExchanges, masks: MonthMasks
) -> dict[int, SchoolCount]:
    """Per school: the teachers 在职 there all year, and month by month those who joined,
    moved or left during it; less the months any of them were away on an exchange, which
    count at the receiving school (when they were 在职 at all)."""
    schools = set(schools)
    months, covering = len(masks.month_starts), masks.covering
    # (Local names: the loops run once per exchange and teacher of the 学年, tens of thousands.)
    away: dict[int, int] = defaultdict(int)  # teacher id -> the months an exchange covers
    home_of: dict[int, int | None] = {}  # teacher id -> where they were all year (None: see `periods`)
    arrivals = []
    moving, first = teachers.periods, masks.month_starts[0]
    whole_year_school_of = teachers.whole_year_school_of
    terms = zip(
        exchanges.teacher_ids,
        exchanges.now_school_ids,
        exchanges.left_ons,
        exchanges.to_school_ids,
        exchanges.starts,
        exchanges.ends,
    )
    for teacher_id, school_now, left_on, to_school, start, end in terms:
        home = None if teacher_id in moving else whole_year_school_of(teacher_id, school_now, left_on, first)
        # An exchange to the school they were at all year (they have since moved there)
        # keeps them where they count anyway: neither away nor a second teacher there. One
        # that neither leaves nor reaches these schools changes nothing here.
        if to_school == home or (home not in schools and to_school not in schools and teacher_id not in moving):
            continue
        if mask := covering(start, end):
            away[teacher_id] |= mask
            home_of[teacher_id] = home
            if to_school in schools:
                arrivals.append((teacher_id, to_school, mask))
    whole = {school_id: teachers.whole_year.get(school_id, 0) for school_id in schools}
    teacher_months = {school_id: count * months for school_id, count in whole.items()}
    present: dict[int, set[int]] = defaultdict(set)  # school id -> teachers counted there one by one
    employed: dict[int, int] = {}  # teacher id -> the months they were 在职 anywhere
    # Those who joined, moved or left during the 学年: month by month where they were.
    for teacher_id, periods in teachers.periods.items():
        gone, anywhere = away.get(teacher_id, 0), 0
        for school_id, first, last in periods:
            there = covering(first, last)
            anywhere |= there
            if school_id in whole and (taught := there & ~gone):
                teacher_months[school_id] += taught.bit_count()
                present[school_id].add(teacher_id)
        employed[teacher_id] = anywhere
    # Those at one school all year and away on an exchange: taken back off that school's
    # number by the months away (and not counted there at all if away every month).
    for teacher_id, gone in away.items():
        home = home_of[teacher_id]
        if teacher_id in employed or home is None:
            continue
        employed[teacher_id] = masks.all
        if home in whole:
            teacher_months[home] -= gone.bit_count()
            if gone == masks.all:
                whole[home] -= 1
    for teacher_id, to_school, mask in arrivals:
        if taught := mask & employed.get(teacher_id, 0):
            teacher_months[to_school] += taught.bit_count()
            present[to_school].add(teacher_id)
    return {
        school_id: SchoolCount(whole[school_id] + len(present[school_id]), teacher_months[school_id]) for school_id in schools
    }
