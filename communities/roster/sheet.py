"""A 学年's roster written in the 附件2 layout: `export_roster` and the annual report's
first sheet. Imported back, it gives the same communities."""

from collections import defaultdict
from collections.abc import Iterator

from jiaogongti.exporting import Sheet, Styled, header, title
from jiaogongti.list_export import xlsx_response
from jiaogongti.school_year import school_year_label
from schools.models import District, Stage
from schools.names import roster_display_name

from ..models import CommunityType
from ..selectors import community_years_in, members_in, roster_year_for
from .layout import HEADER, SECTION_TITLES


class RosterSheet(Sheet):
    """The roster of one 学年 in the 附件2 layout; imports back to the same communities."""

    name = "教共体名单"
    column_widths = (8, 10, 40, 10, 40, 12)
    freeze = None
    says_when_empty = False  # the 附件2 layout, read back by the importer: nothing but its rows

    def __init__(self, year: int):
        self.year = year

    def rows(self) -> Iterator[list]:
        roster_year = roster_year_for(self.year)
        heading = f"{school_year_label(self.year)}义务教育城乡教育共同体名单"
        if roster_year is not None and roster_year != self.year:
            heading += f"（沿用{school_year_label(roster_year)}名单）"
        yield title(heading)
        district_names = dict(District.objects.values_list("id", "name"))
        members = self._members(district_names)
        by_segment = self._community_years_by_segment()
        for segment, section_title in SECTION_TITLES.items():
            yield title(section_title)
            yield header(*HEADER)
            number = 0
            for community_year_id, _, core_name, core_district_id, community_type in by_segment[segment]:
                for index, (district_name, member_name) in enumerate(members[community_year_id]):
                    number += 1
                    first = index == 0  # the core and the type are written on a community's first row only
                    yield [
                        number,
                        district_name,
                        member_name,
                        district_names[core_district_id] if first else "",
                        core_name if first else "",
                        CommunityType(community_type).label if first else "",
                    ]

    def _members(self, district_names: dict[int, str]) -> dict[int, list[tuple[str, str]]]:
        """Community year id -> (学区, name as the roster writes it) of its members, in order."""
        # Plain rows, not model instances, and one joined query for all members (not a
        # prefetch, whose IN list a province's roster would make longer than SQLite takes).
        members = defaultdict(list)
        for community_year_id, name, is_campus, district_id in (
            members_in(self.year)
            .order_by("position", "id")
            .values_list("community_year_id", "school__name", "school__is_campus", "school__district_id")
        ):
            members[community_year_id].append((district_names[district_id], roster_display_name(name, is_campus)))
        return members

    def _community_years_by_segment(self) -> dict[str, list[tuple]]:
        by_segment = defaultdict(list)
        for community_year in (
            community_years_in(self.year)
            .order_by("position", "id")
            .values_list(
                "id", "community__segment", "community__core_school__name", "community__core_school__district_id", "type"
            )
        ):
            by_segment[community_year[1]].append(community_year)
        return by_segment


def roster_rows_for_display(year: int) -> list[list]:
    """Plain values of the roster sheet, e.g. for tests and previews."""
    return [[c.value if isinstance(c, Styled) else c for c in row] for row in RosterSheet(year).rows()]


class RosterTemplate:
    """What the roster's import page offers to download: the 附件2 layout with a section
    each, its header and example rows (a community, and a member continuing it), and a 说明
    sheet. Imported as it stands, it makes those two communities."""

    def response(self):
        return xlsx_response([_RosterExample(), _RosterNotes()], "教共体名单模板.xlsx")


class _RosterExample(Sheet):
    name = "名单"
    column_widths = RosterSheet.column_widths
    freeze = None

    def rows(self) -> Iterator[list]:
        yield title("××学年义务教育城乡教育共同体名单")
        yield title(SECTION_TITLES[Stage.PRIMARY])
        yield header(*HEADER)
        yield [1, "塘下", "瑞安市塘下镇第二小学", "直属", "瑞安市第二实验小学", CommunityType.CO_BUILT.label]
        yield [2, "马屿", "瑞安市马屿镇第四小学（校区）", "", "", ""]
        yield title(SECTION_TITLES[Stage.MIDDLE])
        yield header(*HEADER)
        yield [1, "湖岭", "瑞安市湖岭镇第二中学", "直属", "瑞安市第二中学", CommunityType.COOPERATIVE.label]


class _RosterNotes(Sheet):
    name = "说明"
    column_widths = (16, 90)

    def rows(self) -> Iterator[list]:
        yield header("列", "填写说明")
        yield [
            "分节",
            f"先写分节标题“{SECTION_TITLES[Stage.PRIMARY]}”，其下是表头和小学的教共体；再写“{SECTION_TITLES[Stage.MIDDLE]}”。",
        ]
        yield ["成员校（校区）", "每行一所成员校；校区在名称后加“（校区）”。"]
        yield ["核心校、拟建类型", "写在一个教共体的第一行；其余成员校的这两列空着，表示属于上一行的教共体。"]
        yield ["拟建类型", "、".join(t.label for t in CommunityType)]
        yield ["学区", "成员校和核心校各自所在的学区，如 塘下、直属。"]
        yield ["", "上传的文件即为该学年的完整名单：文件中没有的教共体，该学年不再保留。任一行有误则整份不导入。"]
