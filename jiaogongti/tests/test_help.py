"""The 使用说明, reachable from the admin home and the portal, with the plan's own figures."""

import pytest
from django.urls import reverse

from conftest import make_school
from schools.accounts import account_upsert

pytestmark = pytest.mark.django_db


def test_the_help_says_how_to_file_approve_import_export_and_read_the_dashboard(client):
    shown = client.get(reverse("help")).content.decode()
    for words in ["申报教师交流", "批准", "下载导入模板", "导出 Excel", "数据看板", "三年一轮", "90 天"]:
        assert words in shown, words


def test_it_is_linked_from_the_admin_home_and_the_portal(bureau_client, client):
    assert reverse("help") in bureau_client.get(reverse("admin:index")).content.decode()
    school = make_school("瑞安市塘下镇第二小学")
    head = account_upsert(username="head", password="a-long-Password-2021", role="school_head", school_name=school.name)
    client.force_login(head.user)
    assert reverse("help") in client.get(reverse("portal:school", args=[school.pk])).content.decode()
