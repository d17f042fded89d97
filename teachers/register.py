"""A teacher's dated story (contracts.md, Teachers; domain.md, "A teacher's years"): where
they were placed, from when to when, and when they left the county's schools.

The one place that knows "在职 at school S on day D" (`serving_on`): a placement of S that
covers D. Every count of a school's teachers reads it (the 10 % base, the 特岗津贴 months,
the filing form's list), so a move or a departure recorded today never changes what a past
day's records say. And the one place that writes the story: `move_teacher`, `set_departure`.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils.formats import date_format

from jiaogongti.db import DayNumber, collector_paused, day_number
from jiaogongti.history import change_reason
from jiaogongti.school_year import school_year_end, school_year_months, school_year_start
from schools.models import School

from .guards import lock_teachers
from .models import LeavingReason, Placement, Teacher

ONE_DAY = datetime.timedelta(days=1)


# --- reads -----------------------------------------------------------------------------


def covering(first: datetime.date, last: datetime.date | None = None) -> Q:
    """Placements that cover every day from `first` to `last` (one day: `last` omitted)."""
    last = last or first
    return (Q(start_date__isnull=True) | Q(start_date__lte=first)) & (Q(end_date__isnull=True) | Q(end_date__gte=last))


def serving_on(day: datetime.date):
    """The placements of teachers 在职 on `day`, each at the school they were at."""
    return Placement.objects.filter(covering(day))


def teachers_serving(school: School | int, day: datetime.date):
    """The school's teachers 在职 there on `day`."""
    return Teacher.objects.filter(pk__in=serving_on(day).filter(school=school).values("teacher_id"))


def serving_counts(day: datetime.date, school_ids=None) -> dict[int, int]:
    """School id -> its teachers 在职 there on `day` (of `school_ids`: ids or a subquery)."""
    placements = serving_on(day)
    if school_ids is not None:
        placements = placements.filter(school_id__in=school_ids)
    return dict(placements.order_by().values("school_id").annotate(n=Count("*")).values_list("school_id", "n"))


class Period(NamedTuple):
    """A teacher's time at a school within a 学年, as day numbers (`DayNumber`)."""

    school_id: int
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class YearTeachers:
    """Who taught where in a 学年, read once for the 10 % rule and the 特岗津贴.

    Most teachers are at one school all year: they are counted per school, never read one
    by one. Read one by one (`periods`) are only those who joined, moved or left during it;
    of those who moved later, where they were all year (`moved_later`)."""

    whole_year: dict[int, int]  # school id -> teachers 在职 there on every month's first day
    first_day: dict[int, int]  # school id -> teachers 在职 there on 1 September (the 10 % base)
    periods: dict[int, list[Period]]  # teacher id -> their periods in the 学年, of those who joined, moved or left
    # teacher id -> where they were all 学年 (None: nowhere), of those whose story changed
    # after it. Any other teacher not in `periods` was all 学年 at their school today,
    # unless they had left before it began (`allowance.school_counts` reads it so).
    moved_later: dict[int, int | None]


def year_teachers(year: int, school_ids=None) -> YearTeachers:
    """The `YearTeachers` of the 学年, at the given schools (ids or a subquery; all, by
    default). A teacher who joined, moved or left during it is read wherever they were
    placed: the months an exchange counts at a receiving school are the months they were
    在职 at all."""
    first_day, year_end = school_year_start(year), school_year_end(year)
    last_month = school_year_months(year)[-1]
    placements = Placement.objects.order_by()
    at_schools = placements if school_ids is None else placements.filter(school_id__in=school_ids)
    whole = covering(first_day, last_month)
    whole_year = dict(at_schools.filter(whole).values("school_id").annotate(n=Count("*")).values_list("school_id", "n"))
    # Joined during the 学年, or left (a move, a departure) before its last month began: each
    # by an index range (`placement_started`, `placement_term`), never a scan of every teacher.
    changed_in_year = Q(start_date__gt=first_day, start_date__lte=year_end) | Q(end_date__gte=first_day, end_date__lt=last_month)
    # Each such teacher's placements by the teacher's index; those outside the 学年 are
    # passed over below (asked of the database, it would walk every teacher's instead).
    wanted = placements.filter(teacher_id__in=placements.filter(changed_in_year).values("teacher_id"))
    first, last = day_number(first_day), day_number(year_end)
    periods: dict[int, list[Period]] = defaultdict(list)
    first_day_counts = dict(whole_year)
    with collector_paused():
        for teacher_id, school_id, start, end in wanted.values_list(
            "teacher_id", "school_id", DayNumber("start_date"), DayNumber("end_date")
        ):
            if (start is not None and start > last) or (end is not None and end < first):
                continue
            period = Period(school_id, max(start or first, first), min(end or last, last))
            periods[teacher_id].append(period)
            if period.first == first:
                first_day_counts[school_id] = first_day_counts.get(school_id, 0) + 1
        # Whose story changed after the 学年: few for this one, every later move for an old one.
        moved_later: dict[int, int | None] = {}
        last_month_day = day_number(last_month)
        for teacher_id, school_id, start, end in placements.filter(
            teacher_id__in=placements.filter(start_date__gt=year_end).values("teacher_id")
        ).values_list("teacher_id", "school_id", DayNumber("start_date"), DayNumber("end_date")):
            moved_later.setdefault(teacher_id, None)
            if (start is None or start <= first) and (end is None or end >= last_month_day):
                moved_later[teacher_id] = school_id
    return YearTeachers(whole_year, first_day_counts, dict(periods), moved_later)


def placements_of(teacher: Teacher) -> list[Placement]:
    """The teacher's placements, oldest first."""
    return list(teacher.placements.select_related("school__district").order_by(F("start_date").asc(nulls_first=True), "pk"))


def current_placement(teacher: Teacher) -> Placement | None:
    """The teacher's last placement (open, or ended on their 离岗日期)."""
    return teacher.placements.select_related("school").order_by(F("start_date").desc(nulls_last=True), "-pk").first()


def last_joined():
    """For a read of teachers: the day each joined their present (or last) school."""
    return Subquery(
        Placement.objects.filter(teacher=OuterRef("pk"))
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
        .values("start_date")[:1]
    )


# --- writes ----------------------------------------------------------------------------


def _record(placement: Placement, *fields: str) -> Placement:
    """Save a placement (only `fields`, when given) with the reason its history gives
    (`changes_because`): the one way the register writes one."""
    placement._change_reason = change_reason()
    placement.save(update_fields=list(fields) or None)
    return placement


def move_teacher(teacher: Teacher, school: School, on: datetime.date) -> Placement:
    """调动: the teacher joins `school` on `on`; their placement before ends the day before.
    A 编制 at the school they leave moves with them (one elsewhere stays where it is).
    The caller holds a transaction; the teacher's lock is taken here."""
    lock_teachers([teacher.pk])
    teacher.refresh_from_db()
    if teacher.school_id == school.pk:
        raise ValidationError(f"{teacher.name}已在{school.name}任教，无需调动。")
    placement = place(teacher, school.pk, on)
    if teacher.establishment_school_id == teacher.school_id:
        teacher.establishment_school = school
    teacher.school = school
    teacher._change_reason = change_reason() or f"{date_format(on)} 调动至{school.name}"
    teacher.save(update_fields=["school", "establishment_school"])
    return placement


def move_refused(teacher: Teacher, on: datetime.date) -> str | None:
    """Why the teacher cannot move on `on` (Chinese), or None: a move comes after their last
    one, and not after their 离岗日期."""
    if teacher.left_on is not None and teacher.left_on < on:
        return f"{teacher.name}已于 {date_format(teacher.left_on)} 离岗，调入日期不能在此之后；如已返岗，请先撤销离岗。"
    last = current_placement(teacher)
    if last is not None and last.start_date is not None and on <= last.start_date:
        return f"调入日期须晚于{teacher.name}调入{last.school.name}的日期（{date_format(last.start_date)}）。"
    return None


def departure_refused(teacher: Teacher, left_on: datetime.date | None) -> str | None:
    """Why the teacher cannot have left on `left_on` (Chinese), or None."""
    last = current_placement(teacher)
    if left_on is not None and last is not None and last.start_date is not None and left_on < last.start_date:
        return f"离岗日期不能早于{teacher.name}调入{last.school.name}的日期（{date_format(last.start_date)}）。"
    return None


def place(teacher: Teacher, school_id: int, on: datetime.date) -> Placement:
    """The placements of a move to `school_id` on `on` (the teacher's own fields are the
    caller's: `move_teacher`, or an import that writes them in bulk)."""
    if refused := move_refused(teacher, on):
        raise ValidationError(refused)
    if (last := current_placement(teacher)) is not None:
        last.end_date = on - ONE_DAY
        _record(last, "end_date")
    placement = Placement(teacher=teacher, school_id=school_id, start_date=on, end_date=teacher.left_on)
    return _record(placement)


def set_departure(teacher: Teacher, left_on: datetime.date | None, reason: str = "") -> None:
    """Record (or, with `left_on` None, take back) the teacher's 离岗: their last day in the
    county's schools, on which their last placement ends too. The register only: what the
    departure does to their exchanges is `departures.record_departure`'s."""
    lock_teachers([teacher.pk])
    if left_on is not None and reason not in LeavingReason.values:
        raise ValidationError(f"请选择离岗原因：{'、'.join(LeavingReason.labels)}。")
    end_story(teacher, left_on)
    teacher.left_on, teacher.leaving_reason = left_on, (reason if left_on else "")
    teacher._change_reason = change_reason()
    teacher.save(update_fields=["left_on", "leaving_reason"])


def end_story(teacher: Teacher, left_on: datetime.date | None) -> None:
    """The teacher's last placement ends on `left_on` (stays open: None). The teacher's own
    fields are the caller's (`set_departure`, or an import that writes them in bulk)."""
    if refused := departure_refused(teacher, left_on):
        raise ValidationError(refused)
    last = current_placement(teacher)
    if last is not None and last.end_date != left_on:
        last.end_date = left_on
        _record(last, "end_date")


def rejoin(teacher: Teacher, school_id: int, on: datetime.date) -> Placement:
    """A teacher who had left comes back on `on`: their placements up to the departure stay
    as they were (the years away count nowhere); a new one starts. Their own fields are the
    caller's (an import writes them in bulk)."""
    last = current_placement(teacher)
    if last is not None and last.end_date is not None and on <= last.end_date:
        raise ValidationError(f"返岗的调入日期须晚于{teacher.name}原来的离岗日期（{date_format(last.end_date)}）。")
    placement = Placement(teacher=teacher, school_id=school_id, start_date=on, end_date=None)
    return _record(placement)


def hire_date_corrected(teacher: Teacher, was: datetime.date | None, now: datetime.date | None) -> None:
    """A corrected 入职日期 moves the start of a first placement that began on it (a teacher
    who has moved since keeps their dated story as recorded)."""
    placements = list(teacher.placements.all()[:2])
    if len(placements) != 1 or placements[0].start_date != was:
        return
    (placement,) = placements
    if now is not None and placement.end_date is not None and now > placement.end_date:
        raise ValidationError(f"入职日期不能晚于{teacher.name}的离岗日期（{date_format(placement.end_date)}）。")
    placement.start_date = now
    _record(placement, "start_date")


def restart(teacher: Teacher, on: datetime.date | None) -> None:
    """A correction of the day the teacher joined their present school: the placement before
    it, if any, ends the day before. (An import whose 调入日期 says otherwise than the record.)"""
    placements = placements_of(teacher)
    last, before = placements[-1], (placements[-2] if len(placements) > 1 else None)
    if last.start_date == on:
        return
    if before is not None and (on is None or (before.start_date is not None and on <= before.start_date)):
        raise ValidationError(f"调入日期须晚于{teacher.name}调入{before.school.name}的日期。")
    if on is not None and last.end_date is not None and on > last.end_date:
        raise ValidationError(f"调入日期不能晚于{teacher.name}的离岗日期（{date_format(last.end_date)}）。")
    last.start_date = on
    _record(last, "start_date")
    if before is not None:
        before.end_date = on - ONE_DAY
        _record(before, "end_date")
