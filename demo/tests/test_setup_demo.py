"""What `make run` loads: the 2021 roster, the plan's counts, demo accounts and demo data
that shows the job (every dashboard tile, the rewards page, the portal with real figures)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from assessment.models import Allocation, ProjectReview
from communities.models import CommunityYear, RosterPlan
from evaluation.models import SchoolResult
from exchanges.models import Exchange
from inbox.models import Message
from jiaogongti.school_year import current_school_year
from reports.dashboard import dashboard
from schools.models import School
from teachers.models import Teacher
from teamwork.models import Activity, Attachment, CommunityPlan, Studio
from timetable.models import Lesson, Session
from timetable.terms import term_dates

pytestmark = pytest.mark.django_db(transaction=True)  # the demo's messages go out on commit


def _counts():
    models = [
        Teacher,
        Exchange,
        SchoolResult,
        Message,
        CommunityPlan,
        Activity,
        Session,
        Lesson,
        Studio,
        Attachment,
        Allocation,
        ProjectReview,
    ]
    return [model.objects.count() for model in models]


def test_setup_demo_loads_a_county_at_work_and_can_run_again(capsys, settings, ruian_districts, activity_categories):
    call_command("setup_demo")
    counts = _counts()
    call_command("setup_demo")
    out = capsys.readouterr().out
    assert _counts() == counts
    assert CommunityYear.objects.filter(school_year=2021).count() == 39
    assert RosterPlan.objects.get(school_year=2021).primary_count == 30
    users = get_user_model().objects
    assert users.get(username="bureau").is_staff and users.get(username="head").account.school.name == "瑞安市塘下镇第二小学"
    assert users.get(username="tangxia").account.district.name == "塘下"
    for login in ["用户名 bureau", "用户名 tangxia", "用户名 head", "用户名 core", "演示数据"]:
        assert login in out
    # Every school has its 学段 and 城乡 (inferred, and listed as such) and demo teachers.
    assert not School.objects.filter(stage="").exists() and not School.objects.filter(locality="").exists()
    assert (settings.JGT_DATA_DIR / "demo_inferred_school_facts.csv").exists() and "由校名和学区推断" in out
    assert not School.objects.filter(teachers__isnull=True).exists()
    assert not Teacher.objects.exclude(name__endswith="（演示）").exists()
    assert set(Exchange.objects.values_list("status", flat=True)) == set(Exchange.Status.values)
    year = current_school_year()
    assert set(SchoolResult.objects.values_list("school_year", flat=True)) == {year - 1, year}
    county = dashboard(year).county
    assert county.coverage_targets > 0 and county.communities and county.co_built_members
    assert county.members_with_results and county.members_rewarded and county.allowance
    assert Message.objects.filter(recipient__username="head").exists()
    # The communities' own work: every community has a plan, activities and a table this
    # 学年; lessons are held and discussed; the head's community has a studio and a photo.
    communities = CommunityYear.objects.filter(school_year=2021).count()
    assert CommunityPlan.objects.filter(school_year=year).count() == communities
    assert Session.objects.filter(school_year=year).values("community").distinct().count() == communities
    assert county.activities_planned
    if timezone.localdate() >= term_dates(year, 1)[0] + datetime.timedelta(weeks=2):  # else too early for any
        assert county.activities_met and county.lessons_held and county.lessons_discussed
    assert Studio.objects.filter(community__years__memberships__school__name="瑞安市塘下镇第二小学").exists()
    assert Attachment.objects.filter(content_type="image/jpeg").exists()
    # Money over the floor, 项目评估 in each state the bureau meets, 特色评价 entered.
    board = dashboard(year)
    assert county.funds >= board.funds_floor
    assert county.assessed == (0 if board.in_progress else communities)  # no grade while the 学年 runs
    assert set(ProjectReview.objects.values_list("status", flat=True)) == {"applied", "returned", "reviewed"}
