"""The 附件2 roster layout: reading it into communities, and writing it back out.

Used by `import_roster` / `export_roster`, the admin's upload and download buttons, and
the annual report's first sheet. The layout (contracts.md, "Roster files"):

    一、小学：
    序号 | 学区 | 成员校（校区） | 学区 | 核心校 | 拟建类型
    1    | 塘下 | 瑞安市塘下镇第二小学 | 直属 | 瑞安市第二实验小学 | 共建型
    2    | 马屿 | 瑞安市马屿镇第四小学（校区） |  |  |          <- member of the community above
    二、初中、九年一贯制：
    ...
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from jiaogongti.exporting import Sheet, Styled, header, title
from jiaogongti.importing import (
    ImportResult,
    Problems,
    clean_name,
    load_rows,
    run_in_transaction,
)
from jiaogongti.school_year import school_year_label
from jiaogongti.tabular import Row
from jiaogongti.text import normalize_text
from schools.models import DISTRICT_NAME, SCHOOL_NAME, District, School, Stage
from schools.names import (
    roster_display_name,
    split_campus_marker,
    strip_footnote,
)

from .models import Community, CommunityType, CommunityYear, Membership
from .selectors import community_years_in, members_in, roster_year_for

HEADER = ["序号", "学区", "成员校（校区）", "学区", "核心校", "拟建类型"]
SECTION_TITLES = {Stage.PRIMARY: "一、小学：", Stage.MIDDLE: "二、初中、九年一贯制："}
TYPE_NAMES = {t.label: t.value for t in CommunityType} | {t.label[:2]: t.value for t in CommunityType}  # 融合型 or 融合


@dataclass
class RosterMember:
    row: int
    name: str
    district: str
    is_campus: bool


@dataclass
class RosterCommunity:
    row: int
    segment: str
    core_name: str
    core_district: str
    type: str
    members: list[RosterMember] = field(default_factory=list)


def _section_of(row: Row) -> str | None:
    first = normalize_text(next((c for c in row.cells if c), ""))
    if first.startswith("一、") and "小学" in first:
        return Stage.PRIMARY
    if first.startswith("二、") and "初中" in first:
        return Stage.MIDDLE
    return None


def parse_roster(rows: list[Row], problems: Problems) -> list[RosterCommunity]:
    """Rows of a 附件2 file -> communities in file order; every problem goes to `problems`."""
    communities: list[RosterCommunity] = []
    segment = None
    expect_header = False
    current: RosterCommunity | None = None
    seen_sections = set()
    for row in rows:
        section = _section_of(row)
        if section:
            if section in seen_sections:
                problems.add(row.number, f"分节「{SECTION_TITLES[section]}」重复出现。")
            seen_sections.add(section)
            segment, expect_header, current = section, True, None
            continue
        if expect_header:
            cells = [normalize_text(c) for c in row.cells[: len(HEADER)]]
            if cells != HEADER:
                problems.add(row.number, f"分节标题后应是表头：{' | '.join(HEADER)}。")
                segment = None  # the rows below cannot be read reliably
            expect_header = False
            continue
        if segment is None:
            if len([c for c in row.cells if c]) > 1 and not seen_sections:
                problems.add(row.number, "在分节标题「一、小学：」或「二、初中、九年一贯制：」之前出现了数据行。")
            continue  # a document title above the first section, or rows under a bad header
        current = _parse_data_row(row, segment, current, communities, problems)
    if not seen_sections:
        problems.add(None, "未找到分节标题「一、小学：」或「二、初中、九年一贯制：」，文件不是附件2名单格式。")
    elif not communities and not problems:
        problems.add(None, "名单中没有任何教共体。")
    return communities


def _cell(row: Row, index: int) -> str:
    return row.cells[index] if index < len(row.cells) else ""


def _parse_data_row(row, segment, current, communities, problems) -> RosterCommunity | None:
    n = row.number
    member_raw, core_raw, type_raw = _cell(row, 2), _cell(row, 4), _cell(row, 5)
    member_name, is_campus = split_campus_marker(clean_name(member_raw, "成员校", n, problems, field=SCHOOL_NAME))
    member_district = clean_name(_cell(row, 1), "学区", n, problems, field=DISTRICT_NAME)
    core_name = strip_footnote(clean_name(core_raw, "核心校", n, problems, field=SCHOOL_NAME))
    core_district = clean_name(_cell(row, 3), "学区", n, problems, field=DISTRICT_NAME)
    type_text = normalize_text(type_raw)

    if not member_raw:
        problems.add(n, "成员校（校区）为空。")
    if member_raw and not member_district:
        problems.add(n, f"成员校「{member_name or member_raw}」的学区为空。")

    if not core_raw and not type_text:
        if current is None:
            problems.add(n, "核心校和拟建类型为空（表示续接上一行的教共体），但本分节中它上面没有教共体。")
            return None
        if member_name:
            current.members.append(RosterMember(n, member_name, member_district, is_campus))
        return current

    if not core_raw:
        problems.add(n, "填写了拟建类型，但核心校为空。")
    if not type_text:
        problems.add(n, "填写了核心校，但拟建类型为空（应为 融合型、共建型 或 协作型）。")
    community_type = TYPE_NAMES.get(type_text)
    if type_text and not community_type:
        problems.add(n, f"拟建类型「{type_raw}」无法识别，应为 融合型、共建型 或 协作型。")
    if core_raw and not core_district:
        problems.add(n, f"核心校「{core_name or core_raw}」的学区为空。")
    if core_name and core_name == member_name:
        problems.add(n, f"「{core_name}」不能既是核心校又是本教共体的成员校。")

    community = RosterCommunity(n, segment, core_name, core_district, community_type or "")
    if member_name:
        community.members.append(RosterMember(n, member_name, member_district, is_campus))
    communities.append(community)
    return community


def _check_consistency(communities: list[RosterCommunity], problems: Problems) -> None:
    """Across rows: one membership per school, one 学区 per school."""
    member_rows: dict[str, int] = {}
    district_of: dict[str, tuple[str, int]] = {}

    def note_district(name, district, row):
        if not (name and district):
            return
        if name in district_of and district_of[name][0] != district:
            first_district, first_row = district_of[name]
            problems.add(row, f"「{name}」的学区填为「{district}」，与第 {first_row} 行的「{first_district}」不一致。")
        else:
            district_of.setdefault(name, (district, row))

    for community in communities:
        note_district(community.core_name, community.core_district, community.row)
        for member in community.members:
            note_district(member.name, member.district, member.row)
            if member.name == community.core_name and member.row != community.row:
                problems.add(member.row, f"「{member.name}」不能既是核心校又是本教共体的成员校。")
            if member.name in member_rows:
                problems.add(
                    member.row,
                    f"「{member.name}」已在第 {member_rows[member.name]} 行作为成员校出现；"
                    "一所学校在同一学年只能是一个教共体的成员校。",
                )
            else:
                member_rows[member.name] = member.row


def import_roster(source: BinaryIO | str, *, year: int, filename: str | None = None, dry_run: bool = False) -> ImportResult:
    """Validate the whole file, then write the 学年's communities in one transaction.

    The file is the complete list for `year`: communities of that year missing from it
    no longer hold in that year. Other years are left as they are (history).
    """
    problems = Problems()
    rows = load_rows(source, filename)
    communities = parse_roster(rows, problems)
    _check_consistency(communities, problems)
    problems.raise_if_any()
    return run_in_transaction(lambda: _write_roster(communities, year), dry_run)


def _write_roster(parsed: list[RosterCommunity], year: int) -> ImportResult:
    counts = defaultdict(int)
    districts = {d.name: d for d in District.objects.all()}
    for name in sorted({c.core_district for c in parsed} | {m.district for c in parsed for m in c.members}):
        if name not in districts:
            districts[name] = District.objects.create(name=name, kind=District.kind_for_name(name))
            counts["districts_created"] += 1

    schools = _upsert_schools(parsed, districts, counts)
    identities = _community_identities()
    existing = {cy.community_id: cy for cy in CommunityYear.objects.filter(school_year=year)}

    wanted = []  # (existing community id or None, parsed community), in file order
    used = set()
    for item in parsed:
        member_ids = frozenset(schools[m.name].id for m in item.members)
        key = (schools[item.core_name].id, item.segment, member_ids)
        candidates = [c for c in identities.get(key, []) if c not in used]
        # Prefer the community already on this year's list, then the most recent one.
        candidates.sort(key=lambda c: (c in existing, c), reverse=True)
        community_id = candidates[0] if candidates else None
        used.add(community_id)
        wanted.append((community_id, item))

    kept = {cid for cid, _ in wanted if cid is not None}
    removed = [cy for cid, cy in existing.items() if cid not in kept]
    for community_year in removed:
        community_year.delete()
    counts["communities_removed"] = len(removed)

    targets = []  # (community year, its member schools in file order, whether type or order changed)
    for position, (community_id, item) in enumerate(wanted, start=1):
        if community_id is None:
            community = Community.objects.create(core_school=schools[item.core_name], segment=item.segment)
            community_id = community.id
        community_year = existing.get(community_id)
        if community_year is None:
            community_year = CommunityYear.objects.create(
                community_id=community_id, school_year=year, type=item.type, position=position
            )
            counts["communities_created"] += 1
            changed = None
        else:
            changed = (community_year.type, community_year.position) != (item.type, position)
            if changed:
                community_year.type, community_year.position = item.type, position
                community_year.save(update_fields=["type", "position"])
        targets.append((community_year, [schools[m.name] for m in item.members], changed))
        counts["members"] += len(item.members)

    # The file is the complete list for the year: members it no longer lists go first, so
    # a school that moved to another community can then join it.
    members_changed = set()
    for community_year, members, _ in targets:
        deleted, _ = community_year.memberships.exclude(school__in=members).delete()
        if deleted:
            members_changed.add(community_year.pk)
    for community_year, members, changed in targets:
        if _set_members(community_year, members):
            members_changed.add(community_year.pk)
        if changed is not None:
            if changed or community_year.pk in members_changed:
                counts["communities_updated"] += 1
            else:
                counts["communities_unchanged"] += 1

    # A community that holds in no year any more was a correction of this very year's list;
    # one that exchanges refer to stays, as their record.
    Community.objects.filter(years__isnull=True, exchanges__isnull=True).delete()
    summary = (
        f"{school_year_label(year)}名单导入完成：教共体 {len(parsed)} 个"
        f"（新增 {counts['communities_created']}、类型、成员或顺序变更 {counts['communities_updated']}、"
        f"未变 {counts['communities_unchanged']}、本年不再保留 {counts['communities_removed']}），"
        f"成员校（校区）{counts['members']} 条；学校新建 {counts['schools_created']} 所、更新 {counts['schools_updated']} 所"
    )
    if counts["districts_created"]:
        summary += f"；新建学区 {counts['districts_created']} 个"
    return ImportResult(summary + "。", counts=dict(counts))


def _upsert_schools(parsed, districts, counts) -> dict[str, School]:
    wanted: dict[str, tuple[str, bool]] = {}
    for item in parsed:
        wanted.setdefault(item.core_name, (item.core_district, False))
        for member in item.members:
            district, campus = wanted.get(member.name, (member.district, False))
            wanted[member.name] = (member.district, campus or member.is_campus)
    schools = {s.name: s for s in School.objects.filter(name__in=wanted).select_related("district")}
    for name, (district_name, is_campus) in wanted.items():
        district = districts[district_name]
        school = schools.get(name)
        if school is None:
            ownership = School.Ownership.PRIVATE if district.kind == District.Kind.PRIVATE else School.Ownership.PUBLIC
            schools[name] = School.objects.create(name=name, district=district, is_campus=is_campus, ownership=ownership)
            counts["schools_created"] += 1
        elif school.district_id != district.id or (is_campus and not school.is_campus):
            school.district = district
            school.is_campus = school.is_campus or is_campus
            school.save(update_fields=["district", "is_campus"])
            counts["schools_updated"] += 1
    return schools


def _community_identities() -> dict[tuple, list[int]]:
    """(core school, segment, member set) -> ids of communities that had exactly that."""
    members_by_year = defaultdict(set)
    for community_year_id, school_id in Membership.objects.values_list("community_year_id", "school_id"):
        members_by_year[community_year_id].add(school_id)
    identities = defaultdict(list)
    for cy_id, community_id, core_id, segment in CommunityYear.objects.values_list(
        "id", "community_id", "community__core_school_id", "community__segment"
    ):
        key = (core_id, segment, frozenset(members_by_year[cy_id]))
        if community_id not in identities[key]:
            identities[key].append(community_id)
    return identities


def _set_members(community_year: CommunityYear, schools: list[School]) -> bool:
    """Add the missing members and put all in file order; whether anything changed."""
    current = {m.school_id: m for m in community_year.memberships.all()}
    changed = False
    for position, school in enumerate(schools, start=1):
        membership = current.get(school.id)
        if membership is None:
            Membership.objects.create(community_year=community_year, school=school, position=position)
            changed = True
        elif membership.position != position:
            membership.position = position
            membership.save(update_fields=["position"])
            changed = True
    return changed


# --- Export -------------------------------------------------------------------------


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
        # Plain rows, not model instances, and one joined query for all members (not a
        # prefetch, whose IN list a province's roster would make longer than SQLite takes).
        members = defaultdict(list)
        for community_year_id, name, is_campus, district_id in (
            members_in(self.year)
            .order_by("position", "id")
            .values_list("community_year_id", "school__name", "school__is_campus", "school__district_id")
        ):
            members[community_year_id].append((district_names[district_id], roster_display_name(name, is_campus)))
        by_segment = defaultdict(list)
        for community_year in (
            community_years_in(self.year)
            .order_by("position", "id")
            .values_list(
                "id", "community__segment", "community__core_school__name", "community__core_school__district_id", "type"
            )
        ):
            by_segment[community_year[1]].append(community_year)
        for segment, section_title in SECTION_TITLES.items():
            yield title(section_title)
            yield header(*HEADER)
            number = 0
            for community_year_id, _, core_name, core_district_id, community_type in by_segment[segment]:
                for index, (district_name, member_name) in enumerate(members[community_year_id]):
                    number += 1
                    first = index == 0
                    yield [
                        number,
                        district_name,
                        member_name,
                        district_names[core_district_id] if first else "",
                        core_name if first else "",
                        CommunityType(community_type).label if first else "",
                    ]


def roster_rows_for_display(year: int) -> list[list]:
    """Plain values of the roster sheet, e.g. for tests and previews."""
    return [[c.value if isinstance(c, Styled) else c for c in row] for row in RosterSheet(year).rows()]
