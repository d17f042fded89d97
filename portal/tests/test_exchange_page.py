"""A school's own page for one exchange: every field, its record, the 提示, a form to sign."""

import datetime
import io

import pytest
from django.urls import reverse

from conftest import make_community, make_school
from exchanges.models import Exchange
from exchanges.services import exchange_approve, exchange_file
from jiaogongti.school_year import current_school_year
from schools.accounts import account_upsert
from teachers.models import Teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(client):
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学")
    make_community(core, [member], year=2021, type="co_built")
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=member, subject="语文")
    head = account_upsert(username="head", password="a-long-Password-2021", role="school_head", school_name=member.name).user
    client.force_login(head)
    exchange = exchange_file(
        teacher=teacher,
        to_school=core,
        kind="support",
        start_date=datetime.date(2021, 9, 1),
        establishment_moved=False,
        filed_by=head,
        remark="支援核心校语文教研",
    )
    return member, exchange


def test_the_head_files_with_a_remark_and_sees_every_field_and_the_record(client, filed):
    school, exchange = filed
    exchange_approve(exchange)
    shown = client.get(reverse("portal:exchange", args=[school.pk, exchange.pk])).content.decode()
    for text in [
        "张老师（工号 T1）",
        "瑞安市第二实验小学",
        "支教",
        "2021年9月1日 至 2024年8月31日",
        "支援核心校语文教研",
        "已批准",
    ]:
        assert text in shown, text
    assert "状态记录" in shown and "已提交" in shown


def test_the_printable_form_has_the_places_to_sign(client, filed):
    school, exchange = filed
    shown = client.get(reverse("portal:exchange_print", args=[school.pk, exchange.pk])).content.decode()
    assert "教师交流申报表" in shown and "支援核心校语文教研" in shown
    assert shown.count("校长签字") == 2 and "教育局审批意见" in shown and "@media print" in shown


def test_a_filed_exchange_can_be_withdrawn_from_the_list_and_its_page(client, filed):
    school, exchange = filed
    for url in [reverse("portal:exchanges", args=[school.pk]), reverse("portal:exchange", args=[school.pk, exchange.pk])]:
        assert reverse("portal:exchange_withdraw", args=[school.pk, exchange.pk]) in client.get(url).content.decode()


def test_another_schools_exchange_is_not_found(client, filed):
    school, exchange = filed
    other = make_school("瑞安市飞云中学", district="飞云")
    stranger = Teacher.objects.create(staff_id="T9", name="王老师", school=other)
    elsewhere = Exchange.objects.create(
        teacher=stranger,
        from_school=other,
        to_school=make_school("瑞安市阁巷小学", district="飞云"),
        kind="support",
        start_date=datetime.date(2021, 9, 1),
        planned_end=datetime.date(2022, 8, 31),
    )
    for name in ["portal:exchange", "portal:exchange_print"]:
        assert client.get(reverse(name, args=[school.pk, elsewhere.pk])).status_code == 404
        assert client.get(reverse(name, args=[other.pk, elsewhere.pk])).status_code == 404


def test_a_remark_too_long_is_refused_in_chinese(client, filed):
    school, exchange = filed
    response = client.post(reverse("portal:exchange_new", args=[school.pk]), {"remark": "备" * 600})
    assert "申报理由/备注不能超过 500 字（现为 600 字）" in response.content.decode()


def test_a_head_exports_their_own_schools_teachers_and_exchanges_and_nothing_else(client, filed):
    from jiaogongti.tabular import iter_rows

    school, exchange = filed
    other = make_school("瑞安市飞云中学", district="飞云")
    Teacher.objects.create(staff_id="T9", name="王老师", school=other)
    for name, expected in [("portal:teacher_export", {"T1"}), ("portal:exchange_export", {"T1"})]:
        response = client.get(reverse(name, args=[school.pk]))
        assert response.status_code == 200
        rows = list(iter_rows(io.BytesIO(response.content), "list.xlsx"))
        assert {row.cells[0] for row in rows[1:]} == expected
        assert client.get(reverse(name, args=[other.pk])).status_code == 404


def test_every_portal_table_reads_as_cards_on_a_phone():
    """Each list table is a `cards` table (one card per row on a narrow screen) with every
    cell labelled, and the field tables stack: nothing scrolls sideways on a phone."""
    import re
    from pathlib import Path

    templates = [*Path("portal/templates/portal").glob("*.html"), *Path("inbox/templates/inbox").glob("*.html")]
    for template in templates:
        if template.name == "exchange_print.html":  # printed on A4, not read on a phone
            continue
        text = template.read_text()
        for table in re.findall(r"<table[^>]*>", text):
            assert 'class="cards"' in table or 'class="fields"' in table, (template.name, table)
        for row in re.findall(r"<tr[^>]*>(?:(?!</tr>).)*</tr>", text, re.S):
            if "<td" in row and "colspan" not in row and "<th" not in row:
                assert row.count("<td") == row.count("data-label"), (template.name, row[:80])


def test_district_staff_see_which_school_they_are_on_and_the_way_back_to_the_list(client):
    first = make_school("瑞安市塘下镇第二小学", district="塘下")
    make_school("瑞安市塘下镇第三小学", district="塘下")
    staff = account_upsert(username="tangxia", password="a-long-Password-2021", role="district", district_name="塘下")
    client.force_login(staff.user)
    nav = client.get(reverse("portal:school", args=[first.pk])).content.decode().split("</nav>")[0]
    assert "学校列表" in nav and "瑞安市塘下镇第二小学</a>" in nav and ">本校<" not in nav


def test_the_filing_form_says_who_is_away_and_until_when(client):
    """A teacher on a live exchange is marked on the form, with its status and end."""
    core = make_school("瑞安市第二实验小学", district="直属")
    school = make_school("瑞安市塘下镇第二小学")
    make_community(core, [school], year=current_school_year())
    away = Teacher.objects.create(staff_id="T1", name="在外老师", school=school)
    Teacher.objects.create(staff_id="T2", name="在校老师", school=school)
    Exchange.objects.create(
        teacher=away, from_school=school, to_school=core, kind="rotation", status="in_progress",
        start_date=datetime.date(2026, 9, 1), planned_end=datetime.date(2029, 8, 31),
    )  # fmt: skip
    head = account_upsert(username="head", password="a-long-Password-2021", role="school_head", school_name=school.name)
    client.force_login(head.user)
    form = client.get(reverse("portal:exchange_new", args=[school.pk])).content.decode()
    assert "在外老师（T1） —— 交流进行中，至 2029年8月31日" in form
    assert "在校老师（T2）<" in form


def test_a_district_account_sees_each_school_with_what_needs_a_look(client):
    """A 学区's home: per school its filings waiting, the 10 % rule, terms ending soon."""
    from django.utils import timezone

    year = current_school_year()
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学", district="塘下")
    make_school("瑞安市塘下镇第三小学", district="塘下")
    make_community(core, [member], year=year)
    teachers = [Teacher.objects.create(staff_id=f"T{i}", name=f"老师{i}", school=member) for i in range(3)]
    today = timezone.localdate()
    Exchange.objects.create(
        teacher=teachers[0], from_school=member, to_school=core, kind="support",
        start_date=today + datetime.timedelta(days=30), planned_end=today + datetime.timedelta(days=300),
    )  # fmt: skip
    Exchange.objects.create(
        teacher=teachers[1], from_school=member, to_school=core, kind="support", status="in_progress",
        start_date=datetime.date(year, 9, 1), planned_end=today + datetime.timedelta(days=10),
    )  # fmt: skip
    staff = account_upsert(username="xq", password="a-long-Password-2021", role="district", district_name="塘下")
    client.force_login(staff.user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "瑞安市塘下镇第三小学" in page and "不是成员校" in page
    row = page[page.index("瑞安市塘下镇第二小学") :].split("</tr>")[0]
    assert ">1 条</a>" in row and "1 / 3 人" in row and "1 条（" in row
