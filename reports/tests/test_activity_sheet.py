"""The `教共体活动` sheet (contracts.md, "More sheets in the annual report")."""

import datetime

import openpyxl
import pytest

from reports.annual_report import write_annual_report
from teachers.models import Teacher
from teamwork.activities import activity_record
from teamwork.models import ActivityCategory
from timetable.sessions import SessionDraft, session_add
from timetable.tests.builders import term_community

pytestmark = pytest.mark.django_db


def test_one_row_per_community_with_activities_lessons_and_a_column_per_category(tmp_path, activity_categories):
    community, core, members = term_community(year=2022)
    quiet = term_community(year=2022, core_name="瑞安市安阳实验中学", members=("瑞安市飞云中学",), prefix="S")[0]
    prep, exchange = ActivityCategory.objects.get(name="集体备课"), ActivityCategory.objects.get(name="学生交流")
    for day, category, mode, teachers, pupils in [
        (datetime.date(2022, 10, 10), prep, "online", 12, 0),
        (datetime.date(2023, 3, 1), prep, "on_site", 8, 0),
        (datetime.date(2023, 5, 20), exchange, "on_site", 4, 60),
        (datetime.date(2023, 9, 5), prep, "on_site", 9, 0),  # the next 学年: not counted
    ]:
        activity_record(
            community=community,
            host_school=core,
            date=day,
            category=category,
            mode=mode,
            schools=members[:1],
            teacher_count=teachers,
            pupil_count=pupils,
            topic=f"活动{day}",
        )
    teacher = Teacher.objects.get(school=core)
    for term, weeks in [(1, (1, 18)), (2, (3, 12))]:
        draft = SessionDraft(
            1, datetime.time(8), datetime.time(8, 40), "语文", core, "三（1）班", teacher, *weeks, [(members[0], "三（2）班")]
        )
        session_add(community=community, year=2022, term=term, draft=draft)
    path = tmp_path / "report.xlsx"
    write_annual_report(2022, str(path))
    sheet = openpyxl.load_workbook(path)["教共体活动"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    head = rows[0]
    assert head[:8] == ["核心校", "成员校", "教共体类型", "活动次数", "其中线上", "教师人次", "学生人次", "同步课堂节数"]
    assert head[8:24] == [c.name for c in ActivityCategory.objects.all()]
    busy = next(r for r in rows[1:] if r[0] == "瑞安市第二实验小学")
    assert busy[1] == "、".join(m.name for m in members) and busy[2] == "共建型"
    assert busy[3:8] == [3, 1, 24, 60, 28]  # 18 + 10 lessons over the two terms
    assert busy[8 + head[8:].index("集体备课")] == 2 and busy[8 + head[8:].index("学生交流")] == 1
    assert busy[head.index("教共体编号")] == community.code
    idle = next(r for r in rows[1:] if r[0] == "瑞安市安阳实验中学")
    assert idle[3:8] == [0, 0, 0, 0, 0] and quiet.code in idle
