"""A page per community (issue: the communities' own work, 1): its 编号, schools, type
history and the chosen 学年's exchanges, for its schools' heads and their 学区 staff."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_community, make_school
from exchanges.models import Exchange
from schools.accounts import account_upsert
from teachers.models import Teacher

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Password-2021"


@pytest.fixture
def community():
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学", district="塘下")
    community_year = make_community(core, [member], year=2021, type="co_built")
    make_community(core, [member], year=2023, type="merged", community=community_year.community)
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=member)
    Exchange.objects.create(
        teacher=teacher,
        from_school=member,
        to_school=core,
        community=community_year.community,
        kind="rotation",
        start_date=datetime.date(2021, 9, 1),
        planned_end=datetime.date(2024, 8, 31),
        status="in_progress",
    )
    return community_year.community, member


def test_a_member_schools_head_sees_the_community_its_years_and_exchanges(client, community):
    team, member = community
    client.force_login(account_upsert(username="head", password=PASSWORD, role="school_head", school_name=member.name).user)
    shown = client.get(reverse("portal:community", args=[team.pk]), {"year": 2022}).content.decode()
    assert team.code in shown and "瑞安市第二实验小学" in shown and "核心校" in shown
    assert "共建型（沿用 2021学年名单）" in shown and "融合型" in shown  # the type history
    assert "张老师" in shown and "2022学年的教师交流（1 条）" in shown
    later = client.get(reverse("portal:community", args=[team.pk]), {"year": 2025}).content.decode()
    assert "张老师" not in later and "融合型（沿用 2023学年名单）" in later
    school_page = client.get(reverse("portal:school", args=[member.pk])).content.decode()
    assert reverse("portal:community", args=[team.pk]) in school_page and team.code in school_page


def test_the_community_page_is_not_found_for_schools_outside_it(client, community):
    team, member = community
    stranger = make_school("瑞安市飞云中学", district="飞云")
    client.force_login(account_upsert(username="other", password=PASSWORD, role="school_head", school_name=stranger.name).user)
    assert client.get(reverse("portal:community", args=[team.pk])).status_code == 404


def test_district_staff_of_a_member_see_it(client, community):
    team, member = community
    client.force_login(account_upsert(username="tangxia", password=PASSWORD, role="district", district_name="塘下").user)
    assert client.get(reverse("portal:community", args=[team.pk])).status_code == 200
