"""What `make run` loads: the 2021 roster, the plan's counts, demo accounts and demo data."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from communities.models import CommunityYear, RosterPlan
from teachers.models import Exchange, Teacher

pytestmark = pytest.mark.django_db


def test_setup_demo_loads_everything_and_can_run_again(capsys):
    call_command("setup_demo")
    call_command("setup_demo")
    out = capsys.readouterr().out
    assert CommunityYear.objects.filter(school_year=2021).count() == 39
    assert RosterPlan.objects.get(school_year=2021).primary_count == 30
    users = get_user_model().objects
    assert users.get(username="bureau").is_staff and users.get(username="head").account.school.name == "瑞安市塘下镇第二小学"
    assert Teacher.objects.filter(name__startswith="演示").count() == 4
    assert set(Exchange.objects.values_list("status", flat=True)) == {"filed", "in_progress"}
    assert "用户名 bureau" in out and "用户名 head" in out
