"""import_activities (contracts.md, "Activities"): a year's activities at once, all or nothing."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import make_community, make_school
from jiaogongti.importing import ImportFailed
from teamwork.importer import COLUMNS, import_activities
from teamwork.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(activity_categories):
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学", district="塘下")
    return make_community(core, [member], year=2021, type="co_built").community


def activities_file(tmp_path, *rows):
    path = tmp_path / "activities.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return str(path)


def test_a_years_activities_import_and_a_second_import_adds_nothing(tmp_path, community):
    path = activities_file(
        tmp_path,
        [community.code, "2022-03-15", "集体备课", "线下", "瑞安市第二实验小学", "瑞安市塘下镇第二小学", "12", "0", "单元备课"],
        ["瑞安市塘下镇第二小学", "2022-04-01", "学生交流", "线上", "瑞安市塘下镇第二小学", "", "3", "80", "手拉手"],
    )
    assert "新增 2 项" in str(import_activities(path))
    first = Activity.objects.get(topic="单元备课")
    assert (first.community, first.mode, first.school_year, [s.name for s in first.schools.all()]) == (
        community,
        "on_site",
        2021,
        ["瑞安市塘下镇第二小学"],
    )
    assert "新增 0 项，已有 2 项" in str(import_activities(path)) and Activity.objects.count() == 2


def test_every_problem_is_listed_with_its_row_and_nothing_is_written(tmp_path, community):
    make_school("瑞安市飞云中学", district="飞云")
    path = activities_file(
        tmp_path,
        [community.code, "2022-03-15", "集体备课", "线下", "瑞安市第二实验小学", "", "1", "0", "好的一行"],
        ["没有的教共体", "2022-03-15", "集体备课", "线下", "瑞安市第二实验小学", "", "1", "0", "甲"],
        [community.code, "2022-03-15", "打球", "现场", "瑞安市飞云中学", "", "-1", "0", "乙"],
    )
    with pytest.raises(ImportFailed) as failed:
        import_activities(path)
    said = str(failed.value)
    for words in [
        "第 3 行：教共体「没有的教共体」",
        "第 4 行：类别「打球」",
        "第 4 行：形式「现场」",
        "第 4 行：主办学校「瑞安市飞云中学」在 2021学年不是该教共体的学校",
        "教师人次「-1」",
    ]:
        assert words in said, words
    assert not Activity.objects.exists()


def test_the_command_and_the_admin_page_with_its_template(tmp_path, community, bureau_client, capsys):
    path = activities_file(
        tmp_path, [community.code, "2022-03-15", "名师讲座", "线上", "瑞安市第二实验小学", "", "30", "0", "讲座"]
    )
    call_command("import_activities", path)
    assert "新增 1 项" in capsys.readouterr().out
    response = bureau_client.get(reverse("admin:teamwork_activity_import"), {"template": "1"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["导入", "说明"]
    template = tmp_path / "template.xlsx"
    template.write_bytes(response.content)
    assert "新增 1 项" in str(import_activities(str(template)))  # its example row imports as it stands


def test_rule_a_file_may_name_another_communitys_school_taking_part(tmp_path, community):
    guest = make_school("瑞安市飞云中学", district="飞云")
    path = activities_file(
        tmp_path, [community.code, "2022-03-15", "教学观摩", "线下", "瑞安市第二实验小学", guest.name, "8", "0", "互访观摩"]
    )
    import_activities(path)
    assert list(Activity.objects.get().schools.all()) == [guest]
