"""The annual report workbook (contracts.md, "The annual report")."""

import datetime
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command

from communities.models import CommunityYear
from communities.roster import import_roster
from conftest import make_community, make_school, set_district_rate
from evaluation.models import SchoolResult
from exchanges.models import Exchange
from teachers.models import Teacher

pytestmark = pytest.mark.django_db
ROSTER_2021 = Path(settings.BASE_DIR) / "fixtures" / "ruian_roster_2021.csv"
SHEETS = [
    "教共体名单",
    "覆盖与类型",
    "教师交流",
    "Z值与奖励",
    "特岗津贴",
    "核心校质量奖",
    "学区质量",
    "教共体活动",
    "经费",
    "教共体考核",
]


def report(tmp_path, year=2022):
    path = tmp_path / "report.xlsx"
    call_command("annual_report", "--year", str(year), "--output", str(path))
    return openpyxl.load_workbook(path)


def table(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


@pytest.fixture
def county():
    core = make_school("瑞安市实验小学", district="直属", locality="urban", ownership="public", stage="primary")
    member = make_school("瑞安市高楼镇中心小学", district="高楼", locality="rural", ownership="public", stage="primary")
    set_district_rate(member.district, 800)
    make_school("瑞安市高楼镇枫岭小学", district="高楼", locality="rural", ownership="public", stage="primary")
    make_community(core, [member], year=2021, type="co_built")
    staff = [Teacher.objects.create(staff_id=f"M{i}", name=f"成员{i}", school=member) for i in range(10)]
    Exchange.objects.create(
        teacher=staff[0],
        from_school=member,
        to_school=core,
        kind="rotation",
        status="in_progress",
        start_date=datetime.date(2022, 9, 1),
        planned_end=datetime.date(2025, 8, 31),
    )
    SchoolResult.objects.create(school=member, school_year=2021, stage="primary", z_value=44.0, graduating_classes=3)
    SchoolResult.objects.create(school=member, school_year=2022, stage="primary", z_value=49.5, graduating_classes=3)
    return core, member


def test_the_workbook_has_the_agreed_sheets_in_order(tmp_path, county):
    assert report(tmp_path).sheetnames == SHEETS


def test_the_roster_sheet_of_a_later_year_shows_the_roster_still_in_force_and_reimports(tmp_path, county):
    workbook = report(tmp_path)
    path = tmp_path / "roster_only.xlsx"
    only = openpyxl.Workbook()
    for row in workbook["教共体名单"].iter_rows(values_only=True):
        only.active.append(row)
    only.save(path)
    import_roster(str(path), year=2022)
    assert CommunityYear.objects.filter(school_year=2022).count() == 1
    assert CommunityYear.objects.get(school_year=2022).community == CommunityYear.objects.get(school_year=2021).community


def test_coverage_and_type_share(tmp_path, county):
    rows = {row["范围"]: row for row in table(report(tmp_path)["覆盖与类型"])}
    total = rows["合计"]
    # Before 学年 2025 the 80 % is progress, not a verdict (二·目标: 至“十四五”末).
    assert (total["共建型"], total["教共体合计"], total["融合型+共建型占比"]) == (1, 1, 1.0)
    assert total["是否达到目标"] == "进展（2025学年起考核）"
    assert (total["乡村、镇区公办学校数"], total["已加入教共体"], total["覆盖率"]) == (2, 1, 0.5)
    assert "教共体名单采用 2021学年名单" in total["说明"]


def test_rule_the_type_share_target_is_judged_from_its_year(tmp_path, county):
    from communities.type_share import TypeShare

    share = TypeShare()
    share.counts.update({"co_built": 3, "cooperative": 1})
    assert [share.verdict(year) for year in (2024, 2025, 2030)] == ["进展（2025学年起考核）", "否", "否"]
    share.counts.update({"merged": 1})
    assert share.verdict(2025) == "是"  # 4 of 5: 80 %
    assert TypeShare().verdict(2025) == "无教共体名单"  # 0 / 0 judges nothing


def test_exchange_sheet_follows_the_contracts_definition(tmp_path, county):
    (row,) = table(report(tmp_path)["教师交流"])
    assert row == {
        "学校": "瑞安市高楼镇中心小学",
        "教共体类型": "共建型",
        "在职教师数": 10,
        "本年交流人数": 1,
        "交流比例": 0.1,
        "是否达标": "是",
        "说明": None,
    }


def test_reward_sheet_pays_ten_thousand_per_class_for_a_rise_of_five(tmp_path, county):
    (row,) = table(report(tmp_path)["Z值与奖励"])
    assert (row["上年Z值"], row["本年Z值"], row["Z值提升"], row["毕业班数"], row["奖励金额（元）"]) == (44.0, 49.5, 5.5, 3, 30000)


def test_reward_sheet_shows_what_the_bureau_confirmed_beside_what_is_computed(tmp_path, county, django_user_model):
    from evaluation.rewards import grant_member_rewards

    grant_member_rewards(2022, django_user_model.objects.create_user("boss"))
    SchoolResult.objects.filter(school_year=2022).update(graduating_classes=4)  # corrected after confirming
    (row,) = table(report(tmp_path)["Z值与奖励"])
    assert (row["奖励金额（元）"], row["已确认发放（元）"]) == (40000, 30000)
    assert row["说明"] == "确认发放时：Z值 44.00 → 49.50、3 个毕业班，与现有数据不符"


def test_allowance_sheet_counts_teacher_months(tmp_path, county):
    rows = {row["学校"]: row for row in table(report(tmp_path)["特岗津贴"])}
    member = rows["瑞安市高楼镇中心小学"]
    # Nine teachers all year, the tenth left on 1 September 2022 for the whole year.
    assert (member["月标准（元）"], member["教师人数"], member["金额（元）"]) == (800, 9, 9 * 12 * 800)
    assert rows["瑞安市高楼镇枫岭小学"]["金额（元）"] == 0


def test_numbers_are_numeric_cells_with_formats_and_no_cell_is_a_formula(tmp_path, county):
    make_school("=HYPERLINK(1)校", district="高楼")  # a name that slipped past the importers
    workbook = report(tmp_path)
    money = workbook["Z值与奖励"]["F2"]
    assert money.data_type == "n" and money.number_format == "#,##0"
    assert workbook["教师交流"]["E2"].number_format == "0.0%"
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s" and not cell.value.startswith(("=", "+", "-", "@")), cell.value


def test_header_rows_are_frozen(tmp_path, county):
    workbook = report(tmp_path)
    assert workbook["教师交流"].freeze_panes == "A2"


def test_the_2021_roster_gives_a_full_report(tmp_path):
    import_roster(str(ROSTER_2021), year=2021)
    workbook = report(tmp_path, year=2021)
    rows = {row["范围"]: row for row in table(workbook["覆盖与类型"])}
    assert (rows["小学"]["教共体合计"], rows["初中、九年一贯制"]["教共体合计"], rows["合计"]["教共体合计"]) == (21, 18, 39)
    assert len(table(workbook["教师交流"])) == 53


def test_a_confirmed_reward_whose_result_was_removed_still_shows(tmp_path, county, django_user_model):
    from evaluation.rewards import grant_member_rewards

    grant_member_rewards(2022, django_user_model.objects.create_user("boss"))
    SchoolResult.objects.filter(school_year=2022).delete()
    (row,) = table(report(tmp_path)["Z值与奖励"])
    assert (row["学校"], row["已确认发放（元）"], row["奖励金额（元）"]) == ("瑞安市高楼镇中心小学", 30000, 0)
    assert "已确认发放" in row["说明"]


def test_core_award_sheet_pays_one_point_two_when_a_member_rose_by_five(tmp_path, county):
    from evaluation.models import CoreAward

    core, _ = county
    CoreAward.objects.create(school_year=2022, core_school=core, quality_award=50_000, principal_bonus_percent=15)
    (row,) = table(report(tmp_path)["核心校质量奖"])
    assert (row["核心校"], row["教育教学质量奖（元）"], row["系数"], row["应拨付（元）"], row["校长奖金上浮"]) == (
        "瑞安市实验小学",
        50000,
        1.2,
        60000,
        0.15,
    )
    assert row["Z值提升5分及以上的成员校"] == "瑞安市高楼镇中心小学"


def test_district_quality_sheet_averages_z_by_district(tmp_path, county):
    rows = table(report(tmp_path)["学区质量"])
    assert rows == [{"学区": "高楼", "学段": "小学", "学校数": 1, "平均Z值": 49.5}]
