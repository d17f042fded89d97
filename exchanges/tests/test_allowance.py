"""特岗津贴 (五·(六)), each rule by name."""

import pytest

from conftest import make_school, set_district_rate
from exchanges.allowance import rural_allowances
from teachers.models import Teacher
from teachers.tests.builders import D, exchange

pytestmark = pytest.mark.django_db


def allowance_and_city_schools():
    """A 高楼 school with the 800 元/month 特岗津贴, and a city school without one."""
    gaolou = make_school("高楼学校", district="高楼")
    set_district_rate(gaolou.district, 800)
    return gaolou, make_school("城区学校", district="安阳")


def test_rural_allowance_counts_each_teacher_month_where_they_teach_on_the_first():
    gaolou, city = allowance_and_city_schools()
    Teacher.objects.create(staff_id="G1", name="本校", school=gaolou)
    visitor = Teacher.objects.create(staff_id="C1", name="来访", school=city)
    leaver = Teacher.objects.create(staff_id="G2", name="外出", school=gaolou)
    exchange(visitor, gaolou, D(2022, 3, 1), D(2025, 2, 28))  # March–August: 6 months
    exchange(leaver, city, D(2021, 10, 2), D(2022, 6, 30))  # away on the first of Nov–Jun: 8 months
    (row,) = rural_allowances(2021)
    assert (row.school.id, row.district.name, row.monthly_rate, row.teachers) == (gaolou.id, "高楼", 800, 3)
    assert row.teacher_months == 12 + 6 + (12 - 8)
    assert row.amount == 22 * 800


def test_rural_allowance_counts_only_approved_ongoing_or_finished_exchanges():
    gaolou, city = allowance_and_city_schools()
    staying = Teacher.objects.create(staff_id="G1", name="本校", school=gaolou)
    filed_visitor = Teacher.objects.create(staff_id="C1", name="待批", school=city)
    exchange(staying, city, D(2021, 9, 1), D(2022, 8, 31), status="filed")
    exchange(filed_visitor, gaolou, D(2021, 9, 1), D(2022, 8, 31), status="rejected")
    (row,) = rural_allowances(2021)
    assert (row.teachers, row.teacher_months) == (1, 12)


def test_rural_allowance_counts_a_teacher_from_the_first_month_after_their_hire_date():
    """Nobody is paid for months before they were hired, nor in years before it."""
    gaolou, city = allowance_and_city_schools()
    Teacher.objects.create(staff_id="G1", name="老教师", school=gaolou, hire_date=D(2010, 9, 1))
    Teacher.objects.create(staff_id="G2", name="九月新教师", school=gaolou, hire_date=D(2021, 9, 1))  # all 12 months
    Teacher.objects.create(staff_id="G3", name="年中新教师", school=gaolou, hire_date=D(2021, 11, 15))  # Dec–Aug: 9
    Teacher.objects.create(staff_id="G4", name="八月中入职", school=gaolou, hire_date=D(2022, 8, 10))  # no month begins after
    Teacher.objects.create(staff_id="G5", name="下一学年入职", school=gaolou, hire_date=D(2022, 9, 1))
    shadowing = Teacher.objects.create(staff_id="G6", name="跟岗新教师", school=gaolou, hire_date=D(2021, 10, 8))
    exchange(shadowing, city, D(2021, 10, 8), D(2022, 10, 7), kind="shadowing")  # away every month they teach in
    (row,) = rural_allowances(2021)
    assert (row.teachers, row.teacher_months) == (3, 12 + 12 + 9)
    (before,) = rural_allowances(2020)
    assert (before.teachers, before.teacher_months) == (1, 12)


def test_rural_allowance_never_counts_an_exchange_before_the_teachers_hire_date():
    """Records that say otherwise (filed before the hire date was known) count from it."""
    gaolou, city = allowance_and_city_schools()
    Teacher.objects.create(staff_id="G1", name="老教师", school=gaolou, hire_date=D(2010, 9, 1))
    not_yet_hired = Teacher.objects.create(staff_id="G2", name="下一学年入职", school=gaolou, hire_date=D(2022, 9, 1))
    exchange(not_yet_hired, city, D(2021, 9, 1), D(2024, 8, 31))
    arriving = Teacher.objects.create(staff_id="C1", name="十月入职来校", school=city, hire_date=D(2021, 10, 1))
    exchange(arriving, gaolou, D(2021, 9, 1), D(2024, 8, 31))  # Oct–Aug: 11 months
    (row,) = rural_allowances(2021)
    assert (row.teachers, row.teacher_months) == (2, 12 + 11)


def test_rural_allowance_counts_a_teacher_once_where_an_old_exchange_led_to_their_own_school():
    """教师人数 is distinct teachers: one who has since moved to the school they were sent to counts once."""
    gaolou, city = allowance_and_city_schools()
    moved = Teacher.objects.create(staff_id="M1", name="调入", school=gaolou)
    exchange(moved, gaolou, D(2021, 9, 1), D(2022, 8, 31), from_school=city)
    (row,) = rural_allowances(2021)
    assert (row.teachers, row.teacher_months) == (1, 12)
