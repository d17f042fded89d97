"""A teacher's dated story (domain.md, "A teacher's years"; contracts.md, Teachers): each
rule by name."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import make_school, set_district_rate
from exchanges.allowance import rural_allowances
from exchanges.models import Exchange
from exchanges.ten_percent import exchange_compliance
from teachers.departures import cancel_departure, record_departure
from teachers.models import Placement, Teacher
from teachers.register import move_teacher, serving_counts, teachers_serving, year_teachers
from teachers.tests.builders import D, exchange

pytestmark = pytest.mark.django_db


def gaolou_school(name="高楼学校"):
    school = make_school(name, district="高楼")
    set_district_rate(school.district, 800)
    return school


HIRED = D(2010, 9, 1)


def teacher_at(school, staff_id="T1", hired=HIRED):
    return Teacher.objects.create(staff_id=staff_id, name=f"老师{staff_id}", school=school, hire_date=hired)


def test_a_new_teacher_is_placed_at_their_school_from_their_hire_date():
    school = make_school("某小学")
    teacher = teacher_at(school)
    (placement,) = teacher.placements.all()
    assert (placement.school, placement.start_date, placement.end_date) == (school, D(2010, 9, 1), None)


def test_serving_at_a_school_on_a_day_is_a_placement_of_it_covering_that_day():
    first, second = make_school("甲校"), make_school("乙校")
    teacher = teacher_at(first)
    move_teacher(teacher, second, D(2024, 3, 1))
    assert list(teachers_serving(first, D(2024, 2, 29))) == [teacher]
    assert list(teachers_serving(second, D(2024, 2, 29))) == []
    assert list(teachers_serving(second, D(2024, 3, 1))) == [teacher]
    assert list(teachers_serving(first, D(2009, 8, 31))) == []  # not yet hired


def test_a_move_ends_the_placement_before_on_the_day_before_and_keeps_it():
    first, second = make_school("甲校"), make_school("乙校")
    teacher = teacher_at(first)
    move_teacher(teacher, second, D(2024, 9, 1))
    stories = list(teacher.placements.order_by("start_date").values_list("school__name", "start_date", "end_date"))
    assert stories == [("甲校", D(2010, 9, 1), D(2024, 8, 31)), ("乙校", D(2024, 9, 1), None)]
    teacher.refresh_from_db()
    assert teacher.school == second and teacher.establishment_school == second  # the 编制 went with them


def test_a_move_must_come_after_the_last_one():
    first, second = make_school("甲校"), make_school("乙校")
    teacher = teacher_at(first)
    with pytest.raises(ValidationError, match="调入日期须晚于"):
        move_teacher(teacher, second, D(2010, 9, 1))
    assert teacher.placements.count() == 1


def test_a_departure_ends_the_last_placement_on_the_leaving_day():
    school = make_school("某小学")
    teacher = teacher_at(school)
    record_departure(teacher, D(2025, 7, 31), "retired")
    teacher.refresh_from_db()
    assert (teacher.left_on, teacher.get_leaving_reason_display(), teacher.serving) == (D(2025, 7, 31), "退休", False)
    assert teacher.placements.get().end_date == D(2025, 7, 31)
    assert serving_counts(D(2025, 7, 31)) == {school.id: 1}
    assert serving_counts(D(2025, 8, 1)) == {}


def test_a_departure_needs_a_reason():
    teacher = teacher_at(make_school("某小学"))
    with pytest.raises(ValidationError, match="请选择离岗原因"):
        record_departure(teacher, D(2025, 7, 31), "")
    teacher.refresh_from_db()
    assert teacher.left_on is None and teacher.placements.get().end_date is None


def test_a_departure_taken_back_opens_the_last_placement_again():
    teacher = teacher_at(make_school("某小学"))
    record_departure(teacher, D(2025, 7, 31), "resigned")
    cancel_departure(teacher, "录入错误")
    teacher.refresh_from_db()
    assert (teacher.left_on, teacher.leaving_reason, teacher.placements.get().end_date) == (None, "", None)
    assert teacher.history.first().history_change_reason == "撤销离岗：录入错误"


def test_a_retired_teacher_no_longer_earns_the_rural_allowance():
    """The issue's case: a 高楼 school's teachers retire, and 学年 2030 pays none of them."""
    gaolou = gaolou_school()
    staff = [teacher_at(gaolou, f"G{i}") for i in range(20)]
    for teacher in staff:
        record_departure(teacher, D(2026, 8, 31), "retired")
    (row,) = rural_allowances(2030)
    assert (row.teachers, row.teacher_months, row.amount) == (0, 0, 0)
    (row,) = rural_allowances(2025)  # their last 学年, whole
    assert (row.teachers, row.teacher_months) == (20, 240)


def test_the_rural_allowance_counts_a_teacher_who_leaves_mid_year_until_their_last_day():
    gaolou = gaolou_school()
    teacher = teacher_at(gaolou)
    record_departure(teacher, D(2022, 1, 15), "resigned")  # there on 1 Sep … 1 Jan: 5 months
    (row,) = rural_allowances(2021)
    assert (row.teachers, row.teacher_months) == (1, 5)


def test_the_rural_allowance_counts_a_moved_teacher_at_each_school_for_its_months():
    first, second = gaolou_school("高楼一校"), gaolou_school("高楼二校")
    teacher = teacher_at(first)
    move_teacher(teacher, second, D(2022, 2, 10))  # 1 Sep … 1 Feb at the first: 6; 1 Mar … 1 Aug: 6
    rows = {row.school.name: (row.teachers, row.teacher_months) for row in rural_allowances(2021)}
    assert rows == {"高楼一校": (1, 6), "高楼二校": (1, 6)}
    # A past 学年 is where they were then, not where they are now.
    rows = {row.school.name: (row.teachers, row.teacher_months) for row in rural_allowances(2020)}
    assert rows == {"高楼一校": (1, 12), "高楼二校": (0, 0)}


def test_an_exchange_counts_at_the_receiving_school_only_while_the_teacher_is_serving():
    gaolou, city = gaolou_school(), make_school("城区学校", district="安阳")
    visitor = teacher_at(city, "C1")
    exchange(visitor, gaolou, D(2021, 9, 1), D(2024, 8, 31))
    Teacher.objects.filter(pk=visitor.pk).update(left_on=D(2021, 12, 20), leaving_reason="retired")
    Placement.objects.filter(teacher=visitor).update(end_date=D(2021, 12, 20))  # as an import leaves it
    (row,) = rural_allowances(2021)
    assert (row.teachers, row.teacher_months) == (1, 4)  # 1 Sep, Oct, Nov, Dec


def test_the_rural_allowance_takes_an_exchange_teachers_months_away_from_where_they_were_placed():
    """A teacher who moved after their exchange began is away from their new school, not the old."""
    first, second, city = gaolou_school("高楼一校"), gaolou_school("高楼二校"), make_school("城区学校", district="安阳")
    teacher = teacher_at(first)
    exchange(teacher, city, D(2020, 9, 1), D(2023, 8, 31), from_school=first)
    move_teacher(teacher, second, D(2021, 3, 1))
    rows = {row.school.name: (row.teachers, row.teacher_months) for row in rural_allowances(2021)}
    assert rows == {"高楼一校": (0, 0), "高楼二校": (0, 0)}
    # 2022: all year at the second school, away until the end of August 2023 but for nothing.
    Exchange.objects.filter(teacher=teacher).update(planned_end=D(2023, 2, 28))
    rows = {row.school.name: (row.teachers, row.teacher_months) for row in rural_allowances(2022)}
    assert rows == {"高楼一校": (0, 0), "高楼二校": (1, 6)}  # back from 1 March 2023


def test_the_ten_percent_base_is_the_teachers_serving_on_the_first_day_of_the_year(co_built):
    core, member = co_built
    staff = [teacher_at(member, f"M{i}") for i in range(10)]
    teacher_at(member, "NEW", hired=D(2021, 10, 1))  # joined after 1 September: not in the base
    record_departure(staff[0], D(2021, 8, 31), "retired")  # left the day before: not in it
    record_departure(staff[1], D(2021, 9, 1), "retired")  # left on it: in it
    exchange(staff[2], core, D(2021, 9, 1), D(2024, 8, 31))
    (row,) = exchange_compliance(2021)
    assert (row.teachers, row.exchanged) == (9, 1)
    assert year_teachers(2021).first_day[member.id] == 9


def test_a_departure_ends_a_running_exchange_on_the_leaving_day_and_withdraws_one_not_begun(co_built):
    core, member = co_built
    teacher = teacher_at(member)
    running = exchange(teacher, core, D(2021, 9, 1), D(2024, 8, 31))
    later = exchange(teacher, core, D(2025, 9, 1), D(2026, 8, 31), status="approved")
    changed = record_departure(teacher, D(2022, 6, 30), "transferred_out")
    assert [e.pk for e in changed] == [running.pk, later.pk]
    running.refresh_from_db()
    later.refresh_from_db()
    assert (running.status, running.planned_end) == (Exchange.Status.FINISHED, D(2022, 6, 30))
    assert later.status == Exchange.Status.WITHDRAWN
    assert "教师离岗（调出本县" in later.history.first().history_change_reason


def test_a_departed_teacher_is_kept_with_their_exchanges(co_built):
    core, member = co_built
    teacher = teacher_at(member)
    exchange(teacher, core, D(2021, 9, 1), D(2022, 8, 31), status="finished")
    record_departure(teacher, D(2023, 7, 31), "retired")
    assert Teacher.objects.filter(pk=teacher.pk).exists() and teacher.exchanges.count() == 1
    # Their past 学年 still counts them, in the base and as exchanged.
    assert [(row.teachers, row.exchanged) for row in exchange_compliance(2021)] == [(1, 1)]


def test_an_approved_exchange_not_yet_begun_ends_on_the_leaving_day_and_stays_approved(co_built):
    core, member = co_built
    teacher = teacher_at(member)
    ahead = datetime.date.today() + datetime.timedelta(days=30)
    term = exchange(teacher, core, ahead, ahead + datetime.timedelta(days=700), status="approved")
    record_departure(teacher, ahead + datetime.timedelta(days=100), "retired")
    term.refresh_from_db()
    assert (term.status, term.planned_end) == (Exchange.Status.APPROVED, ahead + datetime.timedelta(days=100))


def test_a_past_years_exchange_is_taken_from_the_school_the_teacher_was_at_then_though_they_moved_later():
    first, second, city = gaolou_school("高楼一校"), gaolou_school("高楼二校"), make_school("城区学校", district="安阳")
    teacher = teacher_at(first)
    exchange(teacher, city, D(2021, 9, 1), D(2022, 2, 28), status="finished", from_school=first)
    before = {row.school.name: (row.teachers, row.teacher_months) for row in rural_allowances(2021)}
    move_teacher(teacher, second, D(2024, 9, 1))
    after = {row.school.name: (row.teachers, row.teacher_months) for row in rural_allowances(2021)}
    assert before == after == {"高楼一校": (1, 6), "高楼二校": (0, 0)}
