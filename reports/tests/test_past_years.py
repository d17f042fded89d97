"""Past years do not move (domain.md, "A teacher's years"): the annual report and the
dashboard of 学年 2022 give the same figures run again after teachers moved and retired."""

import dataclasses
import datetime

import openpyxl
import pytest
from django.core.management import call_command

from reports.dashboard import dashboard
from teachers.departures import record_departure
from teachers.models import Teacher
from teachers.register import move_teacher

pytestmark = pytest.mark.django_db
D = datetime.date


def cells(tmp_path, year: int) -> dict:
    """Every cell of the year's report: (sheet, row, column) -> value."""
    path = tmp_path / f"report-{year}.xlsx"
    call_command("annual_report", "--year", str(year), "--output", str(path))
    workbook = openpyxl.load_workbook(path)
    return {
        (sheet.title, cell.row, cell.column): cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def figures(year: int) -> dict:
    board = dashboard(year)
    return {"county": dataclasses.asdict(board.county), "districts": [dataclasses.asdict(line) for line in board.districts]}


def test_a_past_years_report_and_dashboard_stay_the_same_after_later_moves_and_departures(tmp_path, county_2022):
    core, gaolou, other, staff = county_2022
    report_then, dashboard_then = cells(tmp_path, 2022), figures(2022)
    # (The cells that read teachers: 在职教师数, and 特岗津贴 less the one away all year.)
    assert report_then[("教师交流", 2, 3)] == 12 and report_then[("特岗津贴", 2, 4)] == 11
    # 2024: two move away, three retire (one of them on exchange), one joins.
    move_teacher(staff[1], other, D(2024, 9, 1))
    move_teacher(staff[2], core, D(2024, 3, 1))
    for teacher in staff[3:5] + staff[:1]:
        record_departure(teacher, D(2024, 7, 31), "retired")
    Teacher.objects.create(staff_id="NEW", name="新人", school=gaolou, hire_date=D(2024, 9, 1))
    report_now, dashboard_now = cells(tmp_path, 2022), figures(2022)
    assert {key: value for key, value in report_now.items() if report_then.get(key) != value} == {}
    assert report_now.keys() == report_then.keys()
    assert dashboard_now == dashboard_then
    # …while 2024 itself sees the moves: 12 − 2 moved − 3 retired + 1 new on 1 September.
    assert cells(tmp_path, 2024)[("特岗津贴", 2, 4)] == 8
