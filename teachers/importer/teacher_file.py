"""`import_teachers` (contracts.md, "Teachers"): 工号 is the key; a file adds new teachers
and updates those it names again, and says nothing of those it leaves out."""

from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.utils import bulk_update_with_history

from jiaogongti import progress
from jiaogongti.bulk import PreparedRows, insert_prepared, insert_rows, prepare_rows
from jiaogongti.choices import by_label
from jiaogongti.dates import RECORD_DATES
from jiaogongti.db import statistics_kept_up
from jiaogongti.history import acting_user, record_creation
from jiaogongti.importing import (
    Changes,
    ImportResult,
    Problems,
    chunked,
    clean_name,
    create_in_batches,
    find_columns,
    in_batches,
    load_rows,
    parse_date,
    run_in_transaction,
)
from jiaogongti.list_export import ImportTemplate
from jiaogongti.text import normalize_text
from jiaogongti.write_behind import WriteBehind
from schools.models import SCHOOL_NAME

from ..departures import follow_departure
from ..models import LeavingReason, Placement, Teacher, hire_date_range
from ..register import end_story, hire_date_corrected, place, rejoin, restart
from .shared import clean_staff_id, school_ids_by_name

TEACHER_COLUMNS = ["工号", "姓名", "学校", "学科", "职称", "入职日期"]
# The dated story (optional): the day the teacher joined the row's 学校, and their departure.
JOINED_COLUMN, LEFT_COLUMN, REASON_COLUMN = "调入日期", "离岗日期", "离岗原因"
STORY_COLUMNS = [JOINED_COLUMN, LEFT_COLUMN, REASON_COLUMN]
ESTABLISHMENT_COLUMN = "编制学校"  # optional; without it the 编制 is the teacher's school
LEAVING_REASONS = by_label(LeavingReason.choices)
# The official 中小学教师职称 names, as heads type them, to the four levels kept.
TITLE_NAMES = {
    "三级": "初级",
    "三级教师": "初级",
    "二级": "初级",
    "二级教师": "初级",
    "初级教师": "初级",
    "一级": "中级",
    "一级教师": "中级",
    "中级教师": "中级",
    "高级教师": "高级",
    "副高": "高级",
    "副高级": "高级",
    "正高级": "正高",
    "正高级教师": "正高",
    "未定级": "",
    "无": "",  # new teachers not yet graded: left blank
}
TITLES = by_label(Teacher.Title.choices)
TEACHER_NAME, TEACHER_SUBJECT = Teacher._meta.get_field("name"), Teacher._meta.get_field("subject")
TEACHER_FIELDS = ["name", "school_id", "establishment_school_id", "subject", "title", "hire_date", "left_on", "leaving_reason"]
FIELD_LABELS = dict(
    zip(
        TEACHER_FIELDS,
        ["姓名", "学校", ESTABLISHMENT_COLUMN, "学科", "职称", "入职日期", LEFT_COLUMN, REASON_COLUMN],
        strict=True,
    )
)


@dataclass(slots=True)
class TeacherRow:
    row: int
    staff_id: str
    name: str
    school: str
    subject: str
    title: str
    hire_date: object
    establishment: str  # "" when the file does not say: the school it belongs to, or unchanged
    joined_on: object  # None when the file does not say
    left_on: object
    leaving_reason: str


def import_teachers(source: BinaryIO | str, *, filename: str | None = None, dry_run: bool = False) -> ImportResult:
    columns, data = find_columns(load_rows(source, filename), TEACHER_COLUMNS, [*STORY_COLUMNS, ESTABLISHMENT_COLUMN])
    return run_in_transaction(lambda: _TeacherImport(columns).run(data), dry_run)


class _TeacherImport:
    """A file read, checked and written a chunk at a time inside one transaction, so memory
    stays the same whatever the file's size. Writing stops at the first problem and checking
    goes on to the end: the user gets every problem, the database none of the file."""

    def __init__(self, columns):
        self.columns = columns
        self.problems = Problems()
        self.first_row: dict[str, int] = {}  # staff_id -> the row it first appears on
        self.school_ids: dict[str, int] = {}  # the file's school names looked up so far
        self.hired_within = hire_date_range()
        self.created = self.updated = self.unchanged = 0
        self.changes = Changes()
        # Without the column, nobody's 离岗日期 changes; with it, each row sets its teacher's.
        self.departures_given = LEFT_COLUMN in columns.index
        self.today = timezone.localdate()
        self.moved_today = 0  # moves the file gives no 调入日期 for: dated the day of the import

    def run(self, data) -> ImportResult:
        with WriteBehind() as writes:
            for chunk in statistics_kept_up(chunked(data), writes, Teacher, Placement):
                parsed = [self.parse(row) for row in chunk]
                self.check_schools(parsed)
                if not self.problems:
                    # (A 工号 is in one chunk only: a second row of it is refused in `parse`.)
                    staff_ids = [item.staff_id for item in parsed]
                    writes.wait_for(staff_ids)
                    changes = self.chunk_changes(parsed)
                    if not self.problems:
                        writes.submit(staff_ids, self.write, *changes)
        self.problems.raise_if_any()
        moved_today = (
            f"其中 {self.moved_today} 人换了学校而未填调入日期，按导入当日（{date_format(self.today)}）记为调入。"
            if self.moved_today
            else ""
        )
        return ImportResult(
            f"教师导入完成：新建 {self.created} 人、更新 {self.updated} 人、未变 {self.unchanged} 人。{moved_today}",
            counts={"created": self.created, "updated": self.updated, **self.changes.counts},
            changes=self.changes.listed,
        )

    def parse(self, row) -> TeacherRow:
        columns, problems, n = self.columns, self.problems, row.number
        staff_id = clean_staff_id(columns.get(row, "工号"), n, problems)
        name = clean_name(columns.get(row, "姓名"), "姓名", n, problems, field=TEACHER_NAME)
        school = clean_name(columns.get(row, "学校"), "学校", n, problems, field=SCHOOL_NAME)
        subject = clean_name(columns.get(row, "学科"), "学科", n, problems, field=TEACHER_SUBJECT)
        title_text = normalize_text(columns.get(row, "职称"))
        title = TITLE_NAMES.get(title_text, title_text)
        hire_date = parse_date(columns.get(row, "入职日期"), "入职日期", n, problems, required=False, bounds=self.hired_within)
        establishment = clean_name(columns.get(row, ESTABLISHMENT_COLUMN), ESTABLISHMENT_COLUMN, n, problems, field=SCHOOL_NAME)
        joined_on = parse_date(columns.get(row, JOINED_COLUMN), JOINED_COLUMN, n, problems, required=False, bounds=RECORD_DATES)
        left_on = parse_date(columns.get(row, LEFT_COLUMN), LEFT_COLUMN, n, problems, required=False, bounds=RECORD_DATES)
        reason_text = normalize_text(columns.get(row, REASON_COLUMN))
        if reason_text and reason_text not in LEAVING_REASONS:
            problems.add(n, f"离岗原因「{reason_text}」无法识别，应为：{'、'.join(LEAVING_REASONS)}。")
        if left_on and not reason_text:
            problems.add(n, "填了离岗日期，请同时填写离岗原因。")
        if reason_text and not left_on and not columns.get(row, LEFT_COLUMN):
            problems.add(n, "填了离岗原因，请同时填写离岗日期。")
        if not name and not columns.get(row, "姓名"):
            problems.add(n, "姓名为空。")
        if not school and not columns.get(row, "学校"):
            problems.add(n, "学校为空。")
        if title and title not in TITLES:
            problems.add(n, f"职称「{title}」无法识别，应为：{'、'.join(TITLES)}（或“一级教师”“高级教师”等正式名称）。")
        if staff_id in self.first_row:
            problems.add(n, f"工号「{staff_id}」在第 {self.first_row[staff_id]} 行已出现，同一教师只能有一行。")
        elif staff_id:
            self.first_row[staff_id] = n
        progress.advance(progress.CHECKED)
        return TeacherRow(
            n,
            staff_id,
            name,
            school,
            subject,
            TITLES.get(title, ""),
            hire_date,
            establishment,
            joined_on,
            left_on,
            LEAVING_REASONS.get(reason_text, "") if left_on else "",
        )

    def check_schools(self, parsed: list[TeacherRow]) -> None:
        names = {r.school for r in parsed} | {r.establishment for r in parsed if r.establishment}
        self.school_ids.update(school_ids_by_name(names - self.school_ids.keys()))
        for item in parsed:
            for label, name in [("学校", item.school), (ESTABLISHMENT_COLUMN, item.establishment)]:
                if name and name not in self.school_ids:
                    self.problems.add(item.row, f"{label}「{name}」不在学校名录中。")

    def chunk_changes(self, parsed: list[TeacherRow]) -> tuple:
        """What writing the chunk does: the new teachers (ready to insert) with their first
        placements' starts, the changed ones, and their stories. Worked out by the reading
        side; `write` writes it, behind the reading of the next chunk."""
        # What is stored, as plain tuples compared by ids: model instances would take many
        # times the memory, and their 编制 school read one by one, minutes.
        stored = {
            staff_id: (pk, values)
            for staff_id, pk, *values in in_batches(
                Teacher.objects.order_by().values_list("staff_id", "pk", *TEACHER_FIELDS),
                "staff_id",
                [r.staff_id for r in parsed],
            )
        }
        # The start of each named teacher's last placement, where the file dates it.
        starts = (
            dict(
                in_batches(
                    Placement.objects.order_by(F("start_date").asc(nulls_first=True), "pk").values_list(
                        "teacher_id", "start_date"
                    ),
                    "teacher_id",
                    [pk for pk, _ in stored.values()],
                )
            )
            if any(item.joined_on for item in parsed)
            else {}
        )
        new_rows, new_starts, changed, stories = [], [], [], []
        for item in parsed:
            school_id = self.school_ids[item.school]
            current = stored.get(item.staff_id)
            if item.establishment:
                establishment_id = self.school_ids[item.establishment]
            elif current is not None and current[1][2] != current[1][1]:
                establishment_id = current[1][2]  # the file says nothing: a 编制 elsewhere stays there
            else:
                establishment_id = school_id  # a 编制 at the teacher's school moves with them
            if self.departures_given:
                departure = (item.left_on, item.leaving_reason)
            else:
                departure = (current[1][6], current[1][7]) if current is not None else (None, "")
            values = (item.name, school_id, establishment_id, item.subject, item.title, item.hire_date, *departure)
            record = lambda: f"第 {item.row} 行 {item.name}（{item.staff_id}）"  # noqa: E731, B023 (called at once)
            if current is None:
                start = item.joined_on or item.hire_date
                if departure[0] and start and departure[0] < start:
                    self.problems.add(item.row, f"离岗日期不能早于{'调入日期' if item.joined_on else '入职日期'}。")
                new_rows.append((item.staff_id, *values))
                new_starts.append(start)
                self.changes.added(record)
                continue
            story = self.story_of(item, current[1], values, starts.get(current[0]))
            if tuple(current[1]) != values or story:
                changed.append(Teacher(pk=current[0], staff_id=item.staff_id, **dict(zip(TEACHER_FIELDS, values))))
                stories.append((item, changed[-1], current[1], story))
                self.note_changes(item, current[1], values)
                self.changes.changed()
            else:
                self.changes.kept(record)
        self.created += len(new_rows)
        self.updated += len(changed)
        self.unchanged += len(parsed) - len(new_rows) - len(changed)
        new_teachers = prepare_rows(Teacher, ["staff_id", *TEACHER_FIELDS], new_rows)
        # A new teacher's first placement: (school, start, end) beside the teacher's id.
        first_placements = [(row[2], start, row[7]) for row, start in zip(new_rows, new_starts, strict=True)]
        return new_teachers, first_placements, changed, stories

    def write(self, new_teachers: PreparedRows, first_placements: list[tuple], changed: list[Teacher], stories: list) -> None:
        # Each row with its history record (who imported it, when), and its first placement.
        new_ids = insert_prepared(new_teachers)
        record_creation(Teacher, new_ids)
        placements = [(pk, *placement) for pk, placement in zip(new_ids, first_placements, strict=True)]
        record_creation(
            Placement, insert_rows(Placement, ["teacher_id", "school_id", "start_date", "end_date"], placements, counted=False)
        )
        create_in_batches(
            lambda batch: bulk_update_with_history(batch, Teacher, TEACHER_FIELDS, default_user=acting_user()), changed
        )
        for item, teacher, stored, story in stories:
            self.write_story(item, teacher, stored, story)

    def story_of(self, item: TeacherRow, stored: tuple, values: tuple, start) -> str:
        """What the row does to the teacher's placements: returned (a teacher who had left,
        back on a 调入日期 or at another school), moved (调动), restarted (a 调入日期 that
        corrects the record), hired (a corrected 入职日期), or nothing ("")."""
        returning = stored[6] is not None and values[6] is None
        if returning and (item.joined_on or values[1] != stored[1]):
            return "returned"
        if values[1] != stored[1]:
            return "moved"
        if item.joined_on and item.joined_on != start:
            self.changes.add(f"第 {item.row} 行 {item.name}（{item.staff_id}）", JOINED_COLUMN, start or "", item.joined_on)
            return "restarted"
        if values[5] != stored[5] and not item.joined_on:
            return "hired"
        return ""

    def write_story(self, item: TeacherRow, teacher: Teacher, stored: tuple, story: str) -> None:
        """The teacher's placements and exchanges after the row, through the register (the
        teacher's own fields are written already, in bulk)."""
        try:
            if story in ("moved", "returned"):
                on = item.joined_on or self.today
                self.moved_today += item.joined_on is None
            if story == "returned":
                rejoin(teacher, teacher.school_id, on)
                return
            if story == "moved":
                departed = Teacher(pk=teacher.pk, name=teacher.name, left_on=stored[6])  # as it was before this row
                place(departed, teacher.school_id, on)
            elif story == "restarted":
                restart(teacher, item.joined_on)
            elif story == "hired":
                hire_date_corrected(teacher, stored[5], teacher.hire_date)
            if teacher.left_on != stored[6]:
                end_story(teacher, teacher.left_on)
                if teacher.left_on is not None:
                    follow_departure(teacher)
        except ValidationError as refused:
            self.problems.add(item.row, " ".join(refused.messages))

    def note_changes(self, item: TeacherRow, stored: tuple, values: tuple) -> None:
        """For the preview: each field the row changes, in the users' words."""
        names = {school_id: name for name, school_id in self.school_ids.items()}
        titles, reasons = dict(Teacher.Title.choices), dict(LeavingReason.choices)
        shown = {"school_id": names.get, "establishment_school_id": names.get, "title": titles.get, "leaving_reason": reasons.get}
        for field_name, old, new in zip(TEACHER_FIELDS, stored, values):
            if old != new:
                show = shown.get(field_name, lambda value: value)
                label = FIELD_LABELS[field_name]
                self.changes.add(f"第 {item.row} 行 {item.name}（{item.staff_id}）", label, show(old), show(new))


TEMPLATE = ImportTemplate(
    title="教师",
    columns=[*TEACHER_COLUMNS, *STORY_COLUMNS, ESTABLISHMENT_COLUMN],
    example=["33038119900101123X", "张明", "瑞安市塘下镇第二小学", "语文", "一级教师", "2015-09-01", "2015-09-01", "", "", ""],
    notes=[
        ("工号", "工号或身份证号，为键：重复导入只更新。身份证号请把该列设为“文本”，否则 Excel 会丢失位数。"),
        ("姓名", "教师姓名"),
        ("学校", "学校名录中的正式名称"),
        ("学科", "如 语文、数学，可空"),
        ("职称", "、".join(TITLES) + "，或“一级教师”“高级教师”等正式名称；未定级可空"),
        ("入职日期", "如 2015-09-01，可空"),
        (JOINED_COLUMN, "到本行学校任教的日期；新教师空着则为入职日期。已有教师换了学校而此格空着，按导入当日记为调入"),
        (
            LEFT_COLUMN,
            "离开本县学校的最后一天（县内调动不属于离岗）；空表示在职。文件有此列时，每行都按此列设置（空格即在职）；"
            "没有此列则不改动。离岗后返岗的，清空此格并填写返岗的调入日期；不填调入日期则视为更正（撤销离岗）",
        ),
        (REASON_COLUMN, "填了离岗日期时必填：" + "、".join(LEAVING_REASONS)),
        (ESTABLISHMENT_COLUMN, "编制所在学校；空着则与学校相同（已在别校的编制保持不变）"),
    ],
)
