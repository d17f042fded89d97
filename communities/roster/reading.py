"""Reading a 附件2 file: its sections, header and rows into communities, every problem
with its row number, then checks across rows (one membership and one 学区 per school).
Only a file with no problem is written (`writing`)."""

from typing import BinaryIO

from jiaogongti.importing import ImportResult, Problems, clean_name, load_rows, run_in_transaction
from jiaogongti.tabular import Row
from jiaogongti.text import normalize_text
from schools.models import DISTRICT_NAME, SCHOOL_NAME, Stage
from schools.names import split_campus_marker, strip_footnote

from .layout import HEADER, SECTION_TITLES, TYPE_NAMES, RosterCommunity, RosterMember
from .writing import write_roster


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
    """The community the row starts, or adds a member to (`current`: the one above)."""
    n = row.number
    member_raw, core_raw, type_text = _cell(row, 2), _cell(row, 4), normalize_text(_cell(row, 5))
    member_name, is_campus = split_campus_marker(clean_name(member_raw, "成员校", n, problems, field=SCHOOL_NAME))
    member_district = clean_name(_cell(row, 1), "学区", n, problems, field=DISTRICT_NAME)
    if not member_raw:
        problems.add(n, "成员校（校区）为空。")
    if member_raw and not member_district:
        problems.add(n, f"成员校「{member_name or member_raw}」的学区为空。")
    member = RosterMember(n, member_name, member_district, is_campus) if member_name else None
    if not core_raw and not type_text:  # a further member of the community above
        if current is None:
            problems.add(n, "核心校和拟建类型为空（表示续接上一行的教共体），但本分节中它上面没有教共体。")
        elif member:
            current.members.append(member)
        return current
    community = _new_community(row, segment, member_name, problems)
    if member:
        community.members.append(member)
    communities.append(community)
    return community


def _new_community(row, segment, member_name, problems) -> RosterCommunity:
    n, core_raw, type_raw = row.number, _cell(row, 4), _cell(row, 5)
    core_name = strip_footnote(clean_name(core_raw, "核心校", n, problems, field=SCHOOL_NAME))
    core_district = clean_name(_cell(row, 3), "学区", n, problems, field=DISTRICT_NAME)
    type_text = normalize_text(type_raw)
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
    return RosterCommunity(n, segment, core_name, core_district, community_type or "")


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
    return run_in_transaction(lambda: write_roster(communities, year), dry_run)
