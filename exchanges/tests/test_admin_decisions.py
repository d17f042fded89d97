"""The bureau decides on one exchange from its own page: 批准, 驳回, 提前结束, 延期."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_community, make_school
from exchanges.models import Exchange
from teachers.models import Teacher

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def filed():
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学")
    make_community(core, [member], year=2021, type="co_built")
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=member)
    return Exchange.objects.create(
        teacher=teacher, from_school=member, to_school=core, kind="rotation", start_date=D(2021, 9, 1), planned_end=D(2024, 8, 31)
    )


def page(client, exchange):
    return client.get(reverse("admin:exchanges_exchange_change", args=[exchange.pk])).content.decode()


def decide(client, exchange, decision, **fields):
    data = {"decision": decision, **{f"{decision}-{name}": value for name, value in fields.items()}}
    response = client.post(reverse("admin:exchanges_exchange_decide", args=[exchange.pk]), data, follow=True)
    exchange.refresh_from_db()
    return response.content.decode()


def test_a_filed_exchange_is_approved_from_its_own_page(bureau_client, filed):
    shown = page(bureau_client, filed)
    assert ">批准</button>" in shown and ">驳回</button>" in shown and ">提前结束</button>" not in shown
    said = decide(bureau_client, filed, "approve")
    assert filed.status == "approved" and "张老师的交流已批准。" in said
    assert ">批准</button>" not in said and ">延期</button>" in said  # what an approved one allows


def test_rejecting_needs_a_reason_of_at_most_two_hundred_characters(bureau_client, filed):
    assert "请填写理由" in decide(bureau_client, filed, "reject", reason="")
    assert "理由不能超过 200 字（现为 5000 字）" in decide(bureau_client, filed, "reject", reason="理" * 5000)
    assert filed.status == "filed"
    said = decide(bureau_client, filed, "reject", reason="该教师本学年已有支教安排")
    assert (filed.status, filed.reject_reason) == ("rejected", "该教师本学年已有支教安排") and "已驳回" in said


def test_a_running_exchange_is_ended_early_or_extended_with_a_reason(bureau_client, filed):
    Exchange.objects.filter(pk=filed.pk).update(status="in_progress")
    filed.refresh_from_db()
    shown = page(bureau_client, filed)
    assert ">提前结束</button>" in shown and ">延期</button>" in shown
    said = decide(bureau_client, filed, "extend", planned_end="2024-08-01", reason="续任")
    assert "应晚于原计划结束日期" in said and filed.planned_end == D(2024, 8, 31)
    decide(bureau_client, filed, "extend", planned_end="2025-08-31", reason="续任一年")
    assert filed.planned_end == D(2025, 8, 31)
    assert "日期应写成" in decide(bureau_client, filed, "end_early", on="六月底", reason="因病")
    decide(bureau_client, filed, "end_early", on="2023-06-30", reason="因病返回原校")
    assert (filed.status, filed.planned_end) == ("finished", D(2023, 6, 30))


def test_the_page_shows_the_status_history_with_who_and_why(bureau_client, filed):
    decide(bureau_client, filed, "approve")
    shown = page(bureau_client, filed)
    assert "状态记录" in shown and "<td>bureau</td><td>已批准</td>" in shown


def test_a_decision_the_status_no_longer_allows_is_explained(bureau_client, filed):
    decide(bureau_client, filed, "approve")
    said = decide(bureau_client, filed, "reject", reason="晚了")
    assert "当前状态为「已批准」，不能驳回" in said and filed.status == "approved"


def test_the_admin_home_shows_what_waits_by_district_and_links_to_it(bureau_client, filed):
    shown = bureau_client.get(reverse("admin:index")).content.decode()
    district = filed.from_school.district
    link = f"?status__exact=filed&amp;from_school__district__id__exact={district.pk}"
    assert (
        "待处理" in shown
        and f'<td>{district.name}学区</td><td><a href="{reverse("admin:exchanges_exchange_changelist")}{link}">1</a>' in shown
    )
    listed = bureau_client.get(reverse("admin:exchanges_exchange_changelist") + link.replace("&amp;", "&"))
    assert listed.status_code == 200 and "张老师" in listed.content.decode()
    Exchange.objects.update(status="approved")
    assert (
        "目前没有等待市教育局决定的交流申报、项目评估申报或离岗报告" in bureau_client.get(reverse("admin:index")).content.decode()
    )


def test_the_status_record_shows_a_rejections_reason(bureau_client, filed):
    decide(bureau_client, filed, "reject", reason="本学年名额已满")
    assert "<td>已驳回</td><td>本学年名额已满</td>" in page(bureau_client, filed)


def test_an_approved_exchange_cannot_be_deleted(bureau_client, filed):
    decide(bureau_client, filed, "approve")
    response = bureau_client.post(reverse("admin:exchanges_exchange_delete", args=[filed.pk]), {"post": "yes"})
    assert response.status_code == 403 and Exchange.objects.filter(pk=filed.pk).exists()
