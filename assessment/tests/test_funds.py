"""经费 (issue: assessing the communities, 2): import_funds per the contract, exact money,
the floor, the members' share, and the `经费` sheet."""

import csv
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from assessment.funds import funds_by_community, year_funds
from assessment.importer import COLUMNS, TEMPLATE, import_funds
from assessment.models import Allocation
from jiaogongti.importing import ImportFailed
from policy.figures import RUIAN_PLAN, row_values
from policy.models import PolicyYear
from reports.annual_report import write_annual_report
from timetable.tests.builders import term_community

pytestmark = pytest.mark.django_db


def funds_file(tmp_path, *rows, name="funds.csv"):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return str(path)


@pytest.fixture
def community():
    return term_community(year=2022)


def test_rule_a_file_replaces_its_pairs_and_twice_is_the_same_money(tmp_path, community):
    team, core, members = community
    path = funds_file(
        tmp_path,
        ["2022", team.code, "活动开展", members[0].name, "50000", "同步课堂设备"],
        ["2022", members[1].name, "教师培训", core.name, "12,345.67", ""],
    )
    call_command("import_funds", path)
    call_command("import_funds", path)
    assert Allocation.objects.count() == 2
    assert sum(a.amount for a in Allocation.objects.all()) == Decimal("62345.67")
    assert Allocation.history.count() == 2  # the second import wrote nothing
    # A new file for the pair replaces its rows; another pair is untouched.
    other, other_core, _ = term_community(year=2022, core_name="瑞安市安阳实验中学", members=("瑞安市飞云中学",), prefix="S")
    import_funds(funds_file(tmp_path, ["2022", other.code, "其他", other_core.name, "100", ""], name="o.csv"))
    result = import_funds(funds_file(tmp_path, ["2022", team.code, "装备配置", members[0].name, "80000.5", ""], name="n.csv"))
    assert result.counts == {"replaced": 1, "unchanged": 0, "rows": 1}
    assert list(Allocation.objects.filter(community=team).values_list("amount", flat=True)) == [Decimal("80000.50")]
    assert Allocation.objects.filter(community=other).count() == 1


def test_every_bad_row_is_named_and_nothing_is_written(tmp_path, community):
    team, core, members = community
    stranger = term_community(year=2022, core_name="瑞安市安阳实验中学", members=("瑞安市飞云中学",), prefix="S")[1]
    path = funds_file(
        tmp_path,
        ["2022", team.code, "买车", members[0].name, "0", ""],
        ["二〇二二", team.code, "其他", core.name, "1.005", ""],
        ["2022", team.code, "其他", stranger.name, "-5", ""],
        ["2022", team.code, "其他", core.name, "10", ""],
    )
    with pytest.raises(ImportFailed) as failed:
        import_funds(path)
    messages = [(p.row, p.message) for p in failed.value.problems]
    assert (2, "类别「买车」应为：装备配置、项目建设、活动开展、教师培训、硬件改善、其他。") in messages
    assert (2, "金额「0」应为大于 0 的金额，最多两位小数（单位：元）。") in messages
    assert (3, "学年「二〇二二」应为四位数的年份，如 2022。") in messages
    assert (3, "金额「1.005」应为大于 0 的金额，最多两位小数（单位：元）。") in messages
    assert (4, f"拨付学校「{stranger.name}」在 2022学年不是该教共体的学校。") in messages
    assert not Allocation.objects.exists()


def test_rule_the_floor_defaults_to_fifty_million_and_members_share(community):
    team, core, members = community
    Allocation.objects.create(
        school_year=2022, community=team, category="activities", school=members[0], amount=Decimal("30000.10")
    )
    Allocation.objects.create(school_year=2022, community=team, category="training", school=core, amount=Decimal("10000"))
    county = year_funds(2022)
    assert county.floor == Decimal("50000000") and not county.floor_met
    assert (county.total, county.to_members) == (Decimal("40000.10"), Decimal("30000.10"))
    assert funds_by_community(2022)[team.pk].member_share == Decimal("30000.10") / Decimal("40000.10")
    PolicyYear.objects.create(from_year=2022, **{**row_values(RUIAN_PLAN), "funds_floor": Decimal("40000")})
    assert year_funds(2022).floor_met


def test_the_funds_sheet_has_a_row_per_community_and_the_city_total(tmp_path, community):
    team, core, members = community
    Allocation.objects.create(
        school_year=2022,
        community=team,
        category="activities",
        school=members[0],
        amount=Decimal("30000.10"),
        note="同步课堂设备",
    )
    Allocation.objects.create(school_year=2022, community=team, category="training", school=core, amount=Decimal("10000"))
    path = tmp_path / "report.xlsx"
    write_annual_report(2022, str(path))
    rows = list(openpyxl.load_workbook(path)["经费"].iter_rows(values_only=True))
    assert rows[0][:6] == ("核心校", "成员校", "教共体类型", "合计（元）", "其中拨付成员校（元）", "成员校占比")
    assert rows[0][6:12] == ("装备配置", "项目建设", "活动开展", "教师培训", "硬件改善", "其他") and rows[0][12] == "说明"
    line = rows[1]
    assert line[0] == core.name and line[3] == pytest.approx(40000.10) and line[4] == pytest.approx(30000.10)
    assert line[8] == pytest.approx(30000.10) and line[12] == "同步课堂设备"
    last = rows[-1]
    assert last[0] == "全市合计" and last[3] == pytest.approx(40000.10) and "50,000,000.00 元，未达到" in last[12]


def test_the_bureau_imports_funds_in_the_admin_with_a_template_that_imports(bureau_client, tmp_path, community):
    team, core, members = community
    assert bureau_client.get(reverse("admin:assessment_allocation_import")).status_code == 200
    example = ["2022", team.code, *TEMPLATE.example[2:]]
    import_funds(funds_file(tmp_path, example))
    assert Allocation.objects.get().amount == Decimal("50000")
    assert bureau_client.get(reverse("admin:assessment_allocation_changelist")).status_code == 200


def test_the_bureau_records_an_allocation_by_hand_only_for_a_school_of_the_community(bureau_client, community):
    team, core, members = community
    stranger = term_community(year=2022, core_name="瑞安市安阳实验中学", members=("瑞安市飞云中学",), prefix="S")[1]
    add = reverse("admin:assessment_allocation_add")
    fields = {"school_year": 2022, "community": team.pk, "category": "equipment", "amount": "2500.50", "note": ""}
    page = bureau_client.post(add, {**fields, "school": stranger.pk}).content.decode()
    assert "在 2022学年不是该教共体的学校" in page and not Allocation.objects.exists()
    bureau_client.post(add, {**fields, "school": members[0].pk})
    assert Allocation.objects.get().amount == Decimal("2500.50") and Allocation.history.count() == 1
