"""交流计划 in the admin: asked for, worked out in the background, shown with each school's
obligations, teachers taken out and the rest solved again, filed once through the services."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_community, make_school
from exchanges.models import Exchange
from inbox.models import Message
from jiaogongti import once
from jiaogongti.school_year import current_school_year
from planner.models import PlanRun
from schools.accounts import account_upsert
from teachers.models import Teacher

pytestmark = pytest.mark.django_db
NEXT = current_school_year() + 1


@pytest.fixture
def county():
    core, member = make_school("核心校", district="直属"), make_school("成员校")
    make_community(core, [member], year=2021, type="co_built")
    for school, prefix in [(core, "C"), (member, "M")]:
        for n in range(20):
            Teacher.objects.create(
                staff_id=f"{prefix}{n:02d}",
                name=f"{prefix}老师{n}",
                school=school,
                subject="数学",
                hire_date=datetime.date(2010, 9, 1),
            )
    return core, member


def test_the_bureau_runs_the_planner_takes_a_teacher_out_and_files_the_plan_once(
    county, bureau_client, django_capture_on_commit_callbacks
):
    core, member = county
    with django_capture_on_commit_callbacks(execute=True):
        bureau_client.post(
            reverse("admin:planner_planrun_add"),
            {"school_year": NEXT, "core_sends": 1, "service_years": "", once.FIELD: once.new_token()},
        )
    run = PlanRun.objects.get()
    assert run.job is not None and run.job.output  # the workbook, on the job's page
    page = bureau_client.get(reverse("admin:planner_planrun_change", args=[run.pk])).content.decode()
    assert "达标情况" in page and "共建型成员校交流人数不低于在职教师的 10%" in page
    chosen = {move["teacher_id"] for move in run.result["moves"]}
    assert len(run.result["moves"]) == 2 and run.result["obligations"][0]["met"]

    taken_out = sorted(chosen)[0]
    bureau_client.post(reverse("admin:planner_planrun_rerun", args=[run.pk]), {"teacher": [taken_out, "abc"]})
    again = PlanRun.objects.latest("pk")
    assert again.pk != run.pk and again.excluded == [taken_out]
    assert taken_out not in {move["teacher_id"] for move in again.result["moves"]} and len(again.result["moves"]) == 2

    account_upsert(username="head", password="a-long-Password-2021", role="school_head", school_name=member.name)
    with django_capture_on_commit_callbacks(execute=True):
        bureau_client.post(reverse("admin:planner_planrun_file", args=[again.pk]), {"approve": "0"})
    assert Exchange.objects.filter(status=Exchange.Status.FILED, start_date=datetime.date(NEXT, 9, 1)).count() == 2
    assert Message.objects.filter(recipient__username="head").exists()  # the head is told, as for any filing
    second = bureau_client.post(reverse("admin:planner_planrun_file", args=[again.pk]), {"approve": "1"}, follow=True)
    assert "不能重复录入" in second.content.decode()
    assert Exchange.objects.count() == 2 and not Exchange.objects.filter(status=Exchange.Status.APPROVED).exists()


def test_a_run_superseded_by_a_newer_one_is_not_filed(county):
    from django.core.exceptions import ValidationError

    from planner.runs import file_run, start_run

    first = start_run(NEXT)
    start_run(NEXT)  # solved again since
    first.refresh_from_db()
    with pytest.raises(ValidationError, match="已重新生成过"):
        file_run(first, approve=False)
    assert not Exchange.objects.exists()
