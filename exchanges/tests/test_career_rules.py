"""A teacher's path the plan lays down (跟岗, 服务期, 山区), each rule by name."""

import pytest

from conftest import make_community, make_school, set_district_rate
from exchanges.career_rules import core_new_teachers_due, mountain_senior_candidates, shadowing_checks
from exchanges.models import Exchange
from teachers.models import Teacher
from teachers.tests.builders import D, exchange, teachers_of

pytestmark = pytest.mark.django_db


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


def support_in_the_mountains(teacher, mountain, community, start, end):
    """A core-school teacher's 支教 at a member school, running."""
    return Exchange.objects.create(
        teacher=teacher,
        from_school=teacher.school,
        to_school=mountain,
        community=community,
        kind="support",
        start_date=start,
        planned_end=end,
        status="in_progress",
    )


def core_and_mountain_school():
    """A 直属 core school and a school in 高楼, a 山区 学区."""
    core = make_school("核心校", district="直属")
    mountain = make_school("高楼成员校", district="高楼")
    set_district_rate(mountain.district, mountain=True)
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


def test_one_exchange_spanning_a_type_change_counts_only_its_co_built_or_cooperative_years():
    core, mountain = core_and_mountain_school()
    cooperative = make_community(core, [mountain], year=2021, type="cooperative")
    make_community(core, [mountain], year=2022, type="merged", community=cooperative.community)
    make_community(core, [mountain], year=2024, type="co_built", community=cooperative.community)
    (teacher,) = teachers_of(core, 1, "C")
    support_in_the_mountains(teacher, mountain, cooperative.community, D(2021, 9, 1), D(2026, 8, 31))
    assert mountain_senior_candidates(D(2025, 8, 31)) == []  # 2021 and 2024: two years
    (candidate,) = mountain_senior_candidates(D(2026, 8, 31))  # 2021, 2024 and 2025: three
    assert round(candidate.years, 1) == 3.0


def test_a_teacher_with_three_qualifying_years_stays_a_candidate_after_the_type_changes():
    """五·(二): three 共建型/协作型 years, and still teaching in the mountains; today's type does not matter."""
    core, mountain = core_and_mountain_school()
    cooperative = make_community(core, [mountain], year=2021, type="cooperative")
    make_community(core, [mountain], year=2024, type="merged", community=cooperative.community)
    (teacher,) = teachers_of(core, 1, "C")
    support_in_the_mountains(teacher, mountain, cooperative.community, D(2021, 9, 1), D(2026, 8, 31))
    assert [c.teacher for c in mountain_senior_candidates(D(2024, 10, 1))] == [teacher]


def test_core_new_teachers_go_to_a_member_school_after_their_service_term(co_built):
    """核心校招聘的新教师服务期满后，须交流到成员校（校区）工作; the bureau sets the term's length."""

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


def test_rule_mountain_three_years_are_by_the_calendar_not_1095_days():
    """From 1 September 2021, three years are full on 31 August 2024 (1,096 days: 2024 has
    a 29 February); on 30 August, at 1,095 days, the teacher is not yet listed."""
    core, mountain = core_and_mountain_school()
    cooperative = make_community(core, [mountain], year=2021, type="cooperative")
    (teacher,) = teachers_of(core, 1, "C")
    support_in_the_mountains(teacher, mountain, cooperative.community, D(2021, 9, 1), D(2025, 8, 31))
    assert mountain_senior_candidates(D(2024, 8, 30)) == []
    (candidate,) = mountain_senior_candidates(D(2024, 8, 31))
    assert candidate.years == 3 and candidate.days == 1096


def test_rule_shadowing_one_year_is_to_the_day_before_the_anniversary(co_built):
    """跟岗 from 1 September 2023 is a year on 31 August 2024 (366 days); a day less is not."""
    core, member = co_built
    full = Teacher.objects.create(staff_id="N1", name="新甲", school=member, hire_date=D(2023, 9, 1))
    short = Teacher.objects.create(staff_id="N2", name="新乙", school=member, hire_date=D(2023, 9, 1))
    exchange(full, core, D(2023, 9, 1), D(2024, 8, 31), kind="shadowing")
    exchange(short, core, D(2023, 9, 1), D(2024, 8, 30), kind="shadowing")
    checks = {c.teacher.name: c.ok for c in shadowing_checks(2023)}
    assert checks == {"新甲": True, "新乙": False}
