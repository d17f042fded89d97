"""特岗津贴 (五·(六)): who teaches where in each month of a 学年. `rural_allowances` reads
the schools, teachers and exchanges; the month arithmetic below it is worked out from
those named records alone (no query), so the rule can be read, and tested, as arithmetic.

A teacher counts in a month for the school where they teach on its first day: the
receiving school of an effective exchange covering that day, else their own school; and
only from the first month that begins on or after their hire date.
"""

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from communities.selectors import SchoolRef
from jiaogongti.db import day_number
from jiaogongti.school_year import school_year_months
from schools.models import District, School

from .models import Teacher
from .selectors import YearExchanges, YearTeachers, effective_exchanges_in, teachers_of_year


@dataclass
class AllowanceRow:
    school: SchoolRef
    district: District
    teachers: int
    teacher_months: int

    @property
    def monthly_rate(self) -> int:
        return self.district.rural_allowance_per_month

    @property
    def amount(self) -> int:
        return self.teacher_months * self.monthly_rate


def rural_allowances(
    year: int, *, teachers: YearTeachers | None = None, exchanges: YearExchanges | None = None
) -> list[AllowanceRow]:
    """Per school in a 学区 with a 特岗津贴 rate, over September `year` to August `year+1`
    (who counts in which month: below)."""
    masks = MonthMasks([day_number(month) for month in school_year_months(year)])  # as the rows have their dates
    districts = {d.id: d for d in District.objects.filter(rural_allowance_per_month__gt=0)}
    in_allowance_district = School.objects.filter(district_id__in=list(districts))
    schools = {row[0]: SchoolRef(*row) for row in in_allowance_district.order_by().values_list("id", "name", "district_id")}
    moved = movements(effective_exchanges_in(year) if exchanges is None else exchanges, set(schools), masks)
    if teachers is None:
        teachers = teachers_of_year(year, Teacher.objects.filter(school__in=in_allowance_district))
    counts = school_counts(schools, teachers, moved, masks)
    return sorted(
        (AllowanceRow(school, districts[school.district_id], *counts[school_id]) for school_id, school in schools.items()),
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


@dataclass
class Movements:
    """Of the exchanges that touch the allowance schools: the months each teacher is away
    from home, and what each receiving school gains."""

    away: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # teacher id -> months mask
    home_of: dict[int, int] = field(default_factory=dict)  # teacher id -> home school id
    inflow_months: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # school id -> teacher-months
    inflow_teachers: dict[int, set] = field(default_factory=lambda: defaultdict(set))  # school id -> teacher ids


def movements(exchanges: YearExchanges, schools: set[int], masks: MonthMasks) -> Movements:
    moved = Movements()
    # (Local names: the loop runs once per exchange of the 学年, tens of thousands.)
    away, home_of, inflow_months, inflow_teachers, covering = (
        moved.away,
        moved.home_of,
        moved.inflow_months,
        moved.inflow_teachers,
        masks.covering,
    )
    terms = zip(exchanges.teacher_ids, exchanges.home_school_ids, exchanges.to_school_ids, exchanges.starts, exchanges.ends)
    for teacher_id, home, to_school, start, end in terms:
        # An exchange to the school that is now the teacher's own (they have since moved
        # there) keeps them where they count anyway: neither away nor a second teacher there.
        if to_school == home:
            continue
        leaves, arrives = home in schools, to_school in schools
        if (leaves or arrives) and (mask := covering(start, end)):
            if leaves:
                away[teacher_id] |= mask
                home_of[teacher_id] = home
            if arrives:
                inflow_months[to_school] += mask.bit_count()
                inflow_teachers[to_school].add(teacher_id)
    return moved


class SchoolCount(NamedTuple):
    teachers: int  # who taught there in at least one month
    teacher_months: int


def school_counts(schools: Iterable[int], teachers: YearTeachers, moved: Movements, masks: MonthMasks) -> dict[int, SchoolCount]:
    """Per school: its own teachers less the months they were away or not yet hired, plus
    the teachers it received."""
    months = len(masks.month_starts)
    counted = {school_id: teachers.counts[school_id] for school_id in schools if school_id in teachers.counts}
    teacher_months = {school_id: count * months for school_id, count in counted.items()}
    serving = {}  # teacher id -> the months they teach in, for those who joined during the 学年
    for teacher_id, (school_id, hired) in teachers.joined.items():
        if school_id in teacher_months:
            mask = serving[teacher_id] = masks.covering(hired, masks.month_starts[-1])
            teacher_months[school_id] -= months - mask.bit_count()
            counted[school_id] -= not mask  # joined after the last month began
    for teacher_id, mask in moved.away.items():
        home = moved.home_of[teacher_id]
        if home in teacher_months:  # (a teacher added or moved since the count was taken)
            months_taught = serving.get(teacher_id, masks.all)
            teacher_months[home] -= (mask & months_taught).bit_count()
            # Away every month they teach in: not counted at home.
            counted[home] -= bool(months_taught) and not months_taught & ~mask
    return {
        school_id: SchoolCount(
            counted.get(school_id, 0) + len(moved.inflow_teachers[school_id]),
            teacher_months.get(school_id, 0) + moved.inflow_months[school_id],
        )
        for school_id in schools
    }
