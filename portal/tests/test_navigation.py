"""The portal reads as one site: a head finds 本校, 教师 and 交流记录 on every page of
theirs, a community's, its 一张表, a 项目评估, the messages and the help too."""

import datetime

import pytest
from django.urls import reverse

from assessment.models import ProjectReview
from conftest import make_community, make_school
from schools.accounts import account_upsert

pytestmark = pytest.mark.django_db


def test_every_page_of_a_head_carries_the_schools_links(client, activity_categories):
    core = make_school("瑞安市安阳实验中学", district="直属")
    member = make_school("瑞安市飞云中学", district="飞云")
    community = make_community(core, [member], year=2022, type="cooperative").community
    project = ProjectReview.objects.create(
        community=community, school_year=2022, title="项目", goals="目标", evidence="佐证",
        period_start=datetime.date(2022, 9, 1), period_end=datetime.date(2023, 6, 30),
    )  # fmt: skip
    head = account_upsert(username="core", password="a-long-Password-2021", role="school_head", school_name=core.name)
    client.force_login(head.user)
    links = [reverse(name, args=[core.pk]) for name in ("portal:school", "portal:teachers", "portal:exchanges")]
    for page in [
        reverse("portal:community", args=[community.pk]),
        reverse("portal:timetable", args=[community.pk]),
        reverse("portal:project", args=[project.pk]),
        reverse("inbox:messages"),
        reverse("help"),
        reverse("password_change"),
    ]:
        shown = client.get(page).content.decode()
        assert all(f'href="{link}"' in shown for link in links), page
