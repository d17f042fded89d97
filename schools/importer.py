"""`import_schools`: the school registry from a spreadsheet (contracts.md, "Schools").

Columns: 学校 | 学区 | 学段 | 城乡 | 办学性质 | 所属学校, optionally 小规模 | 寄宿制 | 薄弱 (是/否).
The name is the key: importing again updates, never duplicates.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import BinaryIO

from jiaogongti import progress
from jiaogongti.choices import by_label
from jiaogongti.importing import (
    Changes,
    ImportResult,
    Problems,
    clean_name,
    find_columns,
    load_rows,
    run_in_transaction,
)
from jiaogongti.list_export import ImportTemplate
from jiaogongti.text import normalize_text
from schools.names import split_campus_marker

from .models import DISTRICT_NAME, SCHOOL_NAME, District, School, Stage

REQUIRED = ["学校", "学区", "学段", "城乡", "办学性质", "所属学校"]
FLAGS = {"小规模": "is_small", "寄宿制": "is_boarding", "薄弱": "is_weak"}
YES_NO = {"是": True, "否": False, "": None, "Y": True, "N": False, "1": True, "0": False}


@dataclass
class SchoolRow:
    row: int
    name: str
    district: str
    stage: str
    locality: str
    ownership: str
    campus_of: str
    is_campus: bool
    flags: dict


# What a file writes -> the stored code, per column (worked out once, not per row).
CODES = {
    "学段": by_label(Stage.choices),
    "城乡": by_label(School.Locality.choices),
    "办学性质": by_label(School.Ownership.choices),
}


def _choice(value: str, label: str, row: int, problems: Problems) -> str:
    value = normalize_text(value)
    codes = CODES[label]
    if value and value not in codes:
        problems.add(row, f"{label}「{value}」无法识别，应为：{'、'.join(codes)}。")
        return ""
    return codes.get(value, "")


def import_schools(source: BinaryIO | str, *, filename: str | None = None, dry_run: bool = False) -> ImportResult:
    problems = Problems()
    columns, data = find_columns(load_rows(source, filename), REQUIRED, list(FLAGS))
    first_row: dict[str, int] = {}  # name -> the row it first appears on
    parsed = [item for row in data if (item := _parse_row(row, columns, first_row, problems))]
    _check_campus_parents(parsed, problems)
    problems.raise_if_any()
    return run_in_transaction(lambda: _write_schools(parsed), dry_run)


def _parse_row(row, columns, first_row: dict[str, int], problems: Problems) -> SchoolRow | None:
    n = row.number
    name, marked_campus = split_campus_marker(clean_name(columns.get(row, "学校"), "学校", n, problems, field=SCHOOL_NAME))
    district = clean_name(columns.get(row, "学区"), "学区", n, problems, field=DISTRICT_NAME)
    campus_of = split_campus_marker(clean_name(columns.get(row, "所属学校"), "所属学校", n, problems, field=SCHOOL_NAME))[0]
    if not name:
        if not columns.get(row, "学校"):  # a formula-like name was reported by clean_name
            problems.add(n, "学校名称为空。")
        return None
    if not district:
        problems.add(n, f"「{name}」的学区为空。")
    if name in first_row:
        problems.add(n, f"「{name}」在第 {first_row[name]} 行已出现，同一学校只能有一行。")
        return None
    first_row[name] = n
    if campus_of == name:
        problems.add(n, f"「{name}」的所属学校不能是它自己。")
        campus_of = ""
    return SchoolRow(
        row=n,
        name=name,
        district=district,
        stage=_choice(columns.get(row, "学段"), "学段", n, problems),
        locality=_choice(columns.get(row, "城乡"), "城乡", n, problems),
        ownership=_choice(columns.get(row, "办学性质"), "办学性质", n, problems),
        campus_of=campus_of,
        is_campus=marked_campus or bool(campus_of) or name.endswith("校区"),
        flags=_flags(row, columns, problems),
    )


def _flags(row, columns, problems: Problems) -> dict[str, bool]:
    """小规模 | 寄宿制 | 薄弱, where the file says: a blank cell leaves the stored value."""
    flags = {}
    for column, field_name in FLAGS.items():
        text = normalize_text(columns.get(row, column)).upper()
        if text not in YES_NO:
            problems.add(row.number, f"{column}「{text}」应填 是 或 否。")
        elif YES_NO[text] is not None:
            flags[field_name] = YES_NO[text]
    return flags


def _check_campus_parents(parsed: list[SchoolRow], problems: Problems) -> None:
    in_file = {item.name for item in parsed}
    known = set(School.objects.filter(name__in={i.campus_of for i in parsed if i.campus_of}).values_list("name", flat=True))
    for item in parsed:
        progress.advance(progress.CHECKED)
        if item.campus_of and item.campus_of not in in_file and item.campus_of not in known:
            problems.add(item.row, f"所属学校「{item.campus_of}」既不在学校名录中，也不在本文件中。")


def _write_schools(parsed: list[SchoolRow]) -> ImportResult:
    counts = defaultdict(int)
    districts = {d.name: d for d in District.objects.all()}
    for name in sorted({item.district for item in parsed} - set(districts)):
        districts[name] = District.objects.create(name=name, kind=District.kind_for_name(name))
        counts["districts_created"] += 1
    existing = {s.name: s for s in School.objects.filter(name__in=[i.name for i in parsed])}
    changes = Changes()
    saved = {item.name: _save_school(item, existing.get(item.name), districts, counts, changes) for item in parsed}
    _link_campuses(parsed, saved)
    summary = f"学校导入完成：新建 {counts['created']} 所、更新 {counts['updated']} 所、未变 {counts['unchanged']} 所"
    if counts["districts_created"]:
        summary += f"；新建学区 {counts['districts_created']} 个"
    return ImportResult(summary + "。", counts={**counts, **changes.counts}, changes=changes.listed)


def _save_school(item: SchoolRow, school: School | None, districts: dict[str, District], counts, changes: Changes) -> School:
    progress.advance(progress.WRITTEN)
    values = {
        "district": districts[item.district],
        "stage": item.stage,
        "locality": item.locality,
        "ownership": item.ownership,
        "is_campus": item.is_campus,
        **item.flags,
    }
    record = f"第 {item.row} 行 {item.name}"
    if school is None:
        counts["created"] += 1
        changes.added(record)
        return School.objects.create(name=item.name, **values)
    changed = [f for f, v in values.items() if getattr(school, f) != v]
    if changed:
        for field_name in changed:
            field = School._meta.get_field(field_name)
            old, new = getattr(school, field_name), values[field_name]
            if field.choices:
                old, new = dict(field.flatchoices).get(old, old), dict(field.flatchoices).get(new, new)
            changes.add(record, field.verbose_name, old, new)
            setattr(school, field_name, values[field_name])
        school.save(update_fields=changed)
        counts["updated"] += 1
        changes.changed()
    else:
        counts["unchanged"] += 1
        changes.kept(record)
    return school


def _link_campuses(parsed: list[SchoolRow], saved: dict[str, School]) -> None:
    # Campuses point at schools that may come later in the file: linked last.
    parents = {s.name: s for s in School.objects.filter(name__in={i.campus_of for i in parsed if i.campus_of})}
    for item in parsed:
        school = saved[item.name]
        parent_id = parents[item.campus_of].id if item.campus_of else None
        if school.campus_of_id != parent_id:
            school.campus_of_id = parent_id
            school.save(update_fields=["campus_of", "is_campus"])


TEMPLATE = ImportTemplate(
    title="学校名录",
    columns=[*REQUIRED, *FLAGS],
    example=["瑞安市塘下镇第二小学", "塘下", "小学", "乡村", "公办", "", "否", "否", "否"],
    notes=[
        ("学校", "完整的正式名称；校区可写作“××小学（校区）”。名称为键，重复导入只更新。"),
        ("学区", "如 塘下、直属；名录中没有的学区会新建。"),
        ("学段", "、".join(CODES["学段"]) + "，可空"),
        ("城乡", "、".join(CODES["城乡"]) + "，可空"),
        ("办学性质", "、".join(CODES["办学性质"]) + "，可空"),
        ("所属学校", "校区所属的学校名称；不是校区则空着"),
        *((column, "是 或 否；空着则保持原值") for column in FLAGS),
    ],
)


def school_in_registry(raw: str, label: str, row: int, problems: Problems, schools: dict[str, School]) -> School | None:
    """A school a file of another kind names (活动, 一张表): in the registry, else the row's
    problem. `schools` is the registry by name, read once per file."""
    name = clean_name(raw, label, row, problems, field=SCHOOL_NAME)
    if not name:
        if not raw:  # (a name too long or like a formula was said by clean_name)
            problems.add(row, f"{label}为空。")
        return None
    if name not in schools:
        problems.add(row, f"{label}「{name}」不在学校名录中。")
        return None
    return schools[name]
