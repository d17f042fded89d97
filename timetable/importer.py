"""`import_timetable` (contracts.md, 同步课堂 "一张表"): a term's table at once. Every row is
checked as the portal checks one session, then all rows together and against the term's
other communities for clashes, each naming both rows; any problem and nothing is written.
The file replaces that term's table of the communities it names, and nothing else."""

import datetime
import re
from typing import BinaryIO

from communities.in_files import community_in_file
from jiaogongti import progress
from jiaogongti.importing import ImportResult, Problems, find_columns, load_rows, run_in_transaction, within_length
from jiaogongti.list_export import ImportTemplate
from jiaogongti.text import normalize_text, whole_number
from schools.importer import school_in_registry
from schools.models import School
from teachers.models import Teacher

from .clashes import clashes, class_key
from .models import CLASS_MAX_LENGTH, MAX_WEEKS, WEEKDAYS, Session, Term
from .sessions import SessionDraft, draft_problems, lock_term, session_store, session_update, session_words, stored_slots
from .terms import term_label

COLUMNS = [
    "教共体",
    "星期",
    "开始时间",
    "结束时间",
    "学科",
    "主讲学校",
    "主讲班级",
    "主讲教师",
    "听课学校",
    "听课班级",
    "起始周",
    "结束周",
]
SUBJECT = Session._meta.get_field("subject")
LIST_SEPARATORS = r"[、,，;；]"
WEEKDAY_NAMES = {name: n for n, name in enumerate(WEEKDAYS, start=1)} | {
    f"周{name[-1]}": n for n, name in enumerate(WEEKDAYS, start=1)
}


def import_timetable(
    source: BinaryIO | str, *, year: int, term: int, filename: str | None = None, dry_run: bool = False
) -> ImportResult:
    if term not in Term.values:
        problems = Problems()
        problems.add(None, f"学期「{term}」应为 1 或 2。")
        problems.raise_if_any()
    columns, data = find_columns(load_rows(source, filename), COLUMNS)
    problems = Problems()
    schools = {s.name: s for s in School.objects.all()}
    communities: dict[str, object] = {}
    rows = []
    for row in data:
        progress.advance(progress.CHECKED)
        parsed = _parse(row, columns, problems, schools, communities, year)
        if parsed:
            community, draft = parsed
            for problem in draft_problems(community, year, term, draft):
                problems.add(row.number, problem)
            rows.append((row.number, community, draft))
    named = {community.pk: community for _, community, _ in rows}
    problems.raise_if_any()
    return run_in_transaction(lambda: _write(rows, named, year, term, problems), dry_run)


def _parse(row, columns, problems: Problems, schools: dict, communities: dict, year: int):
    n = row.number
    community = community_in_file(columns.get(row, "教共体"), year, n, problems, communities)
    weekday = _weekday(columns.get(row, "星期"), n, problems)
    start = _time(columns.get(row, "开始时间"), "开始时间", n, problems)
    end = _time(columns.get(row, "结束时间"), "结束时间", n, problems)
    subject = within_length(normalize_text(columns.get(row, "学科")), SUBJECT, "学科", n, problems)
    if not columns.get(row, "学科"):
        problems.add(n, "学科为空。")
    lead_school = school_in_registry(columns.get(row, "主讲学校"), "主讲学校", n, problems, schools)
    lead_class = _class(columns.get(row, "主讲班级"), "主讲班级", n, problems)
    teacher = _teacher(columns.get(row, "主讲教师"), n, problems)
    listeners = _listeners(columns.get(row, "听课学校"), columns.get(row, "听课班级"), n, problems, schools)
    first = _week(columns.get(row, "起始周"), "起始周", n, problems)
    last = _week(columns.get(row, "结束周"), "结束周", n, problems)
    parts = (community, weekday, start, end, subject, lead_school, lead_class, teacher, listeners, first, last)
    if any(part is None or part == "" for part in parts):
        return None
    return community, SessionDraft(weekday, start, end, subject, lead_school, lead_class, teacher, first, last, listeners)


def _weekday(raw: str, row: int, problems: Problems) -> int | None:
    text = normalize_text(raw)
    if (weekday := whole_number(text, 1, 7)) is not None:
        return weekday
    if text in WEEKDAY_NAMES:
        return WEEKDAY_NAMES[text]
    problems.add(row, f"星期「{raw}」应为 1 到 7 的数字（星期一为 1）。")
    return None


def _time(raw: str, label: str, row: int, problems: Problems) -> datetime.time | None:
    text = normalize_text(raw).replace("：", ":")
    if re.fullmatch(r"0?\.\d+|0", text):  # a time cell of Excel: the fraction of a day
        minutes = round(float(text) * 24 * 60)
        text = f"{minutes // 60}:{minutes % 60:02d}"
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::00)?", text)
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return datetime.time(int(match[1]), int(match[2]))
    problems.add(row, f"{label}「{raw}」应为 时:分，如 08:00。")
    return None


def _week(raw: str, label: str, row: int, problems: Problems) -> int | None:
    text = normalize_text(raw)
    if (week := whole_number(text, 1, MAX_WEEKS)) is not None:
        return week
    problems.add(row, f"{label}「{raw}」应为 1 到 {MAX_WEEKS} 的教学周。")
    return None


def _class(raw: str, label: str, row: int, problems: Problems) -> str:
    text = normalize_text(raw)
    if not text:
        problems.add(row, f"{label}为空。")
    elif len(text) > CLASS_MAX_LENGTH:
        problems.add(row, f"{label}「{text}」超过 {CLASS_MAX_LENGTH} 字。")
        return ""
    return text


def _teacher(raw: str, row: int, problems: Problems) -> Teacher | None:
    staff_id = normalize_text(raw)
    teacher = Teacher.objects.filter(staff_id=staff_id).first() if staff_id else None
    if teacher is None:
        problems.add(row, f"主讲教师工号「{raw}」不在教师名录中。" if staff_id else "主讲教师（工号）为空。")
    return teacher


def _listeners(raw_schools: str, raw_classes: str, row: int, problems: Problems, schools: dict):
    names = [part for part in re.split(LIST_SEPARATORS, raw_schools) if part.strip()]
    classes = [part for part in re.split(LIST_SEPARATORS, raw_classes) if part.strip()]
    if not names:
        problems.add(row, "听课学校为空。")
        return None
    if len(names) != len(classes):
        problems.add(row, f"听课学校有 {len(names)} 个、听课班级有 {len(classes)} 个：两列按顺序一一对应，个数应相同。")
        return None
    found = [
        (school_in_registry(name, "听课学校", row, problems, schools), _class(c, "听课班级", row, problems))
        for name, c in zip(names, classes)
    ]
    return None if any(school is None or not c for school, c in found) else found


def _identity(community_id: int, weekday, start, lead_school_id: int, lead_class: str, first_week: int) -> tuple:
    """A session is the same one when its community, day, start, lead classroom and first
    week are (two with all of these the same would clash): it keeps its lessons' records
    while its other columns (its end, its listeners, its teacher) change."""
    return (community_id, weekday, start, lead_school_id, class_key(lead_class), first_week)


def _write(rows, named: dict, year: int, term: int, problems: Problems) -> ImportResult:
    # Clashes are judged under the term's lock: a session entered meanwhile is seen.
    lock_term(year, term)
    slots = [draft.slot(f"第 {number} 行", number) for number, _, draft in rows]
    for clash in clashes(slots, stored_slots(year, term, except_communities=list(named))):
        problems.add(clash.first.row or clash.second.row, clash.text)
    problems.raise_if_any()
    stored = {
        _identity(s.community_id, s.weekday, s.start_time, s.lead_school_id, s.lead_class, s.first_week): s
        for s in Session.objects.filter(school_year=year, term=term, community__in=list(named)).prefetch_related("listeners")
    }
    added = changed = unchanged = 0
    for _, community, draft in rows:
        session = stored.pop(
            _identity(community.pk, draft.weekday, draft.start_time, draft.lead_school.pk, draft.lead_class, draft.first_week),
            None,
        )
        if session is None:
            session_store(community, year, term, draft)
            added += 1
        elif session_update(session, draft):
            changed += 1
        else:
            unchanged += 1
        progress.advance(progress.WRITTEN)
    for session in stored.values():  # left out of the file: gone, unless lessons were recorded
        recorded = session.lessons.count()
        if recorded:
            problems.add(
                None,
                f"「{session_words(session, session.community)}」已有 {recorded} 次开课记录，文件中没有它，不能由导入删除：请在文件中保留这一行，或由教育局在后台删除。",
            )
    problems.raise_if_any()
    Session.objects.filter(pk__in=[s.pk for s in stored.values()]).delete()
    return ImportResult(
        f"{term_label(year, term)}同步课堂导入完成（{len(named)} 个教共体）：新增 {added} 节，修改 {changed} 节，"
        f"未变 {unchanged} 节，删除 {len(stored)} 节。",
        counts={"created": added, "updated": changed, "unchanged": unchanged, "deleted": len(stored)},
    )


TEMPLATE = ImportTemplate(
    title="同步课堂一张表",
    columns=COLUMNS,
    example=[
        "JGT0001",
        "1",
        "08:00",
        "08:40",
        "语文",
        "瑞安市第二实验小学",
        "三(1)班",
        "T0001",
        "瑞安市塘下镇第二小学",
        "三(2)班",
        "1",
        "18",
    ],
    notes=[
        ("教共体", "教共体编号（如 JGT0001），或该教共体在该学年的任一成员校名称"),
        ("星期", "1 到 7，星期一为 1"),
        ("开始时间", "时:分，如 08:00（按北京时间；各校作息不同，以实际钟点为准）"),
        ("结束时间", "时:分，如 08:40"),
        ("学科", f"不超过 {SUBJECT.max_length} 字"),
        ("主讲学校", "该教共体的学校"),
        ("主讲班级", "如 三(1)班"),
        ("主讲教师", "主讲学校教师的工号"),
        ("听课学校", "该教共体的学校，可多个，用“、”分隔"),
        ("听课班级", "与听课学校按顺序一一对应，用“、”分隔"),
        ("起始周", "本学期第几教学周开始（第 1 周从开学第一天起）"),
        ("结束周", "到第几教学周结束"),
    ],
)
