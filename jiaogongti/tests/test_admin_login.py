"""A school head who opens /admin/ is told where their login is, and sent there."""

import pytest
from django.urls import reverse

from conftest import make_school
from schools.accounts import account_upsert

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Password-2021"


@pytest.fixture
def head():
    school = make_school("瑞安市塘下镇第二小学")
    return account_upsert(username="head", password=PASSWORD, role="school_head", school_name=school.name).user


def test_the_admins_login_page_points_schools_to_the_portal(client):
    shown = client.get("/admin/", follow=True).content.decode()
    assert "学校和学区的账号请在" in shown and f"{reverse('login')}?next=/portal/" in shown


def test_a_head_who_logs_in_at_the_admin_is_told_to_use_the_portal(client, head):
    response = client.post(reverse("admin:login"), {"username": "head", "password": PASSWORD})
    assert "市教育局管理后台只供教育局工作人员使用" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_logged_in_head_who_opens_the_admin_is_sent_to_the_portal_with_a_sentence(client, head):
    client.force_login(head)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/portal/")
    assert "学校和学区的账号请在“学校门户”登录和办理" in response.content.decode()


def test_a_wrong_password_at_the_admin_is_said_plainly(client, head):
    response = client.post(reverse("admin:login"), {"username": "head", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


def test_the_demo_says_so_on_every_page(client, head, settings):
    settings.JGT_DEMO = True
    client.force_login(head)
    assert "演示数据：" in client.get("/portal/", follow=True).content.decode()
    client.logout()
    assert "演示数据：" in client.get("/admin/login/").content.decode()
    client.force_login(head)
    settings.JGT_DEMO = False
    assert "演示数据：" not in client.get("/portal/", follow=True).content.decode()


def test_a_head_changes_their_password_on_a_portal_page(client, head):
    client.force_login(head)
    page = client.get(reverse("password_change")).content.decode()
    assert "修改密码" in page and "原密码" in page and 'id="nav-sidebar"' not in page
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "another-long-Pass-2026", "new_password2": "another-long-Pass-2026"},
        follow=True,
    )
    assert "密码已修改" in response.content.decode()
    head.refresh_from_db()
    assert head.check_password("another-long-Pass-2026")
