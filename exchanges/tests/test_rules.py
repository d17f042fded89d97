"""The exchange policy's consequences, each rule by name."""

from decimal import Decimal

import pytest

from conftest import make_community, make_school
from exchanges.excellent_quota import excellent_quota, excellent_quotas
from exchanges.models import Exchange
from exchanges.selectors import effective_exchanges_in, inflow_teachers
from exchanges.ten_percent import exchange_compliance
from teachers.models import Teacher
from teachers.tests.builders import D, exchange, teachers_of

pytestmark = pytest.mark.django_db


def compliance_of(year, school):
    return next(row for row in exchange_compliance(year) if row.school.id == school.id)


def test_co_built_members_must_exchange_ten_percent_of_their_teachers(co_built):
    core, member = co_built
    staff = teachers_of(member, 20, "M")
    exchange(staff[0], core, D(2021, 9, 1), D(2024, 8, 31))
    row = compliance_of(2021, member)
    assert (row.teachers, row.exchanged, row.compliant_label) == (20, 1, "否")
    exchange(teachers_of(core, 1, "C")[0], member, D(2022, 2, 1), D(2025, 1, 31))
    row = compliance_of(2021, member)
    assert (row.exchanged, row.ratio, row.compliant_label) == (2, 0.1, "是")


def test_a_co_built_member_without_teachers_on_record_cannot_be_judged(co_built):
    _, member = co_built
    row = compliance_of(2021, member)
    assert (row.teachers, row.ratio, row.compliant_label) == (0, None, "无法核算")


def test_only_approved_ongoing_or_finished_exchanges_starting_in_the_year_count(co_built):
    core, member = co_built
    staff = teachers_of(member, 10, "M")
    exchange(staff[0], core, D(2021, 9, 1), D(2022, 8, 31), status="filed")
    exchange(staff[1], core, D(2021, 9, 1), D(2022, 8, 31), status="rejected")
    exchange(staff[2], core, D(2020, 9, 1), D(2023, 8, 31), status="in_progress")  # started the year before
    assert compliance_of(2021, member).exchanged == 0


def test_the_ten_percent_rule_does_not_apply_to_other_types():
    core = make_school("核心校", district="直属")
    member = make_school("成员校", district="马屿")
    make_community(core, [member], year=2021, type="cooperative")
    assert compliance_of(2021, member).compliant_label == "不适用"


def test_the_2021_roster_still_holds_in_later_years(co_built):
    _, member = co_built
    assert compliance_of(2023, member).school.name == member.name


def test_excellent_quota_for_inflow_teachers_is_base_plus_five_points():
    assert excellent_quota(20, Decimal("0.15"), Decimal("0.05")) == 4  # 20 × 20%
    assert excellent_quota(7, Decimal("0.15"), Decimal("0.05")) == 1  # 1.4 rounds to 1
    assert excellent_quota(10, Decimal("0.15"), Decimal("0.05")) == 2
    assert excellent_quota(1, Decimal("0.99"), Decimal("0.05")) == 1  # never more than the teachers


def test_inflow_teachers_are_counted_per_member_school(co_built):
    core, member = co_built
    a, b = teachers_of(core, 2, "C")
    exchange(a, member, D(2020, 9, 1), D(2023, 8, 31))
    exchange(b, member, D(2021, 9, 1), D(2024, 8, 31), status="filed")
    assert inflow_teachers(2021) == {member.id: 1}


def test_the_excellent_quota_is_worked_out_for_each_school_that_received_teachers(co_built):
    core, member = co_built
    schools = [row.school for row in exchange_compliance(2021)]
    rows = excellent_quotas(schools, {member.id: 20, core.id: 0}, Decimal("0.15"), Decimal("0.05"))
    assert [(row.school.id, row.inflow_teachers, row.quota) for row in rows] == [(member.id, 20, 4)]


def test_the_years_exchanges_are_the_effective_ones_whose_term_overlaps_it(co_built):
    core, member = co_built
    staff = teachers_of(member, 6, "M")
    counted = [
        exchange(staff[0], core, D(2019, 9, 1), D(2021, 9, 1)),  # ends on the 学年's first day
        exchange(staff[1], core, D(2022, 8, 31), D(2023, 8, 30), status="approved"),  # starts on its last day
        exchange(staff[2], core, D(2020, 9, 1), D(2021, 12, 31), status="finished"),
    ]
    exchange(staff[3], core, D(2018, 9, 1), D(2021, 8, 31))  # over before the 学年
    exchange(staff[4], core, D(2022, 9, 1), D(2023, 8, 31), status="approved")  # the next 学年
    exchange(staff[5], core, D(2021, 9, 1), D(2022, 8, 31), status="filed")  # not approved
    read = effective_exchanges_in(2021)
    assert sorted(read.teacher_ids) == sorted(e.teacher_id for e in counted)
    rows = zip(read.teacher_ids, read.from_school_ids, read.to_school_ids, read.starts, read.ends)
    assert (staff[2].id, member.id, core.id, D(2020, 9, 1).toordinal(), D(2021, 12, 31).toordinal()) in rows


def test_the_ten_percent_rule_counts_the_teachers_of_that_year(co_built):
    core, member = co_built
    teachers_of(member, 9, "M")
    Teacher.objects.create(staff_id="N1", name="新教师", school=member, hire_date=D(2022, 9, 1))
    assert compliance_of(2021, member).teachers == 9
    assert compliance_of(2022, member).teachers == 10


def test_terms_ending_within_ninety_days_are_flagged(co_built):
    from exchanges.selectors import ending_soon

    core, member = co_built
    a, b, c = teachers_of(member, 3, "E")
    soon = exchange(a, core, D(2021, 9, 1), D(2024, 8, 31))
    exchange(b, core, D(2021, 9, 1), D(2025, 8, 31))
    exchange(c, core, D(2021, 9, 1), D(2024, 8, 31), status="filed")
    assert list(ending_soon(Exchange.objects.all(), today=D(2024, 7, 1))) == [soon]
