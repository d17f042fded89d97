"""The 80 % question: which 协作型 communities could become 共建型, ranked by their records,
and what the 10 % rule would ask of their members."""

import datetime

import pytest

from conftest import make_community, make_school
from planner.what_if import IN_PROGRESS, co_built_what_if
from teachers.models import Teacher
from teachers.tests.builders import exchange

pytestmark = pytest.mark.django_db
YEAR = 2021


def staffed(name, teachers, district="塘下"):
    school = make_school(name, district=district)
    for n in range(teachers):
        Teacher.objects.create(staff_id=f"{name}{n}", name=f"{name}老师{n}", school=school, hire_date=datetime.date(2010, 9, 1))
    return school


def test_rule_type_share_the_cooperative_communities_nearest_to_co_built_come_first():
    co_built_core, co_built_member = staffed("共建核心校", 5, "直属"), staffed("共建成员校", 10)
    make_community(co_built_core, [co_built_member], year=YEAR, type="co_built")
    ready_core, ready = staffed("甲核心校", 30, "直属"), staffed("甲成员校", 20)
    make_community(ready_core, [ready], year=YEAR, type="cooperative")
    far_core, far = staffed("乙核心校", 30, "直属"), staffed("乙成员校", 40)
    make_community(far_core, [far], year=YEAR, type="cooperative")
    for teacher in Teacher.objects.filter(school=ready)[:2]:  # 2 of 20: at 10 % already
        exchange(teacher, ready_core, datetime.date(YEAR, 9, 1), datetime.date(YEAR + 3, 8, 31), status="approved")

    what_if = co_built_what_if(YEAR)
    assert (what_if.communities, what_if.close_types, what_if.needed) == (3, 1, 2)  # 80 % of 3: 3 close types
    first, second = what_if.candidates
    assert (first.core_school, first.members_at_ratio, first.exchanged, first.to_move) == ("甲核心校", 1, 2, 2)
    assert (second.core_school, second.members_at_ratio, second.to_move) == ("乙核心校", 0, 4)
    assert first.grade == "不合格" and what_if.year == YEAR  # 2021 is over: its 考核 as scored from the records
    assert co_built_what_if(2026).candidates[0].grade == IN_PROGRESS
