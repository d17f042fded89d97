"""Roster import and export in the 附件2 layout (contracts.md, "Roster files")."""

import csv
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from communities.models import Community, CommunityYear, Membership
from communities.roster import import_roster, roster_rows_for_display
from conftest import make_school
from jiaogongti.importing import ImportFailed
from schools.models import School, Stage

pytestmark = pytest.mark.django_db

ROSTER_2021 = Path(settings.BASE_DIR) / "fixtures" / "ruian_roster_2021.csv"
HEADER = ["序号", "学区", "成员校（校区）", "学区", "核心校", "拟建类型"]


def write_csv(path: Path, rows, encoding="utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def primary(*data_rows):
    return [["一、小学："], HEADER, *data_rows]


def database_state():
    return (
        sorted(School.objects.values_list("name", "district__name", "is_campus")),
        sorted(CommunityYear.objects.values_list("community_id", "school_year", "type", "position")),
        sorted(Membership.objects.values_list("community_year_id", "school_id", "position")),
        Community.objects.count(),
    )


def communities_of(year):
    """Each community of the year as (core, segment, type, members in order)."""
    return sorted(
        (
            cy.community.core_school.name,
            cy.community.segment,
            cy.type,
            tuple(m.school.name for m in cy.memberships.select_related("school")),
        )
        for cy in CommunityYear.objects.filter(school_year=year).select_related("community__core_school")
    )


# --- The 2021 roster ------------------------------------------------------------------


def test_the_2021_roster_holds_39_communities_and_53_member_rows():
    result = import_roster(str(ROSTER_2021), year=2021)
    assert CommunityYear.objects.filter(school_year=2021).count() == 39
    assert Membership.objects.filter(school_year=2021).count() == 53
    assert CommunityYear.objects.filter(community__segment=Stage.PRIMARY).count() == 21
    assert CommunityYear.objects.filter(community__segment=Stage.MIDDLE).count() == 18
    assert "教共体 39 个" in str(result)


def test_a_trailing_footnote_digit_marks_a_core_school_leading_two_communities():
    import_roster(str(ROSTER_2021), year=2021)
    assert not School.objects.filter(name__endswith="小学1").exists()
    assert Community.objects.filter(core_school__name="瑞安市虹桥路小学").count() == 2
    assert Community.objects.filter(core_school__name="瑞安市玉海实验中学").count() == 2
    # A core school may lead a segment other than its own: 虹桥路小学 leads 鹿木学校.
    assert Membership.objects.get(school__name="瑞安市湖岭镇鹿木学校").core_school.name == "瑞安市虹桥路小学"


def test_campus_marker_becomes_a_flag_not_part_of_the_name():
    import_roster(str(ROSTER_2021), year=2021)
    campus = School.objects.get(name="瑞安市塘下镇下林小学")
    assert campus.is_campus
    assert School.objects.get(name="瑞安市湖岭镇中心小学永安校区").is_campus
    assert not School.objects.get(name="瑞安市阁巷小学").is_campus


def test_continuation_rows_join_the_community_above():
    import_roster(str(ROSTER_2021), year=2021)
    community_year = CommunityYear.objects.get(community__core_school__name="瑞安市外国语小学")
    assert [m.school.name for m in community_year.memberships.all()] == [
        "瑞安市马屿镇中心小学",
        "瑞安市马屿镇第四小学",
        "瑞安市马屿镇清祥小学",
        "瑞安市马屿镇顺泰学校",
    ]


def test_importing_the_same_year_again_changes_nothing():
    import_roster(str(ROSTER_2021), year=2021)
    before = database_state()
    result = import_roster(str(ROSTER_2021), year=2021)
    assert database_state() == before
    assert "新增 0" in str(result) and "未变 39" in str(result)


def test_import_command_prints_a_one_line_summary(capsys):
    call_command("import_roster", str(ROSTER_2021), "--year", "2021")
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "教共体 39 个" in out[0]


def test_dry_run_reports_without_writing():
    result = import_roster(str(ROSTER_2021), year=2021, dry_run=True)
    assert result.dry_run and "教共体 39 个" in str(result)
    assert School.objects.count() == 0 and CommunityYear.objects.count() == 0


# --- Later years: history is kept -----------------------------------------------------


def test_a_type_change_in_a_later_year_keeps_the_earlier_type_as_history(tmp_path):
    row = ["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "协作型"]
    import_roster(str(write_csv(tmp_path / "2021.csv", primary(row))), year=2021)
    row[5] = "共建型"
    import_roster(str(write_csv(tmp_path / "2022.csv", primary(row))), year=2022)
    community = Community.objects.get()
    assert dict(community.years.values_list("school_year", "type")) == {2021: "cooperative", 2022: "co_built"}


def test_a_community_missing_from_a_later_roster_does_not_hold_that_year(tmp_path):
    rows = primary(
        ["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "协作型"],
        ["2", "飞云", "瑞安市侨贸学校", "飞云", "瑞安市江南实验小学", "共建型"],
    )
    import_roster(str(write_csv(tmp_path / "2021.csv", rows)), year=2021)
    import_roster(str(write_csv(tmp_path / "2022.csv", rows[:3])), year=2022)
    assert [c[0] for c in communities_of(2022)] == ["瑞安市飞云中心小学"]
    assert len(communities_of(2021)) == 2


def test_reimporting_a_year_with_a_community_dropped_removes_it_from_that_year(tmp_path):
    rows = primary(
        ["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "协作型"],
        ["2", "飞云", "瑞安市侨贸学校", "飞云", "瑞安市江南实验小学", "共建型"],
    )
    import_roster(str(write_csv(tmp_path / "a.csv", rows)), year=2021)
    result = import_roster(str(write_csv(tmp_path / "b.csv", rows[:3])), year=2021)
    assert "本年不再保留 1" in str(result)
    assert Community.objects.count() == 1


def test_a_member_moving_to_another_community_the_next_year_is_allowed(tmp_path):
    import_roster(
        str(write_csv(tmp_path / "2021.csv", primary(["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "协作型"]))),
        year=2021,
    )
    import_roster(
        str(write_csv(tmp_path / "2022.csv", primary(["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市江南实验小学", "共建型"]))),
        year=2022,
    )
    assert Membership.objects.filter(school__name="瑞安市阁巷小学").count() == 2


def test_reimporting_a_year_removes_members_the_file_no_longer_lists(tmp_path):
    """contracts.md: a roster file is the complete list for its year."""
    path = write_csv(tmp_path / "r.csv", primary(["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "协作型"]))
    import_roster(str(path), year=2020)
    import_roster(str(path), year=2021)
    community_year = CommunityYear.objects.get(school_year=2021)
    Membership.objects.create(community_year=community_year, school=make_school("瑞安市后加小学"), position=2)
    result = import_roster(str(path), year=2021)
    assert "类型、成员或顺序变更 1" in str(result)
    assert communities_of(2021) == [("瑞安市飞云中心小学", Stage.PRIMARY, "cooperative", ("瑞安市阁巷小学",))]


def test_a_member_moving_between_communities_within_a_year_is_reimported(tmp_path):
    first = primary(
        ["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "协作型"],
        ["2", "飞云", "瑞安市侨贸学校", "", "", ""],
        ["3", "飞云", "瑞安市云江小学", "飞云", "瑞安市江南实验小学", "共建型"],
    )
    moved = primary(
        ["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "协作型"],
        ["2", "飞云", "瑞安市云江小学", "飞云", "瑞安市江南实验小学", "共建型"],
        ["3", "飞云", "瑞安市侨贸学校", "", "", ""],
    )
    import_roster(str(write_csv(tmp_path / "a.csv", first)), year=2021)
    import_roster(str(write_csv(tmp_path / "b.csv", moved)), year=2021)
    assert communities_of(2021) == [
        ("瑞安市江南实验小学", Stage.PRIMARY, "co_built", ("瑞安市云江小学", "瑞安市侨贸学校")),
        ("瑞安市飞云中心小学", Stage.PRIMARY, "cooperative", ("瑞安市阁巷小学",)),
    ]


# --- Round trip ------------------------------------------------------------------------


def test_export_then_import_into_an_empty_database_gives_the_same_communities(tmp_path, django_db_blocker):
    import_roster(str(ROSTER_2021), year=2021)
    expected = communities_of(2021)
    campuses = set(School.objects.filter(is_campus=True).values_list("name", flat=True))
    output = tmp_path / "roster.xlsx"
    call_command("export_roster", "--year", "2021", "--output", str(output))

    Membership.objects.all().delete()
    CommunityYear.objects.all().delete()
    Community.objects.all().delete()
    School.objects.all().delete()

    import_roster(str(output), year=2021)
    assert communities_of(2021) == expected
    assert set(School.objects.filter(is_campus=True).values_list("name", flat=True)) == campuses


def test_export_writes_plain_names_and_campus_markers(tmp_path):
    import_roster(str(ROSTER_2021), year=2021)
    rows = roster_rows_for_display(2021)
    cells = {c for row in rows for c in row if isinstance(c, str)}
    assert "瑞安市虹桥路小学" in cells and "瑞安市虹桥路小学1" not in cells
    assert "瑞安市塘下镇下林小学（校区）" in cells
    assert "瑞安市湖岭镇中心小学永安校区" in cells and "瑞安市湖岭镇中心小学永安校区（校区）" not in cells


# --- Encodings and formats -------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_any_agreed_encoding_is_read(tmp_path, encoding):
    rows = list(csv.reader(ROSTER_2021.open(encoding="utf-8")))
    import_roster(str(write_csv(tmp_path / "roster.csv", rows, encoding=encoding)), year=2021)
    assert CommunityYear.objects.count() == 39


def test_xlsx_is_read_and_names_are_normalised(tmp_path):
    rows = primary([1, "飞云 ", "瑞安市\u3000阁巷小学", "飞云", "瑞安市飞云中心小学(校区)", "共建型"])
    import_roster(str(write_xlsx(tmp_path / "roster.xlsx", rows)), year=2021)
    assert School.objects.filter(name="瑞安市阁巷小学").exists()


# --- Hostile and broken files: a clear Chinese message, nothing written ------------------


def assert_refused(path, *expected_phrases, year=2021):
    before = database_state()
    with pytest.raises(ImportFailed) as failed:
        import_roster(str(path), year=year)
    message = str(failed.value)
    for phrase in expected_phrases:
        assert phrase in message, message
    assert database_state() == before
    return message


@pytest.fixture
def existing_roster():
    import_roster(str(ROSTER_2021), year=2021)


def test_it_rejects_a_corrupt_xlsx(tmp_path, existing_roster):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert_refused(path, "不是有效的 Excel")


def test_it_rejects_a_csv_renamed_to_xlsx(tmp_path, existing_roster):
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(ROSTER_2021.read_bytes())
    assert_refused(path, "不是有效的 Excel")


def test_it_rejects_an_xlsx_renamed_to_csv(tmp_path, existing_roster):
    path = write_xlsx(tmp_path / "roster.xlsx", primary())
    renamed = tmp_path / "renamed.csv"
    renamed.write_bytes(path.read_bytes())
    assert_refused(renamed, "不是文本格式的 CSV")


def test_it_rejects_an_empty_file(tmp_path, existing_roster):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert_refused(path, "文件是空的")


def test_it_rejects_other_file_types(tmp_path):
    path = tmp_path / "roster.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert_refused(path, "另存为")


def test_it_rejects_a_header_with_a_missing_column(tmp_path, existing_roster):
    rows = [["一、小学："], HEADER[:5], ["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学"]]
    assert_refused(write_csv(tmp_path / "r.csv", rows), "第 2 行", "表头", "拟建类型")


def test_it_rejects_a_file_without_sections(tmp_path):
    rows = [HEADER, ["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "共建型"]]
    assert_refused(write_csv(tmp_path / "r.csv", rows), "分节标题")


def test_it_rejects_an_unknown_type(tmp_path, existing_roster):
    rows = primary(["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "联盟型"])
    assert_refused(write_csv(tmp_path / "r.csv", rows), "第 3 行", "拟建类型「联盟型」无法识别")


def test_it_rejects_a_continuation_row_with_nothing_above_in_its_section(tmp_path, existing_roster):
    rows = [
        *primary(["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "共建型"]),
        ["二、初中、九年一贯制："],
        HEADER,
        ["1", "飞云", "瑞安市阁巷中学", "", "", ""],
    ]
    assert_refused(write_csv(tmp_path / "r.csv", rows), "第 6 行", "上面没有教共体")


def test_it_rejects_one_member_in_two_communities(tmp_path, existing_roster):
    rows = primary(
        ["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "共建型"],
        ["2", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市江南实验小学", "共建型"],
    )
    assert_refused(write_csv(tmp_path / "r.csv", rows), "第 4 行", "已在第 3 行作为成员校出现")


def test_it_rejects_a_core_school_that_is_its_own_member(tmp_path):
    rows = primary(
        ["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "共建型"],
        ["2", "飞云", "瑞安市飞云中心小学", "", "", ""],
    )
    assert_refused(write_csv(tmp_path / "r.csv", rows), "第 4 行", "不能既是核心校又是")


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x")', "+1", "-cmd", "@SUM(A1)"])
def test_it_rejects_a_formula_in_a_name(tmp_path, existing_roster, formula):
    rows = primary(["1", "飞云", formula, "飞云", "瑞安市飞云中心小学", "共建型"])
    assert_refused(write_csv(tmp_path / "r.csv", rows), "第 3 行", "公式")


def test_it_lists_every_problem_with_its_row_number(tmp_path):
    rows = primary(
        ["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "联盟型"],
        ["2", "飞云", "=1+1", "飞云", "瑞安市江南实验小学", "共建型"],
        ["3", "", "瑞安市侨贸学校", "飞云", "瑞安市仙降中心小学", "共建型"],
    )
    message = assert_refused(write_csv(tmp_path / "r.csv", rows), "第 3 行", "第 4 行", "第 5 行")
    assert message.index("第 3 行") < message.index("第 4 行") < message.index("第 5 行")


def test_it_rejects_a_school_given_two_different_districts(tmp_path):
    rows = primary(
        ["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "共建型"],
        ["2", "塘下", "瑞安市侨贸学校", "塘下", "瑞安市飞云中心小学", "共建型"],
    )
    assert_refused(write_csv(tmp_path / "r.csv", rows), "第 4 行", "学区")


def test_the_command_exits_non_zero_and_lists_the_problems(tmp_path):
    rows = primary(["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "联盟型"])
    with pytest.raises(CommandError) as error:
        call_command("import_roster", str(write_csv(tmp_path / "r.csv", rows)), "--year", "2021")
    assert "数据库未做任何改动" in str(error.value) and "第 3 行" in str(error.value)
    assert School.objects.count() == 0


def test_a_dropped_community_that_exchanges_refer_to_is_kept(tmp_path):
    import datetime

    from exchanges.models import Exchange
    from teachers.models import Teacher

    rows = primary(["1", "飞云", "瑞安市阁巷小学", "飞云", "瑞安市飞云中心小学", "协作型"])
    import_roster(str(write_csv(tmp_path / "a.csv", rows)), year=2021)
    community = Community.objects.get()
    member = School.objects.get(name="瑞安市阁巷小学")
    teacher = Teacher.objects.create(staff_id="T1", name="张", school=member)
    Exchange.objects.create(
        teacher=teacher,
        from_school=member,
        to_school=community.core_school,
        community=community,
        kind="support",
        start_date=datetime.date(2021, 9, 1),
        planned_end=datetime.date(2022, 8, 31),
    )
    other = primary(["1", "飞云", "瑞安市侨贸学校", "飞云", "瑞安市江南实验小学", "共建型"])
    import_roster(str(write_csv(tmp_path / "b.csv", other)), year=2021)
    assert Community.objects.filter(pk=community.pk).exists()
    assert len(communities_of(2021)) == 1


def test_a_later_years_export_names_the_roster_it_carries_and_imports_back(tmp_path):
    import_roster(str(ROSTER_2021), year=2021)
    rows = roster_rows_for_display(2024)
    assert rows[0] == ["2024学年义务教育城乡教育共同体名单（沿用2021学年名单）"]
    before = communities_of(2021)
    path = tmp_path / "2024.xlsx"
    call_command("export_roster", "--year", "2024", "--output", str(path))
    import_roster(str(path), year=2024)
    assert communities_of(2024) == before


def test_a_preview_names_each_community_the_file_changes(tmp_path):
    """A type changed, a community changed in its members (another community, for the
    roster): listed old → new before the import is confirmed."""
    first = tmp_path / "2021.csv"
    first.write_text(
        "一、小学：\n序号,学区,成员校（校区）,学区,核心校,拟建类型\n"
        "1,塘下,瑞安市塘下镇第二小学,直属,瑞安市第二实验小学,共建型\n2,塘下,瑞安市塘下镇第三小学,,,\n",
        encoding="utf-8",
    )
    import_roster(str(first), year=2021)
    second = tmp_path / "2021b.csv"
    second.write_text(
        "一、小学：\n序号,学区,成员校（校区）,学区,核心校,拟建类型\n1,塘下,瑞安市塘下镇第二小学,直属,瑞安市第二实验小学,融合型\n",
        encoding="utf-8",
    )
    result = import_roster(str(second), year=2021, dry_run=True)
    changes = {(c["field"], c["old"], c["new"]) for c in result.changes}
    assert ("本学年名单", "在名单中", "不再保留") in changes
    assert ("本学年名单", "（无）", "新增（成员校：瑞安市塘下镇第二小学）") in changes
    same_members = tmp_path / "2021c.csv"
    same_members.write_text(first.read_text(encoding="utf-8").replace("共建型", "融合型"), encoding="utf-8")
    result = import_roster(str(same_members), year=2021, dry_run=True)
    assert [(c["field"], c["old"], c["new"]) for c in result.changes] == [("拟建类型", "共建型", "融合型")]
