"""`add_user` (contracts.md, "Accounts")."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import make_school
from schools.accounts import account_upsert
from schools.models import Account, District
from schools.selectors import schools_visible_to

pytestmark = pytest.mark.django_db


def test_add_user_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("JGT_PASSWORD", "a-long-Password-2021")
    call_command("add_user", "zhang", "--role", "bureau")
    user = get_user_model().objects.get(username="zhang")
    assert user.check_password("a-long-Password-2021") and user.is_staff
    assert user.account.role == Account.Role.BUREAU


def test_a_school_head_belongs_to_a_school_from_the_registry(monkeypatch):
    monkeypatch.setenv("JGT_PASSWORD", "a-long-Password-2021")
    make_school("瑞安市阁巷小学", district="飞云")
    call_command("add_user", "head", "--role", "school_head", "--school", "瑞安市阁巷小学")
    user = get_user_model().objects.get(username="head")
    assert user.account.school.name == "瑞安市阁巷小学" and not user.is_staff


def test_an_unknown_school_is_refused_in_chinese(monkeypatch):
    monkeypatch.setenv("JGT_PASSWORD", "a-long-Password-2021")
    with pytest.raises(CommandError) as error:
        call_command("add_user", "head", "--role", "school_head", "--school", "不存在的学校")
    assert "学校名录中没有" in str(error.value)
    assert not get_user_model().objects.exists()


def test_without_a_password_and_no_terminal_it_refuses(monkeypatch):
    monkeypatch.delenv("JGT_PASSWORD", raising=False)
    monkeypatch.setattr("os.isatty", lambda fd: False)
    with pytest.raises(CommandError) as error:
        call_command("add_user", "zhang", "--role", "bureau")
    assert "JGT_PASSWORD" in str(error.value)


def test_changing_a_bureau_account_to_a_district_role_takes_its_county_wide_access(bureau_client):
    make_school("塘下学校", district="塘下")
    make_school("飞云学校", district="飞云")
    account = account_upsert(username="former", password="a-long-Password-2021", role="bureau")
    assert account.user.is_superuser
    change = reverse("admin:schools_account_change", args=[account.pk])
    district = District.objects.get(name="塘下")
    response = bureau_client.post(change, {"user": account.user.pk, "role": "district", "district": district.pk, "school": ""})
    assert response.status_code == 302
    account.user.refresh_from_db()
    assert not account.user.is_staff and not account.user.is_superuser
    assert [s.name for s in schools_visible_to(account.user)] == ["塘下学校"]
