"""The dashboard's tiles for the communities' work (issue: the communities' own work, 8):
activities against plans and 开课率, by 学区, linking to the records."""

import datetime
import re

import pytest
from django.urls import reverse

from reports.charts import dashboard_charts
from reports.dashboard import dashboard
from teachers.models import Teacher
from teamwork.activities import activity_record
from teamwork.models import ActivityCategory, CommunityPlan, PlannedActivities
from timetable.lessons import lesson_discussed, lesson_mark
from timetable.sessions import SessionDraft, session_add
from timetable.tests.builders import term_community

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_year(activity_categories):
    community, core, members = term_community(year=2021)
    prep, lecture = ActivityCategory.objects.get(name="集体备课"), ActivityCategory.objects.get(name="名师讲座")
    plan = CommunityPlan.objects.create(community=community, school_year=2021, goals="目标")
    PlannedActivities.objects.create(plan=plan, category=prep, count=4)
    PlannedActivities.objects.create(plan=plan, category=lecture, count=1)
    for n, category in enumerate([prep, prep, lecture, lecture]):  # the second lecture does not make up for prep
        activity_record(
            community=community,
            host_school=core,
            date=datetime.date(2021, 10, 10 + n),
            category=category,
            mode="on_site",
            schools=[],
            teacher_count=5,
            pupil_count=0,
            topic=f"第{n}次",
        )
    teacher = Teacher.objects.get(school=core)
    draft = SessionDraft(
        1, datetime.time(8), datetime.time(8, 40), "语文", core, "三（1）班", teacher, 1, 4, [(members[0], "三（2）班")]
    )
    session = session_add(community=community, year=2021, term=1, draft=draft)
    for week in (1, 2, 3):
        lesson_mark(session, week, held=True, user=None)
    lesson_discussed(session, 1, topic="研讨", mode="online", teacher_count=3, user=None)
    return community, members


def test_rule_activities_against_plan_count_each_category_up_to_its_plan(busy_year):
    board = dashboard(2021)
    assert (board.county.activities_planned, board.county.activities_met) == (5, 3)
    tangxia = next(line for line in board.districts if line.district.name == "塘下")
    assert (tangxia.activities_planned, tangxia.activities_met) == (5, 3)
    assert (board.county.lessons_due, board.county.lessons_held, board.county.lessons_discussed) == (4, 3, 1)
    assert board.county.held_ratio == 0.75


def test_the_tiles_show_on_the_dashboard_and_link_to_the_records(bureau_client, busy_year):
    charts = {chart["title"]: chart for chart in dashboard_charts(dashboard(2021))}
    plans, lessons = charts["教共体活动完成计划"], charts["同步课堂开课率"]
    assert plans["county"].startswith("已开展 3 / 计划 5 次") and lessons["county"].startswith("已开课 3 / 应开 4 节（75")
    page = bureau_client.get(reverse("reports:dashboard"), {"year": 2021}).content.decode()
    assert "教共体活动完成计划" in page and "同步课堂开课率" in page
    # Both open the communities' work: each community's plan, activities and lessons, with the 合计.
    (plan_row,) = plans["rows"]
    work = bureau_client.get(plan_row["link"]).content.decode()
    assert 'data-figure="3/5"' in work and "共开展" in work
    (lesson_row,) = lessons["rows"]
    work = bureau_client.get(lesson_row["link"]).content.decode()
    assert 'data-figure="3/4"' in work and "课后研讨 1 节" in work
    activities = re.search(r'href="([^"]*teamwork/activity/[^"]*)"', work).group(1).replace("&amp;", "&")
    assert "第0次" in bureau_client.get(activities).content.decode()
    sessions = re.search(r'href="([^"]*timetable/session/[^"]*)"', work).group(1).replace("&amp;", "&")
    assert "三（1）班" in bureau_client.get(sessions).content.decode()
