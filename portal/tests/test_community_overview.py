"""A page per community (issue: the communities' own work, 1): the portal's for its schools'
heads and 学区 staff, the same one inside the admin for the bureau; nobody else sees it."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_community, make_school
from jiaogongti.school_year import current_school_year
from schools.accounts import account_upsert
from teachers.models import Teacher
from teamwork.activities import activity_record
from teamwork.models import ActivityCategory
from timetable.sessions import SessionDraft, session_add
from timetable.tests.builders import term_community

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Password-2021"


@pytest.fixture
def community(activity_categories):
    year = current_school_year()
    community, core, members = term_community(year=year)
    activity_record(
        community=community,
        host_school=members[0],
        date=datetime.date(year, 10, 9),
        category=ActivityCategory.objects.get(name="送教"),
        mode="on_site",
        schools=[core],
        teacher_count=6,
        pupil_count=40,
        topic="送教下乡语文课",
    )
    teacher = Teacher.objects.get(school=core)
    draft = SessionDraft(
        3, datetime.time(10), datetime.time(10, 40), "科学", core, "五（2）班", teacher, 1, 16, [(members[1], "五（1）班")]
    )
    session_add(community=community, year=year, term=1, draft=draft)
    return community, core, members


def test_the_bureau_sees_the_communitys_page_inside_the_admin(bureau_client, community):
    team, core, members = community
    change = bureau_client.get(reverse("admin:communities_community_change", args=[team.pk])).content.decode()
    overview = reverse("portal:community_overview", args=[team.pk])
    assert overview in change
    page = bureau_client.get(overview).content.decode()
    assert team.code in page and "送教下乡语文课" in page and "同步课堂“一张表”" in page and "名师工作室" in page
    assert "记录本校主办的活动" not in page  # a head records their school's; the bureau imports


PAGES = ["portal:community", "portal:timetable"]
SEES = [("core", 200), ("member", 200), ("district", 200), ("outsider", 404), ("other_district", 404)]


@pytest.mark.parametrize("who, status", SEES)
@pytest.mark.parametrize("page", PAGES)
def test_permission_matrix_for_a_communitys_pages(client, community, page, who, status):
    team, core, members = community
    stranger = make_school("瑞安市飞云中学", district="飞云")
    make_community(make_school("瑞安市安阳实验中学", district="直属"), [stranger], year=current_school_year())
    users = {
        "core": lambda: account_upsert(username="c", password=PASSWORD, role="school_head", school_name=core.name),
        "member": lambda: account_upsert(username="m", password=PASSWORD, role="school_head", school_name=members[2].name),
        "district": lambda: account_upsert(username="d", password=PASSWORD, role="district", district_name="塘下"),
        "outsider": lambda: account_upsert(username="o", password=PASSWORD, role="school_head", school_name=stranger.name),
        "other_district": lambda: account_upsert(username="f", password=PASSWORD, role="district", district_name="飞云"),
    }
    client.force_login(users[who]().user)
    assert client.get(reverse(page, args=[team.pk])).status_code == status
    # The admin's copy is the bureau's only.
    assert client.get(reverse("portal:community_overview", args=[team.pk])).status_code == 302
