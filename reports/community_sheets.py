"""The annual report's sheets about the communities' own work (contracts.md, "More sheets
in the annual report"): one row per community of the 学年, starting 核心校 | 成员校 |
教共体类型."""

from collections.abc import Iterator

from assessment.funds import CommunityFunds, funds_by_community, year_funds
from assessment.models import FundCategory
from assessment.sheets import AssessmentSheet
from communities.selectors import community_years_in, members_in
from jiaogongti.exporting import Sheet, header
from teamwork.activities import ActivityTotals, activity_totals
from teamwork.models import ActivityCategory
from timetable.lessons import lesson_rates, scheduled_lesson_count

from .cells import ratio, yuan


def _community_rows(year: int):
    """The 学年's communities with their three leading cells, in the roster's order."""
    years = (
        community_years_in(year)
        .select_related("community__core_school")
        .order_by("community__segment", "community__core_school__name", "community_id")
    )
    members = _member_names(year)
    for community_year in years:
        yield (
            community_year.community,
            [
                community_year.community.core_school.name,
                "、".join(members.get(community_year.pk, ())),
                community_year.get_type_display(),
            ],
        )


def _member_names(year: int) -> dict[int, list[str]]:
    """Community-year id -> its member schools' names, in the roster's order. One joined
    read of the 学年's memberships: a prefetch would name every community year and every
    school in one statement (and Django 5.2 writes a school prefetch as `id = … OR id = …`,
    which SQLite refuses past a thousand)."""
    names: dict[int, list[str]] = {}
    for community_year_id, name in (
        members_in(year).order_by("community_year_id", "position", "id").values_list("community_year_id", "school__name")
    ):
        names.setdefault(community_year_id, []).append(name)
    return names


class ActivitySheet(Sheet):
    name = "教共体活动"

    def __init__(self, year: int):
        self.year = year
        self.categories = list(ActivityCategory.objects.all())
        self.column_widths = (30, 60, 10, 10, 10, 10, 10, 12, *(10 for _ in self.categories), 12, 10, 10)

    def rows(self) -> Iterator[list]:
        yield header(
            "核心校",
            "成员校",
            "教共体类型",
            "活动次数",
            "其中线上",
            "教师人次",
            "学生人次",
            "同步课堂节数",
            *(category.name for category in self.categories),
            "教共体编号",
            "开课率",
            "研讨率",
        )
        totals = activity_totals(self.year)
        lessons = scheduled_lesson_count(self.year)
        rates = lesson_rates(self.year)
        none = ActivityTotals(0, 0, 0, 0, {})
        for community, leading in _community_rows(self.year):
            done = totals.get(community.pk, none)
            rate = rates.get(community.pk)
            yield [
                *leading,
                done.count,
                done.online,
                done.teachers,
                done.pupils,
                lessons.get(community.pk, 0),
                *(done.by_category.get(category.pk, 0) for category in self.categories),
                community.code,
                ratio(rate.held_rate) if rate else None,
                ratio(rate.discussed_rate) if rate else None,
            ]


class FundsSheet(Sheet):
    name = "经费"

    def __init__(self, year: int):
        self.year = year
        self.column_widths = (30, 60, 10, 16, 18, 10, *(14 for _ in FundCategory.values), 40)

    def rows(self) -> Iterator[list]:
        yield header(
            "核心校", "成员校", "教共体类型", "合计（元）", "其中拨付成员校（元）", "成员校占比", *FundCategory.labels, "说明"
        )
        funds = funds_by_community(self.year)
        empty = CommunityFunds()
        for community, leading in _community_rows(self.year):
            line = funds.get(community.pk, empty)
            yield [
                *leading,
                yuan(line.total),
                yuan(line.to_members),
                ratio(line.member_share),
                *(yuan(line.by_category.get(category, 0)) for category in FundCategory.values),
                "；".join(line.notes) or None,
            ]
        county = year_funds(self.year, funds)
        met = "已达到" if county.floor_met else "未达到"
        yield [
            "全市合计",
            None,
            None,
            yuan(county.total),
            yuan(county.to_members),
            ratio(county.member_share),
            *(yuan(county.by_category[category]) for category in FundCategory.values),
            f"年度经费下限 {county.floor:,.2f} 元，{met}",
        ]


def assessment_sheet(year: int, reads=None):
    """The `教共体考核` sheet, its rows led by the cells every community sheet starts with;
    scored on the report's shared reads when given (reports.figures.SharedReads)."""
    return AssessmentSheet(year, {community.pk: leading for community, leading in _community_rows(year)}, reads)
