"""`import_activities` (contracts.md, "Activities"): a year's activities at once. Every row
is checked (the community named by its 教共体编号 or a member school, in the 学年 of the
row's date; the host and the schools taking part of that community); any problem and
nothing is written. An activity already there (same community, 日期, 类别, 主办学校, 主题)
is left as it is: importing a file twice adds nothing."""

import re
from dataclasses import dataclass
from typing import BinaryIO

from django.utils import timezone

from communities.in_files import community_in_file
from exchanges.models import EXCHANGE_DATE_RANGE
from jiaogongti import progress
from jiaogongti.importing import (
    ImportResult,
    Problems,
    find_columns,
    load_rows,
    parse_date,
    run_in_transaction,
    within_length,
)
from jiaogongti.list_export import ImportTemplate
from jiaogongti.school_year import school_year_of
from jiaogongti.text import normalize_text, whole_number
from schools.importer import school_in_registry
from schools.models import School

from .activities import community_schools
from .models import MAX_PEOPLE, Activity, ActivityCategory

COLUMNS = ["教共体", "日期", "类别", "形式", "主办学校", "参与学校", "教师人次", "学生人次", "主题"]
MODES = {label: code for code, label in Activity.Mode.choices}
TOPIC = Activity._meta.get_field("topic")


@dataclass
class ActivityRow:
    row: int
    community: object
    date: object
    category: ActivityCategory
    mode: str
    host: School
    schools: list
    teachers: int
    pupils: int
    topic: str


def import_activities(source: BinaryIO | str, *, filename: str | None = None, dry_run: bool = False) -> ImportResult:
    columns, data = find_columns(load_rows(source, filename), COLUMNS)
    problems = Problems()
    categories = {c.name: c for c in ActivityCategory.objects.all()}
    schools = {s.name: s for s in School.objects.all()}
    communities: dict = {}
    parsed, seen = [], {}
    for row in data:
        item = _parse(row, columns, problems, categories, schools, communities)
        if item is None:
            continue
        key = (item.community.pk, item.date, item.category.pk, item.host.pk, item.topic)
        if key in seen:
            problems.add(item.row, f"与第 {seen[key]} 行是同一项活动（教共体、日期、类别、主办学校和主题都相同）。")
            continue
        seen[key] = item.row
        parsed.append(item)
    problems.raise_if_any()
    return run_in_transaction(lambda: _write(parsed), dry_run)


def _parse(row, columns, problems: Problems, categories, schools, communities: dict) -> ActivityRow | None:
    n = row.number
    progress.advance(progress.CHECKED)
    date = parse_date(columns.get(row, "日期"), "日期", n, problems, bounds=(EXCHANGE_DATE_RANGE[0], timezone.localdate()))
    community = _community(columns.get(row, "教共体"), date, n, problems, communities)
    category = categories.get(normalize_text(columns.get(row, "类别")))
    if category is None:
        problems.add(n, f"类别「{columns.get(row, '类别')}」无法识别，应为：{'、'.join(categories)}。")
    mode = MODES.get(normalize_text(columns.get(row, "形式")))
    if mode is None:
        problems.add(n, f"形式「{columns.get(row, '形式')}」应为 {' 或 '.join(MODES)}。")
    host = school_in_registry(columns.get(row, "主办学校"), "主办学校", n, problems, schools)
    names = [name for name in re.split(r"[、,，]", columns.get(row, "参与学校")) if name.strip()]
    taking_part = [school_in_registry(name, "参与学校", n, problems, schools) for name in names]
    teachers = _count(columns.get(row, "教师人次"), "教师人次", n, problems)
    pupils = _count(columns.get(row, "学生人次"), "学生人次", n, problems)
    topic = within_length(normalize_text(columns.get(row, "主题")), TOPIC, "主题", n, problems)
    if not topic and not columns.get(row, "主题"):
        problems.add(n, "主题为空。")
    if community and date:
        allowed = community_schools(community, school_year_of(date))
        # The host is of the community; 参与学校 may be of another (附件1 一·(四)).
        if host and host not in allowed:
            problems.add(n, f"主办学校「{host.name}」在 {school_year_of(date)}学年不是该教共体的学校。")
    if None in (community, date, category, mode, host, teachers, pupils) or None in taking_part or not topic:
        return None
    return ActivityRow(n, community, date, category, mode, host, [s for s in taking_part if s != host], teachers, pupils, topic)


def _community(raw: str, date, row: int, problems: Problems, known: dict):
    """The community the row names, in the 学年 of its date (contracts.md)."""
    if date is None:
        if not normalize_text(raw):
            problems.add(row, "教共体为空。")
        return None
    return community_in_file(raw, school_year_of(date), row, problems, known)


def _count(raw: str, label: str, row: int, problems: Problems) -> int | None:
    text = normalize_text(raw) or "0"
    count = whole_number(text, 0, MAX_PEOPLE)
    if count is None:
        problems.add(row, f"{label}「{raw}」应为 0 到 {MAX_PEOPLE} 之间的整数。")
    return count


def _write(parsed: list[ActivityRow]) -> ImportResult:
    created = 0
    for item in parsed:
        activity, made = Activity.objects.get_or_create(
            community=item.community,
            date=item.date,
            category=item.category,
            host_school=item.host,
            topic=item.topic,
            defaults={"mode": item.mode, "teacher_count": item.teachers, "pupil_count": item.pupils},
        )
        if made:
            activity.schools.set(item.schools)
            created += 1
        progress.advance(progress.WRITTEN)
    unchanged = len(parsed) - created
    return ImportResult(
        f"活动导入完成：新增 {created} 项，已有 {unchanged} 项（未改动）。", counts={"created": created, "unchanged": unchanged}
    )


TEMPLATE = ImportTemplate(
    title="教共体活动",
    columns=COLUMNS,
    example=[
        "瑞安市塘下镇第二小学",
        "2022-03-15",
        "集体备课",
        "线下",
        "瑞安市第二实验小学",
        "瑞安市塘下镇第二小学",
        "12",
        "0",
        "三年级语文单元备课",
    ],
    notes=[
        ("教共体", "教共体编号（如 JGT0001），或该教共体在活动学年的任一成员校名称"),
        ("日期", "如 2022-03-15；活动计入该日期所在的学年"),
        ("类别", "活动类别之一（教育局可在后台增加类别）"),
        ("形式", " 或 ".join(MODES)),
        ("主办学校", "该教共体的学校"),
        ("参与学校", "该教共体的学校，用“、”分隔；可空"),
        ("教师人次", "0 或正整数"),
        ("学生人次", "0 或正整数"),
        ("主题", f"不超过 {TOPIC.max_length} 字；同一教共体、日期、类别、主办学校和主题为同一项活动，重复导入不会增加"),
    ],
)
