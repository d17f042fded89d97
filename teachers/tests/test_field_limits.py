"""Every value is checked against the field it fills, on SQLite and PostgreSQL alike: lengths,
and plausible dates (issue: data the bureau can trust)."""

import pytest
from django.urls import reverse

from evaluation.importer import import_scores
from exchanges.importer import import_exchanges
from exchanges.models import Exchange
from jiaogongti.importing import ImportFailed
from schools.importer import import_schools
from teachers.importer import import_teachers
from teachers.models import Teacher
from teachers.tests.test_importers import EXCHANGES, TEACHERS, csv_file

pytestmark = pytest.mark.django_db


def problems_of(importer, path) -> str:
    with pytest.raises(ImportFailed) as failed:
        importer(path)
    return str(failed.value)


def test_a_name_longer_than_its_field_is_refused_with_its_row(tmp_path, schools):
    path = csv_file(tmp_path, TEACHERS, ["T1", "张" * 10_000, "瑞安市塘下镇第二小学", "语文", "中级", "2015-09-01"])
    assert "第 2 行：姓名太长（10000 个字），最多 50 个字" in problems_of(import_teachers, path)
    assert not Teacher.objects.exists()


def test_a_subject_and_a_school_name_past_their_length_are_refused(tmp_path, schools):
    path = csv_file(tmp_path, TEACHERS, ["T1", "张三", "学" * 101, "语" * 21, "中级", ""])
    problems = problems_of(import_teachers, path)
    assert "学校太长（101 个字），最多 100 个字" in problems and "学科太长（21 个字），最多 20 个字" in problems


def test_school_and_district_names_past_their_length_are_refused(tmp_path):
    path = csv_file(
        tmp_path, ["学校", "学区", "学段", "城乡", "办学性质", "所属学校"], ["校" * 101, "区" * 51, "小学", "乡村", "公办", ""]
    )
    problems = problems_of(import_schools, path)
    assert "学校太长" in problems and "学区太长" in problems


def test_a_subject_past_its_length_is_refused_in_scores(tmp_path, schools):
    header = ["学年", "学段", "学校", "科目", "参考人数", "平均分", "标准差", "毕业班数"]
    path = csv_file(tmp_path, header, ["2021", "小学", "瑞安市塘下镇第二小学", "科" * 21, "30", "80", "10", "1"])
    assert "科目太长" in problems_of(import_scores, path)


@pytest.mark.parametrize("hired", ["0001-01-01", "1949-12-31", "9999-12-31"])
def test_an_implausible_hire_date_is_refused(tmp_path, schools, hired):
    path = csv_file(tmp_path, TEACHERS, ["T1", "张三", "瑞安市塘下镇第二小学", "语文", "中级", hired])
    assert "第 2 行：入职日期" in problems_of(import_teachers, path) and "不合理" in problems_of(import_teachers, path)


def test_a_hire_date_within_the_plausible_range_is_kept(tmp_path, schools):
    import_teachers(csv_file(tmp_path, TEACHERS, ["T1", "张三", "瑞安市塘下镇第二小学", "语文", "中级", "1950-01-01"]))
    assert Teacher.objects.get().hire_date.year == 1950


def test_an_exchange_starting_in_9997_is_refused_not_a_crash(tmp_path, schools):
    core, member = schools
    Teacher.objects.create(staff_id="T1", name="张三", school=member)
    path = csv_file(tmp_path, EXCHANGES, ["T1", member.name, core.name, "支教", "9997-09-01", "", "否", "已提交"])
    problems = problems_of(import_exchanges, path)
    assert "第 2 行：开始日期" in problems and "不合理" in problems
    assert not Exchange.objects.exists()


def test_a_default_end_past_2100_is_refused(tmp_path, schools):
    core, member = schools
    Teacher.objects.create(staff_id="T1", name="张三", school=member)
    path = csv_file(tmp_path, EXCHANGES, ["T1", member.name, core.name, "支教", "2100-09-01", "", "否", "已提交"])
    assert "结束日期（开始日期加三年）" in problems_of(import_exchanges, path)


def test_the_portal_form_refuses_a_start_in_9997(client, django_user_model, schools):
    from schools.models import Account

    core, member = schools
    teacher = Teacher.objects.create(staff_id="T1", name="张三", school=member)
    user = django_user_model.objects.create_user("head", password="x")
    Account.objects.create(user=user, role=Account.Role.SCHOOL_HEAD, school=member)
    client.force_login(user)
    response = client.post(
        reverse("portal:exchange_new", args=[member.pk]),
        {
            "teacher": teacher.pk,
            "to_school": core.pk,
            "kind": "support",
            "start_date": "9997-09-01",
            "planned_end": "",
        },
    )
    assert response.status_code == 200 and "不合理" in response.content.decode()
    assert not Exchange.objects.exists()


def test_the_admin_forms_refuse_implausible_dates(bureau_client, schools):
    core, member = schools
    response = bureau_client.post(
        reverse("admin:teachers_teacher_add"),
        {
            "staff_id": "T2",
            "name": "乙",
            "school": member.pk,
            "subject": "",
            "title": "",
            "hire_date": "0001-01-01",
        },
    )
    assert response.status_code == 200 and "不合理" in response.content.decode()
    teacher = Teacher.objects.create(staff_id="T1", name="张三", school=member)
    response = bureau_client.post(
        reverse("admin:exchanges_exchange_add"),
        {
            "teacher": teacher.pk,
            "from_school": member.pk,
            "to_school": core.pk,
            "kind": "support",
            "start_date": "9997-09-01",
            "planned_end": "9999-12-31",
            "establishment_moved": "",
        },
    )
    assert response.status_code == 200 and "不合理" in response.content.decode()
    assert not Exchange.objects.exists() and Teacher.objects.count() == 1
