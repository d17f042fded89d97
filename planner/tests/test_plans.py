"""The plan from the records (`plan_exchanges`): imported as it stands and decided, every
school it marks 是 is compliant in the report; what it cannot meet, it explains."""

import openpyxl
import pytest
from django.core.management import call_command

from conftest import make_community, make_school
from exchanges.importer import import_exchanges
from exchanges.models import Exchange
from exchanges.services import exchange_approve
from exchanges.ten_percent import exchange_compliance
from planner.plans import propose
from teachers.departures import record_departure
from teachers.models import Teacher
from teachers.tests.builders import D, exchange

YEAR = 2027  # next September's rotation


def staff(school, prefix, subjects, **fields):
    return [
        Teacher.objects.create(
            staff_id=f"{prefix}{n:03d}",
            name=f"{prefix}教师{n}",
            school=school,
            subject=subject,
            hire_date=D(2010, 9, 1),
            **fields,
        )
        for n, subject in enumerate(subjects)
    ]


@pytest.fixture
def county():
    core, member, arts = make_school("核心校", district="直属"), make_school("成员校"), make_school("艺术校")
    make_community(core, [member, arts], year=2026, type="co_built")
    staff(core, "C", ["数学", "语文"] * 10)
    staff(member, "M", ["数学", "语文"] * 10)  # 20 在职: 2 to exchange, by a swap
    staff(arts, "A", ["美术"] * 12)  # 2 to exchange: two core teachers go there, none of its own may leave
    # A core school with nobody to send: its member cannot reach 10 %.
    lone_core, short = make_school("空核心校", district="直属"), make_school("缺人校")
    make_community(lone_core, [short], year=2026, type="co_built")
    staff(short, "S", ["美术"] * 12)
    return core, member, short


@pytest.mark.django_db
def test_rule_ten_percent_the_plan_imported_and_decided_makes_the_schools_it_marks_met_compliant(county, tmp_path):
    core, member, short = county
    path = tmp_path / "plan.xlsx"
    call_command("plan_exchanges", "--year", str(YEAR), "--output", str(path))
    sheets = openpyxl.load_workbook(path)
    said = {row[0]: row for row in sheets["达标情况"].iter_rows(min_row=2, values_only=True)}
    assert said["成员校"][3:8] == (20, 2, 0, 2, "是")
    assert said["艺术校"][3:8] == (12, 2, 0, 2, "是")
    assert said["缺人校"][3:8] == (12, 2, 0, 0, "否")
    assert (
        said["缺人校"][8] == "在职 12，需交流 2，已有 0，计划 0，可派 12。核心校没有可对调的美术教师（成员校不能因交流缺学科）。"
    )

    result = import_exchanges(str(path), filename="plan.xlsx")  # the 交流计划 sheet, as it stands
    assert "新建 4 条" in result.summary
    for filed in Exchange.objects.filter(status=Exchange.Status.FILED):
        exchange_approve(filed)
    compliance = {row.school.name: row.compliant for row in exchange_compliance(YEAR)}
    assert compliance == {"成员校": True, "艺术校": True, "缺人校": False}


@pytest.mark.django_db
def test_a_teacher_away_on_the_first_day_or_leaving_before_the_term_ends_is_not_planned(county, tmp_path):
    core, member, short = county
    away = Teacher.objects.get(staff_id="M000")
    exchange(away, core, D(2025, 9, 1), D(2028, 8, 31))  # still at the core on 1 September
    for teacher in Teacher.objects.filter(staff_id__in=["M002", "M004", "M006", "M008"]):
        record_departure(teacher, D(2027, 8, 31), "retired")  # gone before it
    plan = propose(YEAR)
    moved = {Teacher.objects.get(pk=move.teacher_id).staff_id for move in plan.solved.moves}
    assert not moved & {"M000", "M002", "M004", "M006", "M008"}
    reasons = {c.id: c.unavailable for c in plan.inputs.candidates}
    assert reasons[away.pk] == "交流中"
    assert Teacher.objects.get(staff_id="M002").pk not in reasons  # not 在职 on 1 September
