"""The bureau's exchange screens."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse

from conftest import make_community, make_school
from exchanges.models import Exchange
from teachers.models import Teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学")
    make_community(core, [member], year=2021, type="co_built")
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=member)
    Exchange.objects.create(
        teacher=teacher,
        from_school=member,
        to_school=core,
        kind="support",
        start_date=datetime.date(2021, 9, 1),
        planned_end=datetime.date(2024, 8, 31),
        status="in_progress",
    )
    return core, member


@pytest.mark.parametrize(
    "url",
    [
        "admin:exchanges_exchange_rules",
        "admin:exchanges_exchange_import",
        "admin:teachers_teacher_import",
        "admin:exchanges_exchange_changelist",
        "admin:teachers_teacher_changelist",
    ],
)
def test_exchange_pages_open_for_bureau_staff(bureau_client, data, url):
    assert bureau_client.get(reverse(url)).status_code == 200


def test_rules_page_shows_the_ten_percent_rule(bureau_client, data):
    page = bureau_client.get(reverse("admin:exchanges_exchange_rules"), {"year": 2021, "base_ratio": 15}).content.decode()
    assert "瑞安市塘下镇第二小学" in page and "100.0%" in page and "是" in page


def test_exchange_history_page_shows_who_changed_what(bureau_client, data):
    exchange = Exchange.objects.get()
    bureau_client.post(reverse("admin:exchanges_exchange_changelist"), {"action": "finish", "_selected_action": [exchange.pk]})
    page = bureau_client.get(reverse("admin:exchanges_exchange_history", args=[exchange.pk])).content.decode()
    latest = exchange.history.order_by("-history_date").first()
    assert latest.history_user.username == "bureau" and latest.status == "finished"  # who, and what
    assert "已结束" in page and "进行中" in page  # the page shows the status before and after
    assert "修改内容" in page and "Changes" not in page


def test_teacher_upload_uses_the_importer(bureau_client, data):
    upload = SimpleUploadedFile(
        "t.csv", "工号,姓名,学校,学科,职称,入职日期\nT2,李老师,瑞安市塘下镇第二小学,数学,初级,2021-09-01\n".encode()
    )
    page = bureau_client.post(reverse("admin:teachers_teacher_import"), {"file": upload}, follow=True).content.decode()
    assert "新建 1 人" in page


def test_list_pages_keep_a_constant_number_of_queries(bureau_client, data, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as captured:
            bureau_client.get(reverse("admin:exchanges_exchange_changelist"))
        return len(captured)

    few = count()
    core, member = data
    for i in range(15):
        teacher = Teacher.objects.create(staff_id=f"X{i}", name=f"老师{i}", school=member)
        Exchange.objects.create(
            teacher=teacher,
            from_school=member,
            to_school=core,
            kind="support",
            start_date=datetime.date(2021, 9, 1),
            planned_end=datetime.date(2022, 8, 31),
        )
    assert count() == few


def test_exchanges_filter_by_school_year(bureau_client, data):
    page = bureau_client.get(reverse("admin:exchanges_exchange_changelist"), {"school_year": 2021}).content.decode()
    assert "张老师" in page
    page = bureau_client.get(reverse("admin:exchanges_exchange_changelist"), {"school_year": 2022}).content.decode()
    assert "张老师" not in page


def test_the_admin_form_refuses_an_overlapping_exchange(bureau_client, data):
    core, member = data
    teacher = Teacher.objects.get(staff_id="T1")
    response = bureau_client.post(
        reverse("admin:exchanges_exchange_add"),
        {
            "teacher": teacher.pk,
            "from_school": member.pk,
            "to_school": core.pk,
            "kind": "support",
            "start_date": "2022-01-01",
            "planned_end": "2022-06-30",
            "establishment_moved": "on",
            "status": "filed",
            "reject_reason": "",
        },
    )
    assert response.status_code == 200 and "时间不能重叠" in response.content.decode()
    assert Exchange.objects.count() == 1


def test_the_admin_form_cannot_change_a_status_past_the_transition_rules(bureau_client, data):
    exchange = Exchange.objects.get()
    response = bureau_client.post(
        reverse("admin:exchanges_exchange_change", args=[exchange.pk]),
        {
            "teacher": exchange.teacher_id,
            "from_school": exchange.from_school_id,
            "to_school": exchange.to_school_id,
            "kind": "support",
            "start_date": "2021-09-01",
            "planned_end": "2024-08-31",
            "establishment_moved": "on",
            "status": "filed",
            "reject_reason": "",
        },
    )
    assert response.status_code == 302
    exchange.refresh_from_db()
    assert exchange.status == "in_progress"


@pytest.mark.parametrize(
    "teacher_school, to_school, message",
    [("core", "core", "不能相同"), ("core", "core", "不属于派出学校"), ("member", "stranger", "不属于同一个教共体")],
)
def test_the_admin_form_applies_the_filing_rules(bureau_client, data, teacher_school, to_school, message):
    core, member = data
    schools = {"core": core, "member": member, "stranger": make_school("瑞安市阁巷小学", district="飞云")}
    teacher = Teacher.objects.create(staff_id="T9", name="新老师", school=schools[teacher_school])
    response = bureau_client.post(
        reverse("admin:exchanges_exchange_add"),
        {
            "teacher": teacher.pk,
            "from_school": core.pk if message == "不能相同" else member.pk,
            "to_school": schools[to_school].pk,
            "kind": "support",
            "start_date": "2025-09-01",
            "planned_end": "2026-08-31",
            "establishment_moved": "on",
        },
    )
    assert response.status_code == 200 and message in response.content.decode()
    # Once, though the database's own constraint says 不能相同 too; at the field it is about.
    assert response.content.decode().count(message) == 1
    field = {"不能相同": "to_school", "不属于派出学校": "teacher", "不属于同一个教共体": "to_school"}[message]
    assert message in " ".join(response.context["adminform"].form.errors[field])
    assert Exchange.objects.count() == 1


def test_a_staff_id_typed_in_lower_case_is_the_same_teacher(bureau_client, data):
    """One teacher, one 工号: the admin refuses 'x' where an import stored 'X'."""
    core, member = data
    Teacher.objects.create(staff_id="33038119900101123X", name="甲", school=member)
    response = bureau_client.post(
        reverse("admin:teachers_teacher_add"),
        {
            "staff_id": "33038119900101123x",
            "name": "乙",
            "school": member.pk,
            "subject": "",
            "title": "",
        },
    )
    assert response.status_code == 200 and "工号" in response.content.decode() and "已存在" in response.content.decode()
    assert Teacher.objects.filter(staff_id__iexact="33038119900101123X").count() == 1


def test_a_past_record_from_before_any_roster_can_still_be_corrected_in_the_admin(bureau_client, data):
    core, member = data
    teacher = Teacher.objects.get()
    past = Exchange.objects.create(
        teacher=teacher,
        from_school=member,
        to_school=core,
        kind="support",
        status="finished",
        start_date=datetime.date(2018, 9, 1),
        planned_end=datetime.date(2019, 8, 31),
    )
    response = bureau_client.post(
        reverse("admin:exchanges_exchange_change", args=[past.pk]),
        {
            "teacher": teacher.pk,
            "from_school": member.pk,
            "to_school": core.pk,
            "kind": "support",
            "start_date": "2018-09-01",
            "planned_end": "2019-06-30",
            "establishment_moved": "on",
        },
    )
    assert response.status_code == 302
    past.refresh_from_db()
    assert past.planned_end == datetime.date(2019, 6, 30)


def test_a_running_exchanges_teacher_schools_and_establishment_move_are_fixed(bureau_client, data):
    core, member = data
    exchange = Exchange.objects.get()  # 进行中, 迁编
    bureau_client.post(
        reverse("admin:exchanges_exchange_change", args=[exchange.pk]),
        {
            "teacher": exchange.teacher_id,
            "from_school": core.pk,
            "to_school": member.pk,
            "kind": "support",
            "start_date": "2021-09-01",
            "planned_end": "2024-06-30",  # 迁编 unticked
        },
    )
    exchange.refresh_from_db()
    assert (exchange.from_school, exchange.establishment_moved) == (member, True)
    assert exchange.planned_end == datetime.date(2024, 6, 30)  # the dates can still be corrected


def test_rules_page_narrows_to_one_district(bureau_client, data):
    from schools.models import District

    core, member = data
    url = reverse("admin:exchanges_exchange_rules")
    own = bureau_client.get(url, {"year": 2021, "district": member.district_id}).content.decode()
    other = District.objects.exclude(pk=member.district_id).first()
    elsewhere = bureau_client.get(url, {"year": 2021, "district": other.pk}).content.decode()
    assert member.name in own and member.name not in elsewhere and f"（{other.name}学区）" in elsewhere


def test_rules_page_asks_for_the_service_term_before_listing_core_new_teachers(bureau_client, data):
    url = reverse("admin:exchanges_exchange_rules")
    assert "请在上方填写“核心校新教师服务期（年）”后核算" in bureau_client.get(url, {"year": 2021}).content.decode()
    page = bureau_client.get(url, {"year": 2021, "service_years": 3}).content.decode()
    assert "服务期满（3 年）" in page


def teacher_form(teacher, **changes):
    """The teacher's change form as the admin posts it, with `changes`."""
    fields = {
        "staff_id": teacher.staff_id,
        "name": teacher.name,
        "school": teacher.school_id,
        "establishment_school": teacher.establishment_school_id,
        "subject": teacher.subject,
        "title": teacher.title,
        "hire_date": "",
        "left_on": "",
        "leaving_reason": "",
        "moved_on": "",
        "placements-TOTAL_FORMS": "1",
        "placements-INITIAL_FORMS": "1",
        "placements-MIN_NUM_FORMS": "0",
        "placements-MAX_NUM_FORMS": "1000",
        "placements-0-id": teacher.placements.get().pk,
        "placements-0-teacher": teacher.pk,
        "post_grades-TOTAL_FORMS": "0",
        "post_grades-INITIAL_FORMS": "0",
        "post_grades-MIN_NUM_FORMS": "0",
        "post_grades-MAX_NUM_FORMS": "1000",
    }
    return {**fields, **changes}


def test_the_admin_moves_a_teacher_on_the_day_given_and_keeps_the_school_before(bureau_client, data):
    core, member = data
    teacher = Teacher.objects.get(staff_id="T1")
    url = reverse("admin:teachers_teacher_change", args=[teacher.pk])
    refused = bureau_client.post(url, teacher_form(teacher, school=core.pk))
    assert "换了所属学校，请填写调入日期。" in refused.content.decode()
    response = bureau_client.post(url, teacher_form(teacher, school=core.pk, moved_on="2025-09-01"))
    assert response.status_code == 302
    placements = list(
        teacher.placements.order_by(F("start_date").asc(nulls_first=True)).values_list("school", "start_date", "end_date")
    )
    assert placements == [(member.pk, None, datetime.date(2025, 8, 31)), (core.pk, datetime.date(2025, 9, 1), None)]


def test_a_departure_typed_in_the_admin_ends_the_teachers_running_exchange(bureau_client, data):
    teacher = Teacher.objects.get(staff_id="T1")
    url = reverse("admin:teachers_teacher_change", args=[teacher.pk])
    assert "离岗日期和离岗原因须同时填写" in bureau_client.post(url, teacher_form(teacher, left_on="2022-07-31")).content.decode()
    response = bureau_client.post(url, teacher_form(teacher, left_on="2022-07-31", leaving_reason="retired"), follow=True)
    assert "因离岗" in response.content.decode()
    exchange = teacher.exchanges.get()
    assert (exchange.status, exchange.planned_end) == (Exchange.Status.FINISHED, datetime.date(2022, 7, 31))
    listed = bureau_client.get(reverse("admin:teachers_teacher_changelist"), {"serving": "no"}).content.decode()
    assert "已离岗（退休" in listed
