"""Who may see and do what in the portal and the admin (own school only; 404 outside)."""

import datetime
from unittest.mock import patch

import pytest
from django.urls import reverse

from conftest import BrowserClient, make_community, make_school
from exchanges.models import Exchange
from exchanges.services import exchange_file
from schools.accounts import account_upsert
from teachers.models import Teacher

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Password-2021"


@pytest.fixture
def world():
    """Alice heads a member school, Bob heads another community's school, Dora is 学区 staff of Alice's 学区."""
    core = make_school("核心校甲", district="直属")
    alice_school = make_school("成员校甲", district="塘下")
    bob_school = make_school("成员校乙", district="飞云")
    make_community(core, [alice_school], year=2021)
    make_community(make_school("核心校乙", district="直属"), [bob_school], year=2021)
    alice_teacher = Teacher.objects.create(staff_id="A1", name="甲老师", school=alice_school)
    bob_teacher = Teacher.objects.create(staff_id="B1", name="乙老师", school=bob_school)
    alice_exchange = exchange_file(teacher=alice_teacher, to_school=core, kind="support", start_date=datetime.date(2021, 9, 1))
    bob_exchange = exchange_file(
        teacher=bob_teacher,
        to_school=bob_school.memberships.get().core_school,
        kind="support",
        start_date=datetime.date(2021, 9, 1),
    )
    users = {
        "alice": account_upsert(username="alice", password=PASSWORD, role="school_head", school_name="成员校甲").user,
        "bob": account_upsert(username="bob", password=PASSWORD, role="school_head", school_name="成员校乙").user,
        "dora": account_upsert(username="dora", password=PASSWORD, role="district", district_name="塘下").user,
        "bureau": account_upsert(username="boss", password=PASSWORD, role="bureau").user,
    }
    return {
        "core": core,
        "alice_school": alice_school,
        "bob_school": bob_school,
        "alice_teacher": alice_teacher,
        "bob_teacher": bob_teacher,
        "alice_exchange": alice_exchange,
        "bob_exchange": bob_exchange,
        "users": users,
    }


def client_for(world, name):
    client = BrowserClient()
    client.force_login(world["users"][name])
    return client


PORTAL_PAGES = ["portal:school", "portal:teachers", "portal:exchanges", "portal:exchange_new"]


@pytest.mark.parametrize("page", PORTAL_PAGES)
@pytest.mark.parametrize(
    "user, school, status",
    [
        ("alice", "alice_school", 200),
        ("alice", "bob_school", 404),
        ("bob", "alice_school", 404),
        ("dora", "alice_school", 200),
        ("dora", "bob_school", 404),
    ],
)
def test_portal_permission_matrix(world, page, user, school, status):
    response = client_for(world, user).get(reverse(page, args=[world[school].pk]))
    assert response.status_code == status


@pytest.mark.parametrize("page", PORTAL_PAGES)
def test_anonymous_users_are_sent_to_login(world, client, page):
    response = client.get(reverse(page, args=[world["alice_school"].pk]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("user, status", [("alice", 302), ("bob", 302), ("dora", 302), ("bureau", 200)])
@pytest.mark.parametrize(
    "url", ["admin:exchanges_exchange_changelist", "admin:teachers_teacher_changelist", "admin:schools_school_changelist"]
)
def test_only_bureau_staff_reach_the_admin(world, user, status, url):
    assert client_for(world, user).get(reverse(url)).status_code == status


def test_a_head_sees_nothing_of_another_schools_exchanges(world):
    page = client_for(world, "alice").get(reverse("portal:exchanges", args=[world["alice_school"].pk])).content.decode()
    assert "甲老师" in page and "乙老师" not in page


def test_a_forged_post_with_another_schools_teacher_changes_nothing(world):
    before = Exchange.objects.count()
    response = client_for(world, "alice").post(
        reverse("portal:exchange_new", args=[world["alice_school"].pk]),
        {"teacher": world["bob_teacher"].pk, "to_school": world["core"].pk, "kind": "support", "start_date": "2025-09-01"},
    )
    assert response.status_code == 200 and "请选择本校的教师" in response.content.decode()
    assert Exchange.objects.count() == before


def test_a_forged_post_to_a_school_outside_the_community_changes_nothing(world):
    before = Exchange.objects.count()
    response = client_for(world, "alice").post(
        reverse("portal:exchange_new", args=[world["alice_school"].pk]),
        {
            "teacher": world["alice_teacher"].pk,
            "to_school": world["bob_school"].pk,
            "kind": "support",
            "start_date": "2025-09-01",
        },
    )
    assert "接收学校必须是本教共体中本校可以派出教师前往的学校" in response.content.decode()
    assert Exchange.objects.count() == before


def test_withdrawing_another_schools_exchange_is_a_404_and_changes_nothing(world):
    client = client_for(world, "alice")
    response = client.post(reverse("portal:exchange_withdraw", args=[world["alice_school"].pk, world["bob_exchange"].pk]))
    assert response.status_code == 404
    response = client.post(reverse("portal:exchange_withdraw", args=[world["bob_school"].pk, world["bob_exchange"].pk]))
    assert response.status_code == 404
    world["bob_exchange"].refresh_from_db()
    assert world["bob_exchange"].status == "filed"


def test_a_head_files_and_withdraws_an_exchange(world):
    client = client_for(world, "alice")
    exchange_withdraw_url = reverse("portal:exchange_withdraw", args=[world["alice_school"].pk, world["alice_exchange"].pk])
    assert client.post(exchange_withdraw_url).status_code == 302
    filing = {
        "teacher": world["alice_teacher"].pk,
        "to_school": world["core"].pk,
        "kind": "rotation",
        "start_date": "2022-09-01",
        "establishment_moved": "on",
    }
    url = reverse("portal:exchange_new", args=[world["alice_school"].pk])
    # Filed after its start: the 提示 shows first, nothing is saved until the head confirms.
    preview = client.post(url, filing).content.decode()
    assert "提交前请注意以下提示" in preview and "确认提交申报" in preview
    assert not Exchange.objects.filter(teacher=world["alice_teacher"], status="filed").exists()
    response = client.post(url, {**filing, "confirmed": "1"}, follow=True)
    assert "交流申报已提交" in response.content.decode()
    exchange = Exchange.objects.filter(teacher=world["alice_teacher"], status="filed").get()
    assert exchange.planned_end == datetime.date(2025, 8, 31) and exchange.filed_by == world["users"]["alice"]


def test_csrf_is_enforced_on_portal_posts(world):
    client = BrowserClient(enforce_csrf_checks=True)
    client.force_login(world["users"]["alice"])
    response = client.post(reverse("portal:exchange_withdraw", args=[world["alice_school"].pk, world["alice_exchange"].pk]))
    assert response.status_code == 403
    world["alice_exchange"].refresh_from_db()
    assert world["alice_exchange"].status == "filed"


def test_bulk_reject_requires_a_reason_and_records_it(world):
    client = client_for(world, "bureau")
    url = reverse("admin:exchanges_exchange_changelist")
    ids = [world["alice_exchange"].pk, world["bob_exchange"].pk]
    client.post(url, {"action": "reject", "_selected_action": ids, "reason": ""})
    assert Exchange.objects.filter(status="rejected").count() == 0
    client.post(url, {"action": "reject", "_selected_action": ids, "reason": "名额已满"})
    assert set(Exchange.objects.filter(pk__in=ids).values_list("status", "reject_reason")) == {("rejected", "名额已满")}


def test_bulk_approve(world):
    client = client_for(world, "bureau")
    client.post(
        reverse("admin:exchanges_exchange_changelist"), {"action": "approve", "_selected_action": [world["alice_exchange"].pk]}
    )
    world["alice_exchange"].refresh_from_db()
    assert world["alice_exchange"].status == "approved"


def login(client, username, password, ip):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_attempts_are_limited_per_username_and_ip(world):
    client = BrowserClient()
    for _ in range(5):
        login(client, "alice", "wrong", "10.0.0.1")
    locked = login(client, "alice", PASSWORD, "10.0.0.1")
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    # The same shared school IP does not lock out another user ...
    assert login(BrowserClient(), "bob", PASSWORD, "10.0.0.1").status_code == 302
    # ... nor the same user from another place.
    assert login(BrowserClient(), "alice", PASSWORD, "10.0.0.2").status_code == 302


def test_a_core_school_leading_two_communities_sees_and_sends_to_both(world):
    second_member = make_school("成员校丙", district="马屿")
    make_community(world["core"], [second_member], year=2021, segment="middle")
    account_upsert(username="carol", password=PASSWORD, role="school_head", school_name="核心校甲")
    client = BrowserClient()
    client.force_login(django_user("carol"))
    page = client.get(reverse("portal:school", args=[world["core"].pk])).content.decode()
    assert "成员校甲" in page and "成员校丙" in page
    form = client.get(reverse("portal:exchange_new", args=[world["core"].pk])).content.decode()
    assert "成员校甲" in form and "成员校丙" in form


def django_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_the_teachers_page_lists_teachers_here_on_exchange(world):
    from exchanges.services import exchange_approve, exchange_start

    exchange_start(exchange_approve(world["alice_exchange"]))  # 甲老师 goes to 核心校甲 (2021-09-01, three years)
    account_upsert(username="carol", password=PASSWORD, role="school_head", school_name="核心校甲")
    client = BrowserClient()
    client.force_login(django_user("carol"))
    with patch("django.utils.timezone.localdate", return_value=datetime.date(2022, 3, 1)):
        page = client.get(reverse("portal:teachers", args=[world["core"].pk])).content.decode()
    assert "正在本校交流的外校教师（1 人）" in page and "甲老师" in page and "成员校甲" in page


def test_the_school_page_shows_the_z_rise_and_reward_owed(world):
    from evaluation.models import SchoolResult

    school = world["alice_school"]
    SchoolResult.objects.create(school=school, school_year=2020, stage="primary", z_value=44.0, graduating_classes=2)
    SchoolResult.objects.create(school=school, school_year=2021, stage="primary", z_value=50.5, graduating_classes=2)
    page = client_for(world, "alice").get(reverse("portal:school", args=[school.pk])).content.decode()
    assert "6.50" in page and "20,000 元" in page


def test_the_filing_form_offers_only_the_kinds_the_community_allows_and_refuses_others_clearly(world):
    """A 共建型 member school is not offered 驻教/走教; a forged one is refused, nothing saved."""
    client = client_for(world, "alice")
    url = reverse("portal:exchange_new", args=[world["alice_school"].pk])
    Teacher.objects.create(staff_id="A2", name="新老师", school=world["alice_school"], hire_date=datetime.date(2021, 9, 1))
    form = client.get(url).content.decode()
    assert "新老师（A2，2021年9月1日入职）" in form  # who is new shows, for 跟岗锻炼
    assert 'value="rotation"' in form and 'value="shadowing"' in form
    assert 'value="resident"' not in form and 'value="visiting"' not in form
    before = Exchange.objects.count()
    page = client.post(
        url,
        {
            "teacher": world["alice_teacher"].pk,
            "to_school": world["core"].pk,
            "kind": "resident",
            "start_date": "2026-09-01",
            "establishment_moved": "on",
        },
    ).content.decode()
    assert "本校所在教共体不能申报这种交流类型。" in page and Exchange.objects.count() == before
