"""What `make run` loads: the 2021 roster, the plan's counts, demo accounts and demo data
that shows the job (every dashboard tile, the rewards page, the portal with real figures)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from communities.models import CommunityYear, RosterPlan
from evaluation.models import SchoolResult
from inbox.models import Message
from jiaogongti.school_year import current_school_year
from reports.dashboard import dashboard
from schools.models import School
from teachers.models import Exchange, Teacher

pytestmark = pytest.mark.django_db(transaction=True)  # the demo's messages go out on commit


def test_setup_demo_loads_a_county_at_work_and_can_run_again(capsys, settings, ruian_districts):
    call_command("setup_demo")
    counts = (Teacher.objects.count(), Exchange.objects.count(), SchoolResult.objects.count(), Message.objects.count())
    call_command("setup_demo")
    out = capsys.readouterr().out
    assert (Teacher.objects.count(), Exchange.objects.count(), SchoolResult.objects.count(), Message.objects.count()) == counts
    assert CommunityYear.objects.filter(school_year=2021).count() == 39
    assert RosterPlan.objects.get(school_year=2021).primary_count == 30
    users = get_user_model().objects
    assert users.get(username="bureau").is_staff and users.get(username="head").account.school.name == "瑞安市塘下镇第二小学"
    assert users.get(username="tangxia").account.district.name == "塘下"
    for login in ["用户名 bureau", "用户名 tangxia", "用户名 head", "演示数据"]:
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
