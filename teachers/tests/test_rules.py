"""The exchange policy's consequences, each rule by name."""

import datetime
from decimal import Decimal

import pytest

from conftest import make_community, make_school
from teachers.models import Exchange, Teacher
from teachers.rules import (
    excellent_quota,
    exchange_compliance,
    mountain_senior_candidates,
    rural_allowances,
    shadowing_checks,
)
from teachers.selectors import effective_exchanges_in, inflow_teachers

pytestmark = pytest.mark.django_db
D = datetime.date


def teachers_of(school, count, prefix):
    return [Teacher.objects.create(staff_id=f"{prefix}{i}", name=f"{prefix}{i}", school=school) for i in range(count)]


def exchange(teacher, to_school, start, end, status="in_progress", kind="rotation", from_school=None):
    return Exchange.objects.create(
        teacher=teacher,
        from_school=from_school or teacher.school,
        to_school=to_school,
        kind=kind,
        start_date=start,
        planned_end=end,
        status=status,
        reject_reason="不符合条件" if status == "rejected" else "",
    )


def allowance_and_city_schools():
    """A 高楼 school with the 800 元/month 特岗津贴, and a city school without one."""
    gaolou = make_school("高楼学校", district="高楼")
    gaolou.district.rural_allowance_per_month = 800
    gaolou.district.save()
    return gaolou, make_school("城区学校", district="安阳")


@pytest.fixture
def co_built():
    core = make_school("核心校", district="直属")
    member = make_school("成员校", district="塘下")
    make_community(core, [member], year=2021, type="co_built")
    return core, member


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


def test_new_member_teachers_shadow_at_the_core_school_for_a_year(co_built):
    core, member = co_built
    shadowed = Teacher.objects.create(staff_id="N1", name="新甲", school=member, hire_date=D(2021, 9, 1))
    short = Teacher.objects.create(staff_id="N2", name="新乙", school=member, hire_date=D(2021, 9, 1))
    Teacher.objects.create(staff_id="N3", name="新丙", school=member, hire_date=D(2021, 9, 1))
    Teacher.objects.create(staff_id="O1", name="老师", school=member, hire_date=D(2010, 9, 1))
    exchange(shadowed, core, D(2021, 9, 1), D(2022, 8, 31), kind="shadowing")
    exchange(short, core, D(2021, 9, 1), D(2022, 1, 31), kind="shadowing")
    checks = {c.teacher.name: c.ok for c in shadowing_checks(2021)}
    assert checks == {"新甲": True, "新乙": False, "新丙": False}


def core_and_mountain_school():
    """A 直属 core school and a school in 高楼, a 山区 学区."""
    core = make_school("核心校", district="直属")
    mountain = make_school("高楼成员校", district="高楼")
    mountain.district.is_mountain = True
    mountain.district.save()
    return core, mountain


def test_core_teachers_three_years_in_a_mountain_school_keep_out_of_the_members_senior_quota():
    core, mountain = core_and_mountain_school()
    make_community(core, [mountain], year=2021, type="cooperative")
    community = mountain.memberships.get().community_year.community
    long_serving, recent = teachers_of(core, 2, "C")
    for teacher, start in [(long_serving, D(2021, 9, 1)), (recent, D(2023, 9, 1))]:
        Exchange.objects.create(
            teacher=teacher,
            from_school=core,
            to_school=mountain,
            community=community,
            kind="support",
            start_date=start,
            planned_end=D(2026, 8, 31),
            status="in_progress",
        )
    candidates = mountain_senior_candidates(D(2024, 9, 1))
    assert [c.teacher for c in candidates] == [long_serving]
    assert candidates[0].years >= 3


def test_excellent_quota_for_inflow_teachers_is_base_plus_five_points():
    assert excellent_quota(20, Decimal("0.15")) == 4  # 20 × 20%
    assert excellent_quota(7, Decimal("0.15")) == 1  # 1.4 rounds to 1
    assert excellent_quota(10, Decimal("0.15")) == 2
    assert excellent_quota(1, Decimal("0.99")) == 1  # never more than the teachers


def test_inflow_teachers_are_counted_per_member_school(co_built):
    core, member = co_built
    a, b = teachers_of(core, 2, "C")
    exchange(a, member, D(2020, 9, 1), D(2023, 8, 31))
    exchange(b, member, D(2021, 9, 1), D(2024, 8, 31), status="filed")
    assert inflow_teachers(2021) == {member.id: 1}


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
    rows = zip(read.teacher_ids, read.home_school_ids, read.from_school_ids, read.to_school_ids, read.starts, read.ends)
    assert (staff[2].id, member.id, member.id, core.id, D(2020, 9, 1).toordinal(), D(2021, 12, 31).toordinal()) in rows


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


def test_the_ten_percent_rule_counts_the_teachers_of_that_year(co_built):
    core, member = co_built
    teachers_of(member, 9, "M")
    Teacher.objects.create(staff_id="N1", name="新教师", school=member, hire_date=D(2022, 9, 1))
    assert compliance_of(2021, member).teachers == 9
    assert compliance_of(2022, member).teachers == 10


def test_terms_ending_within_ninety_days_are_flagged(co_built):
    from teachers.selectors import ending_soon

    core, member = co_built
    a, b, c = teachers_of(member, 3, "E")
    soon = exchange(a, core, D(2021, 9, 1), D(2024, 8, 31))
    exchange(b, core, D(2021, 9, 1), D(2025, 8, 31))
    exchange(c, core, D(2021, 9, 1), D(2024, 8, 31), status="filed")
    assert list(ending_soon(Exchange.objects.all(), today=D(2024, 7, 1))) == [soon]


def test_mountain_service_counts_only_years_when_the_community_was_co_built_or_cooperative():
    """五·(二) applies to 共建型/协作型: years under 融合型 do not count toward the three."""
    core, mountain = core_and_mountain_school()
    merged = make_community(core, [mountain], year=2021, type="merged")
    make_community(core, [mountain], year=2023, type="cooperative", community=merged.community)
    (teacher,) = teachers_of(core, 1, "C")
    for start, end in [(D(2021, 9, 1), D(2023, 8, 31)), (D(2023, 9, 1), D(2026, 8, 31))]:
        Exchange.objects.create(
            teacher=teacher,
            from_school=core,
            to_school=mountain,
            community=merged.community,
            kind="support",
            start_date=start,
            planned_end=end,
            status="in_progress",
        )
    assert mountain_senior_candidates(D(2025, 9, 1)) == []  # two 协作型 years so far
    assert [c.teacher for c in mountain_senior_candidates(D(2026, 8, 31))] == [teacher]


def test_rural_allowance_counts_a_teacher_once_where_an_old_exchange_led_to_their_own_school():
    """教师人数 is distinct teachers: one who has since moved to the school they were sent to counts once."""
    gaolou, city = allowance_and_city_schools()
    moved = Teacher.objects.create(staff_id="M1", name="调入", school=gaolou)
    exchange(moved, gaolou, D(2021, 9, 1), D(2022, 8, 31), from_school=city)
    (row,) = rural_allowances(2021)
    assert (row.teachers, row.teacher_months) == (1, 12)


def test_one_exchange_spanning_a_type_change_counts_only_its_co_built_or_cooperative_years():
    core, mountain = core_and_mountain_school()
    cooperative = make_community(core, [mountain], year=2021, type="cooperative")
    make_community(core, [mountain], year=2022, type="merged", community=cooperative.community)
    make_community(core, [mountain], year=2024, type="co_built", community=cooperative.community)
    (teacher,) = teachers_of(core, 1, "C")
    Exchange.objects.create(
        teacher=teacher,
        from_school=core,
        to_school=mountain,
        community=cooperative.community,
        kind="support",
        start_date=D(2021, 9, 1),
        planned_end=D(2026, 8, 31),
        status="in_progress",
    )
    assert mountain_senior_candidates(D(2025, 8, 31)) == []  # 2021 and 2024: two years
    (candidate,) = mountain_senior_candidates(D(2026, 8, 31))  # 2021, 2024 and 2025: three
    assert round(candidate.years, 1) == 3.0


def test_a_teacher_with_three_qualifying_years_stays_a_candidate_after_the_type_changes():
    """五·(二): three 共建型/协作型 years, and still teaching in the mountains; today's type does not matter."""
    core, mountain = core_and_mountain_school()
    cooperative = make_community(core, [mountain], year=2021, type="cooperative")
    make_community(core, [mountain], year=2024, type="merged", community=cooperative.community)
    (teacher,) = teachers_of(core, 1, "C")
    Exchange.objects.create(
        teacher=teacher,
        from_school=core,
        to_school=mountain,
        community=cooperative.community,
        kind="support",
        start_date=D(2021, 9, 1),
        planned_end=D(2026, 8, 31),
        status="in_progress",
    )
    assert [c.teacher for c in mountain_senior_candidates(D(2024, 10, 1))] == [teacher]


def test_core_new_teachers_go_to_a_member_school_after_their_service_term(co_built):
    """核心校招聘的新教师服务期满后，须交流到成员校（校区）工作; the bureau sets the term's length."""
    from teachers.rules import core_new_teachers_due

    core, member = co_built
    due_one = Teacher.objects.create(staff_id="N1", name="期满未交流", school=core, hire_date=D(2021, 9, 1))
    gone = Teacher.objects.create(staff_id="N2", name="期满已交流", school=core, hire_date=D(2021, 9, 1))
    Teacher.objects.create(staff_id="N3", name="尚在服务期", school=core, hire_date=D(2023, 9, 1))
    Teacher.objects.create(staff_id="N4", name="名单前入职", school=core, hire_date=D(2015, 9, 1))
    exchange(gone, member, D(2024, 9, 1), D(2027, 8, 31))
    due = core_new_teachers_due(2024, service_years=3)
    assert [(item.teacher, item.service_end, [s.name for s in item.members]) for item in due] == [
        (due_one, D(2024, 9, 1), [member.name])
    ]
