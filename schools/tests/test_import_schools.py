"""`import_schools` (contracts.md, "Schools")."""

import csv

import pytest
from django.core.management import CommandError, call_command

from jiaogongti.importing import ImportFailed
from schools.importer import import_schools
from schools.models import District, School

pytestmark = pytest.mark.django_db

HEADER = ["学校", "学区", "学段", "城乡", "办学性质", "所属学校"]


def schools_file(tmp_path, *rows, header=HEADER):
    path = tmp_path / "schools.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows([header, *rows])
    return str(path)


def test_it_creates_schools_with_their_facts(tmp_path):
    import_schools(schools_file(tmp_path, ["瑞安市阁巷小学", "飞云", "小学", "乡村", "公办", ""]))
    school = School.objects.get()
    assert (school.district.name, school.stage, school.locality, school.ownership) == ("飞云", "primary", "rural", "public")


def test_a_second_import_updates_and_never_duplicates(tmp_path):
    import_schools(schools_file(tmp_path, ["瑞安市阁巷小学", "飞云", "小学", "乡村", "公办", ""]))
    result = import_schools(schools_file(tmp_path, ["瑞安市 阁巷小学", "飞云", "小学", "镇区", "公办", ""]))
    assert School.objects.count() == 1
    assert School.objects.get().locality == "town"
    assert "更新 1 所" in str(result)


def test_a_campus_points_at_its_school_even_when_listed_first(tmp_path):
    import_schools(
        schools_file(
            tmp_path,
            ["瑞安市塘下镇下林小学", "塘下", "小学", "乡村", "公办", "瑞安市塘下镇海安学校"],
            ["瑞安市塘下镇海安学校", "塘下", "九年一贯制", "镇区", "公办", ""],
        )
    )
    campus = School.objects.get(name="瑞安市塘下镇下林小学")
    assert campus.is_campus and campus.campus_of.name == "瑞安市塘下镇海安学校"


def test_optional_priority_flags_are_read(tmp_path):
    header = [*HEADER, "小规模", "寄宿制", "薄弱"]
    import_schools(
        schools_file(tmp_path, ["瑞安市芳庄乡学校", "湖岭", "九年一贯制", "乡村", "公办", "", "是", "是", "否"], header=header)
    )
    school = School.objects.get()
    assert school.is_small and school.is_boarding and not school.is_weak and school.is_priority


def test_unknown_district_is_created_and_reported(tmp_path):
    result = import_schools(schools_file(tmp_path, ["某县某小学", "新学区", "小学", "乡村", "公办", ""]))
    assert District.objects.filter(name="新学区").exists()
    assert "新建学区 1 个" in str(result)


def test_it_rejects_bad_values_and_writes_nothing(tmp_path):
    path = schools_file(
        tmp_path,
        ["瑞安市阁巷小学", "飞云", "高中", "乡村", "公办", ""],
        ["瑞安市侨贸学校", "飞云", "小学", "农村", "公办", ""],
        ["=cmd", "飞云", "小学", "乡村", "公办", ""],
        ["瑞安市仙降第二小学", "飞云", "小学", "乡村", "公办", "不存在的学校"],
        ["瑞安市阁巷小学", "飞云", "小学", "乡村", "公办", ""],
    )
    with pytest.raises(ImportFailed) as failed:
        import_schools(path)
    message = str(failed.value)
    for phrase in ["第 2 行：学段「高中」", "第 3 行：城乡「农村」", "第 4 行", "公式", "第 5 行：所属学校", "第 6 行", "已出现"]:
        assert phrase in message, message
    assert School.objects.count() == 0


def test_it_rejects_a_missing_column(tmp_path):
    with pytest.raises(ImportFailed) as failed:
        import_schools(schools_file(tmp_path, ["瑞安市阁巷小学", "飞云"], header=["学校", "学区"]))
    assert "缺少列：学段、城乡、办学性质、所属学校" in str(failed.value)


def test_command_reports_problems_with_a_non_zero_exit(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_schools", schools_file(tmp_path, ["瑞安市阁巷小学", "飞云", "高中", "乡村", "公办", ""]))
