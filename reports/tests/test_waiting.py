"""The admin home shows everything a school has submitted that waits for the bureau, by
学区 and linked to the list of it (issue: the bureau sees everything that waits for it)."""

import datetime
import re

import pytest
from django.urls import reverse

from assessment.models import ProjectReview
from conftest import make_community, make_school
from exchanges.models import Exchange
from teachers.models import Teacher

pytestmark = pytest.mark.django_db


def test_filed_exchanges_and_applied_projects_wait_on_the_admin_home_by_district(bureau_client):
    core = make_school("瑞安市安阳实验中学", district="直属")
    member = make_school("瑞安市飞云中学", district="飞云")
    community = make_community(core, [member], year=2022, type="cooperative").community
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=member)
    Exchange.objects.create(
        teacher=teacher, from_school=member, to_school=core, kind="support",
        start_date=datetime.date(2022, 9, 1), planned_end=datetime.date(2023, 8, 31),
    )  # fmt: skip
    ProjectReview.objects.create(
        community=community, school_year=2022, title="同步课堂提质", goals="目标", evidence="佐证",
        period_start=datetime.date(2022, 9, 1), period_end=datetime.date(2023, 6, 30),
    )  # fmt: skip
    home = bureau_client.get(reverse("admin:index")).content.decode()
    block = home[home.index('id="waiting"') :]
    assert "交流申报" in block and "项目评估申报" in block
    links = dict(re.findall(r'<td>([^<]+学区)</td>.*?<a href="([^"]+)">1</a>', block))
    assert set(links) == {"飞云学区", "直属学区"}
    project_list = bureau_client.get(links["直属学区"].replace("&amp;", "&")).content.decode()
    assert "同步课堂提质" in project_list
    exchange_list = bureau_client.get(links["飞云学区"].replace("&amp;", "&")).content.decode()
    assert "张老师" in exchange_list


def test_the_menu_puts_exchanges_first(bureau_client):
    home = bureau_client.get(reverse("admin:index")).content.decode()
    sections = re.findall(r'<caption>\s*<a href="/admin/(\w+)/"', home)
    assert sections[:4] == ["exchanges", "teachers", "planner", "communities"]
    assert sections.index("schools") > sections.index("assessment")
