"""A head reports a teacher's departure in the portal; the bureau confirms or returns it."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_community, make_school
from exchanges.models import Exchange
from jiaogongti import once
from schools.accounts import account_upsert
from teachers.departures import confirm_departure_report, return_departure_report
from teachers.models import DepartureReport, Teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(client):
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学")
    make_community(core, [member], year=2021, type="co_built")
    user = account_upsert(username="head", password="a-long-Password-2021", role="school_head", school_name=member.name).user
    client.force_login(user)
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=member, hire_date=datetime.date(2000, 9, 1))
    return client, member, core, teacher


def report(client, member, teacher, **fields):
    url = reverse("portal:departure_report", args=[member.pk, teacher.pk])
    form = {"left_on": "2026-07-31", "reason": "retired", "remark": "", once.FIELD: once.new_token(), **fields}
    return client.post(url, form, follow=True)


def test_a_heads_report_changes_nothing_until_the_bureau_confirms_it(head):
    client, member, core, teacher = head
    running = Exchange.objects.create(
        teacher=teacher, from_school=member, to_school=core, kind="rotation", status="in_progress",
        start_date=datetime.date(2025, 9, 1), planned_end=datetime.date(2028, 8, 31),
    )  # fmt: skip
    page = report(client, member, teacher).content.decode()
    assert "已报告张老师离岗，等待市教育局确认" in page and "待市教育局确认" in page
    teacher.refresh_from_db()
    assert teacher.left_on is None
    confirm_departure_report(DepartureReport.objects.get())
    teacher.refresh_from_db()
    running.refresh_from_db()
    assert (teacher.left_on, teacher.leaving_reason) == (datetime.date(2026, 7, 31), "retired")
    assert running.planned_end == datetime.date(2026, 7, 31)
    assert DepartureReport.objects.get().status == DepartureReport.Status.CONFIRMED


def test_a_returned_report_keeps_the_teacher_serving_and_needs_a_reason(head):
    client, member, _, teacher = head
    report(client, member, teacher)
    pending = DepartureReport.objects.get()
    with pytest.raises(Exception, match="退回必须填写理由"):
        return_departure_report(pending, reason=" ")
    return_departure_report(pending, reason="日期有误，请核实")
    pending.refresh_from_db()
    assert (pending.status, pending.return_reason) == (DepartureReport.Status.RETURNED, "日期有误，请核实")
    teacher.refresh_from_db()
    assert teacher.left_on is None


def test_a_second_report_while_one_waits_is_refused_in_chinese(head):
    client, member, _, teacher = head
    report(client, member, teacher)
    page = report(client, member, teacher, left_on="2026-06-30").content.decode()
    assert "已有一份待确认的离岗报告" in page
    assert DepartureReport.objects.count() == 1


def test_a_report_before_the_teacher_joined_is_refused(head):
    client, member, _, teacher = head
    page = report(client, member, teacher, left_on="1999-07-31").content.decode()
    assert "离岗日期不能早于" in page and not DepartureReport.objects.exists()


def test_a_departed_teacher_is_listed_apart_and_no_longer_offered_for_filing(head):
    client, member, _, teacher = head
    report(client, member, teacher, left_on="2020-07-31")
    confirm_departure_report(DepartureReport.objects.get())
    listed = client.get(reverse("portal:teachers", args=[member.pk])).content.decode()
    assert "在职教师（0 人）" in listed and "已离岗教师（1 人）" in listed and "退休（已离岗）" in listed
    filing = client.get(reverse("portal:exchange_new", args=[member.pk])).content.decode()
    assert "张老师" not in filing
    assert client.get(reverse("portal:departure_report", args=[member.pk, teacher.pk])).status_code == 404


def test_a_report_on_a_departure_recorded_meanwhile_is_not_confirmed_over_it(head):
    from teachers.departures import record_departure

    client, member, _, teacher = head
    report(client, member, teacher, left_on="2026-07-31")
    record_departure(teacher, datetime.date(2026, 6, 30), "resigned")
    with pytest.raises(Exception, match="离岗已记录"):
        confirm_departure_report(DepartureReport.objects.get())
    teacher.refresh_from_db()
    assert (teacher.left_on, teacher.leaving_reason) == (datetime.date(2026, 6, 30), "resigned")
