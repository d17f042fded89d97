"""export_list (contracts.md): each list in the columns of its import, so that importing
the file back changes nothing: no row added, removed or rewritten, no new history."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.facts import fill_in_unknown_facts
from evaluation.importer import import_scores
from evaluation.models import SchoolResult, SubjectScore
from exchanges.importer import import_exchanges
from exchanges.models import Exchange
from jiaogongti.tabular import iter_rows
from schools.importer import import_schools
from schools.models import School
from teachers.importer import import_teachers
from teachers.models import Teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(ruian_districts):
    """The demo's county: roster, teachers, exchanges in every status, two years of results."""
    call_command("setup_demo")
    fill_in_unknown_facts()


@pytest.fixture
def clerk(client, county):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="bureau"))  # the demo's bureau account
    return client


def snapshot():
    """Every row of the four kinds and of their history, as the database holds them."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (School, Teacher, Exchange, SchoolResult, SubjectScore, Teacher.history.model, Exchange.history.model)
    }


@pytest.mark.parametrize(
    "kind, importer",
    [("schools", import_schools), ("teachers", import_teachers), ("exchanges", import_exchanges), ("scores", import_scores)],
)
def test_a_list_exported_and_imported_back_changes_nothing(county, tmp_path, kind, importer):
    path = tmp_path / f"{kind}.xlsx"
    call_command("export_list", kind, "--output", str(path))
    before = snapshot()
    result = importer(str(path))
    after = snapshot()
    for name in before:
        assert after[name] == before[name], f"{kind}: {name} changed ({result})"


def test_exchanges_are_written_in_the_contracts_vocabulary(county, tmp_path):
    """状态 as the import's own words (contracts.md, "List exports"): 已结束, not its longer label."""
    path = tmp_path / "exchanges.xlsx"
    call_command("export_list", "exchanges", "--output", str(path))
    statuses = {row.cells[7] for row in list(iter_rows(str(path)))[1:]}
    assert "已结束" in statuses and statuses <= {"已提交", "已批准", "进行中", "已结束", "已驳回", "已撤回"}


def test_scores_of_one_year(county, tmp_path):
    path = tmp_path / "scores.xlsx"
    year = SchoolResult.objects.order_by("school_year").first().school_year
    call_command("export_list", "scores", "--output", str(path), "--year", str(year))
    years = {row.cells[0] for row in list(iter_rows(str(path)))[1:]}
    assert years == {str(year)}


@pytest.mark.parametrize(
    "list_url, export_url",
    [
        ("admin:teachers_teacher_changelist", "admin:teachers_teacher_export"),
        ("admin:exchanges_exchange_changelist", "admin:exchanges_exchange_export"),
        ("admin:schools_school_changelist", "admin:schools_school_export"),
        ("admin:evaluation_schoolresult_changelist", "admin:evaluation_schoolresult_export"),
        ("admin:assessment_allocation_changelist", "admin:assessment_allocation_export"),
        ("admin:teamwork_activity_changelist", "admin:teamwork_activity_export"),
        ("admin:timetable_session_changelist", "admin:timetable_session_export"),
    ],
)
def test_each_admin_list_offers_its_export(county, clerk, list_url, export_url):
    shown = clerk.get(reverse(list_url)).content.decode()
    assert reverse(export_url) in shown and "导出 Excel" in shown


def test_an_admin_list_exports_what_its_filters_show_and_round_trips(county, clerk, tmp_path):
    """export → edit → import through the admin's own list: the filtered rows, in the import's columns."""
    school = School.objects.get(name="瑞安市塘下镇第二小学")
    response = clerk.get(reverse("admin:teachers_teacher_export"), {"school__id__exact": school.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    path = tmp_path / "teachers.xlsx"
    path.write_bytes(response.content)
    rows = list(iter_rows(str(path)))
    assert list(rows[0].cells[:10]) == [
        *["工号", "姓名", "学校", "学科", "职称", "入职日期", "调入日期", "离岗日期", "离岗原因"],  # the contract's nine
        "编制学校",
    ]
    assert {row.cells[2] for row in rows[1:]} == {school.name} and len(rows) - 1 == school.teachers.count()
    before = snapshot()
    assert "新建 0 人、更新 0 人" in str(import_teachers(str(path)))
    assert snapshot() == before


def test_the_money_a_list_shows_exports_and_imports_back_unchanged(county, clerk, tmp_path):
    """经费拨付 filtered by 学年: the same rows, the same money, imported back (never double)."""
    from assessment.importer import import_funds
    from assessment.models import Allocation

    year = Allocation.objects.order_by("school_year").values_list("school_year", flat=True).last()
    response = clerk.get(reverse("admin:assessment_allocation_export"), {"school_year": year})
    path = tmp_path / "funds.xlsx"
    path.write_bytes(response.content)
    rows = list(iter_rows(str(path)))
    assert list(rows[0].cells[:6]) == ["学年", "教共体", "类别", "拨付学校", "金额（元）", "说明"]
    assert len(rows) - 1 == Allocation.objects.filter(school_year=year).count()
    before = sorted(Allocation.objects.filter(school_year=year).values_list("community_id", "school_id", "category", "amount"))
    import_funds(str(path))
    after = sorted(Allocation.objects.filter(school_year=year).values_list("community_id", "school_id", "category", "amount"))
    assert after == before


def test_the_communities_work_exports_and_imports_back_unchanged(county, clerk, tmp_path):
    """教共体活动 and a term's 一张表, as their lists show them, imported back: nothing added."""
    from teamwork.importer import import_activities
    from teamwork.models import Activity
    from timetable.importer import import_timetable
    from timetable.models import ListeningClassroom, Session

    year = Session.objects.order_by("school_year").values_list("school_year", flat=True).last()
    response = clerk.get(reverse("admin:teamwork_activity_export"), {"school_year": year})
    (tmp_path / "activities.xlsx").write_bytes(response.content)
    activities = Activity.objects.count()
    import_activities(str(tmp_path / "activities.xlsx"))
    assert Activity.objects.count() == activities
    response = clerk.get(reverse("admin:timetable_session_export"), {"school_year": year, "term__exact": 1})
    (tmp_path / "sessions.xlsx").write_bytes(response.content)
    rows = list(iter_rows(str(tmp_path / "sessions.xlsx")))
    assert len(rows) - 1 == Session.objects.filter(school_year=year, term=1).count()
    before = sorted(Session.objects.values_list("community_id", "weekday", "start_time", "lead_teacher_id", "first_week"))
    listeners = ListeningClassroom.objects.count()
    import_timetable(str(tmp_path / "sessions.xlsx"), year=year, term=1)
    assert sorted(Session.objects.values_list("community_id", "weekday", "start_time", "lead_teacher_id", "first_week")) == before
    assert ListeningClassroom.objects.count() == listeners


@pytest.mark.parametrize(
    "kind, importer, column, value, field_label",
    [
        ("schools", import_schools, "城乡", None, "城乡"),
        ("teachers", import_teachers, "学科", "书法", "学科"),
        ("exchanges", import_exchanges, "迁编", None, "迁编"),
        ("scores", import_scores, "平均分", 99.5, "参考人数、平均分、标准差"),
    ],
)
def test_a_preview_names_each_change_old_to_new(county, tmp_path, kind, importer, column, value, field_label):
    import openpyxl

    path = tmp_path / f"{kind}.xlsx"
    call_command("export_list", kind, "--output", str(path))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    index = [cell.value for cell in sheet[1]].index(column)
    cell = sheet.cell(row=2, column=index + 1)
    old = cell.value
    flipped = {"是": "否", "否": "是", "乡村": "城区"}
    cell.value = value if value is not None else flipped.get(old, "乡村")
    workbook.save(path)
    before = snapshot()
    result = importer(str(path), dry_run=True)
    assert snapshot() == before  # a preview writes nothing
    (change,) = [entry for entry in result.changes if entry["kind"] == "changed"]
    assert change["field"] == field_label and change["record"].startswith("第 2 行")
    assert change["old"] != change["new"]
