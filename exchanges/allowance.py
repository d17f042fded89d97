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
from teachers.register import YearTeachers, year_teachers

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
    months, covering, every_month = len(masks.month_starts), masks.covering, masks.all
    whole = {school_id: teachers.whole_year.get(school_id, 0) for school_id in schools}
    teacher_months = {school_id: count * months for school_id, count in whole.items()}
    present: dict[int, set[int]] = defaultdict(set)  # school id -> teachers counted there one by one
    moving, moved_later, first = teachers.periods, teachers.moved_later, masks.month_starts[0]
    away_from_home: dict[int, int] = defaultdict(int)  # teacher all year at one of the schools -> months away
    home_of: dict[int, int] = {}
    away_moving: dict[int, int] = defaultdict(int)  # teacher who joined, moved or left -> months away
    arrivals_moving = []  # (teacher, school, months) of those, counted once their months 在职 are known
    terms = zip(
        exchanges.teacher_ids,
        exchanges.now_school_ids,
        exchanges.left_ons,
        exchanges.to_school_ids,
        exchanges.starts,
        exchanges.ends,
    )
    # (One pass, with local names: it runs once per exchange of the 学年, tens of thousands.)
    for teacher_id, school_now, left_on, to_school, start, end in terms:
        arrives = to_school in schools
        if teacher_id in moving:
            if mask := covering(start, end):
                away_moving[teacher_id] |= mask
                if arrives:
                    arrivals_moving.append((teacher_id, to_school, mask))
            continue
        # Where they were all year (`YearTeachers.moved_later`).
        if teacher_id in moved_later:
            home = moved_later[teacher_id]
        else:
            home = None if left_on is not None and left_on < first else school_now
        # Not 在职 all year anywhere and not one of those who moved: 在职 nowhere in it. An
        # exchange to the school they were at (they have since moved there) keeps them where
        # they count anyway.
        if home is None or to_school == home:
            continue
        leaves = home in schools
        if (leaves or arrives) and (mask := covering(start, end)):
            if leaves:
                away_from_home[teacher_id] |= mask
                home_of[teacher_id] = home
            if arrives:
                teacher_months[to_school] += mask.bit_count()
                present[to_school].add(teacher_id)
    for teacher_id, gone in away_from_home.items():
        home = home_of[teacher_id]
        teacher_months[home] -= gone.bit_count()
        if gone == every_month:  # away every month: not counted at home
            whole[home] -= 1
    # Those who joined, moved or left during the 学年: month by month where they were.
    employed: dict[int, int] = {}  # teacher id -> the months they were 在职 anywhere
    for teacher_id, periods in moving.items():
        gone, anywhere = away_moving.get(teacher_id, 0), 0
        for school_id, first_day, last_day in periods:
            there = covering(first_day, last_day)
            anywhere |= there
            if school_id in whole and (taught := there & ~gone):
                teacher_months[school_id] += taught.bit_count()
                present[school_id].add(teacher_id)
        employed[teacher_id] = anywhere
    for teacher_id, to_school, mask in arrivals_moving:
        if taught := mask & employed[teacher_id]:
            teacher_months[to_school] += taught.bit_count()
            present[to_school].add(teacher_id)
    return {
        school_id: SchoolCount(whole[school_id] + len(present[school_id]), teacher_months[school_id]) for school_id in schools
    }
