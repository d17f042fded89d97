"""Every create form stores one record for any number of identical POSTs (jiaogongti/once.py).

Walked generically: every admin add form carries its one-time token and every create view
refuses a POST without one, before anything runs. Then the forms that create what the
county counts (exchanges, money, activities, sessions, studios, plans, 项目评估) are posted
four times at once with the same token, as a double click or a resent page does: one
record, and every answer a page, never an error.
"""

import datetime
import os
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from assessment.models import Allocation, ProjectReview
from conftest import make_community, make_school
from exchanges.models import Exchange
from jiaogongti import once
from jiaogongti.models import Submission
from jiaogongti.school_year import current_school_year
from schools.accounts import account_upsert
from schools.models import School
from teachers.models import DepartureReport, Teacher
from teachers.tests.test_races import in_parallel
from teamwork.models import Activity, ActivityCategory, CommunityPlan, Studio
from timetable.models import Session

PASSWORD = "a-long-Password-2021"
# Four in the suite; the twenty with JGT_PARALLEL_POSTS=20.
PARALLEL_POSTS = int(os.environ.get("JGT_PARALLEL_POSTS", "4"))


def guarded_patterns():
    """(route, name, view) of every admin add view and every view marked @submit_once."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                is_add = namespace == "admin" and (pattern.name or "").endswith("_add")
                if is_add or getattr(pattern.callback, "submit_once", False):
                    found.append((prefix + str(pattern.pattern), pattern.name, namespace))

    walk(get_resolver().url_patterns, "/", None)
    return found


def concrete(route: str) -> str:
    """A path for the route, every id 1 and every 学年 2022 (the refusal comes before any lookup)."""
    path = re.sub(r"<year:\w+>", "2022", route)
    path = re.sub(r"<(?:\w+:)?\w+>", "1", path)
    return path.replace("^", "").replace("$", "")


@pytest.fixture
def bureau(django_user_model):
    return django_user_model.objects.create_superuser("bureau", password="x")


def test_every_admin_add_form_carries_a_one_time_token(client, bureau):
    client.force_login(bureau)
    pages = 0
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        response = client.get(url)
        if response.status_code == 403:  # no adding by hand (records that only come from a process)
            continue
        assert response.status_code == 200, url
        assert f'name="{once.FIELD}"' in response.content.decode(), url
        pages += 1
    assert pages >= 20


def test_every_create_view_refuses_a_post_without_its_token(bureau):
    guarded = guarded_patterns()
    names = {name for _, name, _ in guarded}
    assert {"exchange_new", "project_new", "activity_new", "studio_new", "plan_edit", "timetable"} <= names
    assert {"exchanges_exchange_add", "assessment_allocation_add", "teamwork_activity_add"} <= names
    plain = Client()  # sends exactly what it is given: no token
    plain.force_login(bureau)
    for route, _name, _ in guarded:
        response = plain.post(concrete(route), {"anything": "1"})
        assert response.status_code == 400, (route, response.status_code)
        assert "表单已过期或不完整" in response.content.decode(), route
    assert Submission.objects.count() == 0


def test_a_form_sent_again_after_it_was_kept_is_told_and_sent_where_the_first_went(client, bureau):
    client.force_login(bureau)
    core = make_school("瑞安市第二实验小学", district="直属")
    make_community(core, [make_school("瑞安市塘下镇第二小学")], year=current_school_year())
    form = {"name": "瑞安市新建小学", "district": core.district_id, once.FIELD: once.new_token()}
    first = client.post(reverse("admin:schools_school_add"), form)
    second = client.post(reverse("admin:schools_school_add"), form, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == first["Location"]
    assert once.ALREADY in second.content.decode()


def test_a_form_with_errors_gives_its_token_back(client, bureau):
    client.force_login(bureau)
    token = once.new_token()
    refused = client.post(reverse("admin:schools_school_add"), {"name": "", once.FIELD: token})
    assert refused.status_code == 200 and Submission.objects.count() == 0


# --- Identical POSTs at once (four; twenty with JGT_PARALLEL_POSTS=20), with one token ---------------------------------------


@pytest.fixture
def county(activity_categories, django_user_model):
    year = current_school_year()
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学", district="塘下")
    community = make_community(core, [member], year=year, type="co_built").community
    co_core = make_school("瑞安市安阳实验中学", district="直属")
    co_members = [make_school("瑞安市飞云中学", district="飞云")]
    cooperative = make_community(co_core, co_members, year=year, type="cooperative").community
    teachers = {
        school: Teacher.objects.create(staff_id=f"T{n:03d}", name=f"老师{n}", school=school, establishment_school=school)
        for n, school in enumerate([core, member, co_core, *co_members], start=1)
    }
    django_user_model.objects.create_superuser("bureau", password="x")
    account_upsert(username="core", password=PASSWORD, role="school_head", school_name=core.name)
    account_upsert(username="member", password=PASSWORD, role="school_head", school_name=member.name)
    account_upsert(username="co_core", password=PASSWORD, role="school_head", school_name=co_core.name)
    return {
        "year": year,
        "core": core,
        "member": member,
        "community": community,
        "cooperative": cooperative,
        "co_members": co_members,
        "teachers": teachers,
        "category": ActivityCategory.objects.get(name="集体备课"),
    }


def _today():
    return timezone.localdate()


def _forms(c):
    """username, url, fields and the records a kept form makes, per create form."""
    year, core, member, community = c["year"], c["core"], c["member"], c["community"]
    start = datetime.date(year, 9, 1)
    return {
        "admin exchange": (
            "bureau",
            reverse("admin:exchanges_exchange_add"),
            {
                "teacher": c["teachers"][member].pk,
                "from_school": member.pk,
                "to_school": core.pk,
                "kind": "support",
                "start_date": start.isoformat(),
                "planned_end": (start.replace(year=year + 1) - datetime.timedelta(days=1)).isoformat(),
                "confirmed": "1",  # past its 提示, if any (the head saw them)
            },
            Exchange.objects,
        ),
        "admin allocation": (
            "bureau",
            reverse("admin:assessment_allocation_add"),
            {
                "school_year": year,
                "community": community.pk,
                "category": "activities",
                "school": member.pk,
                "amount": "12345.67",
                "note": "",
            },
            Allocation.objects,
        ),
        "admin activity": (
            "bureau",
            reverse("admin:teamwork_activity_add"),
            {
                "community": community.pk,
                "date": _today().isoformat(),
                "category": c["category"].pk,
                "mode": "on_site",
                "host_school": member.pk,
                "schools": [core.pk],
                "teacher_count": "3",
                "pupil_count": "0",
                "topic": "单元备课",
                "attachments-TOTAL_FORMS": "0",
                "attachments-INITIAL_FORMS": "0",
            },
            Activity.objects,
        ),
        "portal exchange": (
            "member",
            reverse("portal:exchange_new", args=[member.pk]),
            {
                "teacher": c["teachers"][member].pk,
                "to_school": core.pk,
                "kind": "support",
                "start_date": start.isoformat(),
                "planned_end": (start.replace(year=year + 1) - datetime.timedelta(days=1)).isoformat(),
                "confirmed": "1",  # past its 提示, if any (the head saw them)
            },
            Exchange.objects,
        ),
        "portal 离岗报告": (
            "member",
            reverse("portal:departure_report", args=[member.pk, c["teachers"][member].pk]),
            {"left_on": _today().isoformat(), "reason": "retired", "remark": "退休"},
            DepartureReport.objects,
        ),
        "portal activity": (
            "member",
            reverse("portal:activity_new", args=[community.pk]),
            {
                "date": _today().isoformat(),
                "category": c["category"].pk,
                "mode": "on_site",
                "schools": [core.pk],
                "teacher_count": "12",
                "pupil_count": "0",
                "topic": "三年级语文单元备课",
            },
            Activity.objects,
        ),
        "portal studio": (
            "core",
            reverse("portal:studio_new", args=[community.pk]),
            {"name": "名师工作室", "subject": "语文", "lead_staff_id": "T001", "member_staff_ids": "T002", "goals": ""},
            Studio.objects,
        ),
        "portal plan": (
            "core",
            reverse("portal:plan_edit", args=[community.pk, year]),
            {"goals": "三年目标", "charter": "章程"},
            CommunityPlan.objects,
        ),
        "portal session": (
            "core",
            reverse("portal:timetable", args=[community.pk]) + f"?year={year}&term=1",
            {
                "weekday": "1",
                "start_time": "08:00",
                "end_time": "08:40",
                "subject": "语文",
                "lead_school": core.pk,
                "lead_class": "三(1)班",
                "lead_teacher": "T001",
                "first_week": "1",
                "last_week": "18",
                "listener_school_1": member.pk,
                "listener_class_1": "三(2)班",
            },
            Session.objects,
        ),
        "portal 项目评估": (
            "co_core",
            reverse("portal:project_new", args=[c["cooperative"].pk]),
            {
                "title": "青年教师共同成长项目",
                "goals": "三年内成员校青年教师全部上过一节公开课",
                "period_start": start.isoformat(),
                "period_end": (start + datetime.timedelta(days=300)).isoformat(),
                "members": [m.pk for m in c["co_members"]],
                "evidence": "成员校 Z值 平均提升 4 分",
            },
            ProjectReview.objects,
        ),
    }


FORMS = [
    "admin exchange",
    "admin allocation",
    "admin activity",
    "portal exchange",
    "portal activity",
    "portal studio",
    "portal plan",
    "portal session",
    "portal 项目评估",
    "portal 离岗报告",
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form_name", FORMS)
def test_identical_posts_at_once_store_one_record(county, form_name):
    username, url, fields, records = _forms(county)[form_name]
    fields = {**fields, once.FIELD: once.new_token()}

    def post():
        browser = Client()
        browser.force_login(get_user_model().objects.get(username=username))
        return browser.post(url, fields)

    responses = in_parallel(*[post for _ in range(PARALLEL_POSTS)])
    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert records.count() == 1, [
        re.findall(r"errorlist[^>]*>(.*?)</ul>", r.content.decode(), re.S) for r in responses if r.status_code != 302
    ]
    assert [r.status_code for r in responses] == [302] * PARALLEL_POSTS
    assert len({r["Location"] for r in responses}) == 1  # every answer goes where the first went


def test_tokens_of_long_ago_are_forgotten_and_recent_ones_kept(bureau):
    import datetime as dt

    recent = Submission.objects.create(token=once.new_token(), user=bureau, path="/admin/")
    old = Submission.objects.create(token=once.new_token(), user=bureau, path="/admin/")
    Submission.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=once.KEEP_TOKENS_DAYS + 1))
    assert once.forget_old_submissions() == 1
    assert list(Submission.objects.all()) == [recent]


def test_an_add_in_the_admins_popup_window_keeps_its_token(client, bureau):
    client.force_login(bureau)
    make_school("瑞安市第二实验小学", district="直属")
    form = {"name": "瑞安市新建小学", "district": 1, "_popup": "1", once.FIELD: once.new_token()}
    first = client.post(reverse("admin:schools_school_add") + "?_popup=1", form)
    assert first.status_code == 200 and Submission.objects.count() == 1
    client.post(reverse("admin:schools_school_add") + "?_popup=1", form)
    assert School.objects.filter(name="瑞安市新建小学").count() == 1


def test_the_same_page_sent_back_with_other_content_is_a_new_submission(client, bureau):
    """后退, change a field, 提交 again: what was sent differs, so it is stored (an edit page
    saved twice with different content keeps the second)."""
    client.force_login(bureau)
    core = make_school("瑞安市第二实验小学", district="直属")
    token = once.new_token()
    first = client.post(
        reverse("admin:schools_school_add"), {"name": "瑞安市新建小学", "district": core.district_id, once.FIELD: token}
    )
    second = client.post(
        reverse("admin:schools_school_add"), {"name": "瑞安市新建中学", "district": core.district_id, once.FIELD: token}
    )
    assert first.status_code == second.status_code == 302
    assert set(School.objects.filter(name__startswith="瑞安市新建").values_list("name", flat=True)) == {
        "瑞安市新建小学",
        "瑞安市新建中学",
    }


@pytest.mark.django_db(transaction=True)
def test_a_create_view_runs_outside_any_transaction_of_the_token(county, monkeypatch):
    """The claim is a short transaction of its own: while a form's view validates (photos,
    say), other writers are not held (on SQLite one transaction holds the whole database)."""
    from django.db import connection

    from portal.forms import ActivityForm

    seen = []
    original = ActivityForm.is_valid
    monkeypatch.setattr(ActivityForm, "is_valid", lambda form: seen.append(connection.in_atomic_block) or original(form))
    username, url, fields, records = _forms(county)["portal activity"]
    browser = Client()
    browser.force_login(get_user_model().objects.get(username=username))
    assert browser.post(url, {**fields, once.FIELD: once.new_token()}).status_code == 302
    assert seen == [False] and records.count() == 1
