"""`import_teachers` and `import_exchanges` (contracts.md, "Teachers", "Exchanges")."""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from simple_history.utils import bulk_update_with_history

from communities.selectors import communities_by_school, roster_year_among, types_and_cores
from jiaogongti import progress
from jiaogongti.bulk import insert_rows
from jiaogongti.choices import by_label
from jiaogongti.history import acting_user, record_creation
from jiaogongti.importing import (
    ImportFailed,
    ImportResult,
    Problem,
    Problems,
    chunked,
    clean_name,
    create_in_batches,
    find_columns,
    in_batches,
    load_rows,
    parse_date,
    parse_yes_no,
    run_in_transaction,
)
from jiaogongti.policy import POLICY_TEXTS
from jiaogongti.school_year import school_year_of
from jiaogongti.text import looks_like_formula, normalize_text
from schools.models import SCHOOL_NAME, School

from . import exchange_rules as rules
from .exchange_rules import ExchangeTerms, findings_for
from .models import (
    EXCHANGE_DATE_RANGE,
    Exchange,
    Teacher,
    date_out_of_range,
    default_term_end,
    hire_date_range,
    normalize_staff_id,
)
from .services import (
    lock_exchange_imports,
    refused_if_overlapping,
    settle_establishment,
    shared_community_id,
)

TEACHER_COLUMNS = ["工号", "姓名", "学校", "学科", "职称", "入职日期"]
ESTABLISHMENT_COLUMN = "编制学校"  # optional; without it the 编制 is the teacher's school
EXCHANGE_COLUMNS = ["工号", "派出学校", "接收学校", "类型", "开始日期", "结束日期", "迁编", "状态"]
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
# What a file writes -> the stored code. A file writes 已结束, as the status's label without
# its （期满归队）; either is understood.
KINDS, TITLES = by_label(Exchange.Kind.choices), by_label(Teacher.Title.choices)
STATUSES = {label.removesuffix("（期满归队）"): code for label, code in by_label(Exchange.Status.choices).items()}
STATUSES |= by_label(Exchange.Status.choices)
IMPORTED_REJECTION = "（历史记录导入，原文件未注明驳回理由）"
TEACHER_NAME, TEACHER_SUBJECT = Teacher._meta.get_field("name"), Teacher._meta.get_field("subject")
_STAFF_ID = re.compile(r"^[0-9A-Za-z-]{1,30}$")


def clean_staff_id(raw: str, row: int, problems: Problems) -> str:
    """工号 or 身份证号, kept as text. A number Excel already rounded is refused, not guessed."""
    staff_id = normalize_staff_id(raw)
    if not staff_id:
        problems.add(row, "工号为空。")
    elif "E+" in staff_id or re.fullmatch(r"\d+\.\d+", staff_id):
        problems.add(
            row,
            f"工号「{raw}」被 Excel 存成了数字，位数可能已经丢失。请把该列设为“文本”格式后重新录入工号，再导入。",
        )
    elif not _STAFF_ID.match(staff_id) or looks_like_formula(staff_id):
        problems.add(row, f"工号「{raw}」只能包含数字、字母和连字符。")
    else:
        return staff_id
    return ""


def school_ids_by_name(names) -> dict[str, int]:
    return dict(in_batches(School.objects.order_by().values_list("name", "id"), "name", names))


class TeacherFacts(NamedTuple):
    """What the exchange import needs of a teacher: plain values, not a model instance (a
    province's file names hundreds of thousands of them)."""

    id: int
    staff_id: str
    name: str
    school_id: int
    establishment_school_id: int
    school_name: str
    hire_date: datetime.date | None


def _locked_teachers_by_staff_id(staff_ids) -> dict[str, TeacherFacts]:
    """The teachers, each row locked as it is read (in id order, as `lock_teachers` does)
    until the transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("The teachers' locks end with the transaction: open one first.")
    rows = (
        Teacher.objects.select_for_update(of=("self",))
        .order_by("pk")
        .values_list("id", "staff_id", "name", "school_id", "establishment_school_id", "school__name", "hire_date")
    )
    return {facts.staff_id: facts for facts in map(TeacherFacts._make, in_batches(rows, "staff_id", set(staff_ids)))}


# --- Teachers ---------------------------------------------------------------------------


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


def import_teachers(source: BinaryIO | str, *, filename: str | None = None, dry_run: bool = False) -> ImportResult:
    columns, data = find_columns(load_rows(source, filename), TEACHER_COLUMNS, [ESTABLISHMENT_COLUMN])
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

    def run(self, data) -> ImportResult:
        for chunk in chunked(data):
            parsed = [self.parse(row) for row in chunk]
            self.check_schools(parsed)
            if not self.problems:
                self.write(parsed)
        self.problems.raise_if_any()
        return ImportResult(
            f"教师导入完成：新建 {self.created} 人、更新 {self.updated} 人、未变 {self.unchanged} 人。",
            counts={"created": self.created, "updated": self.updated},
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
        return TeacherRow(n, staff_id, name, school, subject, TITLES.get(title, ""), hire_date, establishment)

    def check_schools(self, parsed: list[TeacherRow]) -> None:
        names = {r.school for r in parsed} | {r.establishment for r in parsed if r.establishment}
        self.school_ids.update(school_ids_by_name(names - self.school_ids.keys()))
        for item in parsed:
            for label, name in [("学校", item.school), (ESTABLISHMENT_COLUMN, item.establishment)]:
                if name and name not in self.school_ids:
                    self.problems.add(item.row, f"{label}「{name}」不在学校名录中。")

    def write(self, parsed: list[TeacherRow]) -> None:
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
        new_rows, changed = [], []
        for item in parsed:
            school_id = self.school_ids[item.school]
            current = stored.get(item.staff_id)
            if item.establishment:
                establishment_id = self.school_ids[item.establishment]
            elif current is not None and current[1][2] != current[1][1]:
                establishment_id = current[1][2]  # the file says nothing: a 编制 elsewhere stays there
            else:
                establishment_id = school_id  # a 编制 at the teacher's school moves with them
            values = (item.name, school_id, establishment_id, item.subject, item.title, item.hire_date)
            if current is None:
                new_rows.append((item.staff_id, *values))
            elif tuple(current[1]) != values:
                changed.append(Teacher(pk=current[0], staff_id=item.staff_id, **dict(zip(TEACHER_FIELDS, values))))
        # Each row with its history record (who imported it, when).
        record_creation(Teacher, insert_rows(Teacher, ["staff_id", *TEACHER_FIELDS], new_rows))
        create_in_batches(
            lambda batch: bulk_update_with_history(batch, Teacher, TEACHER_FIELDS, default_user=acting_user()), changed
        )
        self.created += len(new_rows)
        self.updated += len(changed)
        self.unchanged += len(parsed) - len(new_rows) - len(changed)


TEACHER_FIELDS = ["name", "school_id", "establishment_school_id", "subject", "title", "hire_date"]


# --- Exchanges --------------------------------------------------------------------------


@dataclass(slots=True)
class ExchangeRow:
    row: int
    staff_id: str
    from_school: str
    to_school: str
    kind: str
    start_date: object
    planned_end: object
    establishment_moved: bool
    status: str
    notes: list = field(default_factory=list)  # the rule book's 提示 for the row, once checked


@dataclass(slots=True)
class StoredExchange:
    """An exchange as the import compares it: stored (with its pk) or new from the file."""

    pk: int | None
    teacher_id: int
    from_school_id: int
    to_school_id: int
    start_date: datetime.date
    planned_end: datetime.date
    kind: str
    status: str
    establishment_moved: bool
    community_id: int | None
    notes: list


COMPARED = ["kind", "planned_end", "establishment_moved", "status", "community_id", "notes"]


def _stored_exchanges(teacher_ids) -> Iterator[StoredExchange]:
    rows = Exchange.objects.order_by().values_list(
        "pk",
        "teacher_id",
        "from_school_id",
        "to_school_id",
        "start_date",
        "planned_end",
        "kind",
        "status",
        "establishment_moved",
        "community_id",
        "notes",
    )
    return (StoredExchange(*row) for row in in_batches(rows, "teacher_id", teacher_ids))


def import_exchanges(source: BinaryIO | str, *, filename: str | None = None, dry_run: bool = False) -> ImportResult:
    columns, data = find_columns(load_rows(source, filename), EXCHANGE_COLUMNS)
    return run_in_transaction(lambda: _ExchangeImport(columns).run(data), dry_run)


class _ExchangeImport:
    """Read, checked and written a chunk at a time inside one transaction, as the teacher
    import is. Each chunk's teachers are locked before its rows are checked, as a filing
    locks its teacher: nothing filed meanwhile can slip between check and write.

    What a later chunk must know of earlier ones is kept small: the time each teacher's
    rows hold (for overlaps within the file) and the ids of the records this import made
    (so rows are checked against what was in the portal before, never against themselves)."""

    def __init__(self, columns):
        self.columns = columns
        self.problems = Problems()
        self.communities = _Communities()
        self.school_ids: dict[str, int] = {}
        self.spans: dict[str, tuple] = {}  # staff_id -> the time its live rows hold
        self.inserted: set[int] = set()
        self.noted: list[tuple[int, str]] = []  # the first (row, 提示)s, for the summary
        self.noted_rows = self.notes = 0
        self.rows = self.created = self.updated = 0

    def run(self, data) -> ImportResult:
        lock_exchange_imports()
        for chunk in chunked(data):
            parsed = [item for item in map(self.parse, chunk) if item is not None]
            teachers = _locked_teachers_by_staff_id({r.staff_id for r in parsed})
            names = {r.from_school for r in parsed} | {r.to_school for r in parsed}
            self.school_ids.update(school_ids_by_name(names - self.school_ids.keys()))
            stored = list(_stored_exchanges({t.id for t in teachers.values()}))
            self.check(parsed, teachers, stored)
            if not self.problems:
                try:
                    with refused_if_overlapping():
                        self.write(parsed, teachers, stored)
                except ValidationError as refused:
                    raise ImportFailed([Problem(None, message) for message in refused.messages]) from refused
            self.rows += len(parsed)
        self.problems.raise_if_any()
        unchanged = self.rows - self.created - self.updated
        summary = f"交流记录导入完成：新建 {self.created} 条、更新 {self.updated} 条、未变 {unchanged} 条。"
        return ImportResult(summary + noted_summary(self.noted, self.noted_rows, self.notes), counts={"noted": self.noted_rows})

    def parse(self, row) -> ExchangeRow | None:
        columns, problems, n = self.columns, self.problems, row.number
        staff_id = clean_staff_id(columns.get(row, "工号"), n, problems)
        from_school = clean_name(columns.get(row, "派出学校"), "派出学校", n, problems, field=SCHOOL_NAME)
        to_school = clean_name(columns.get(row, "接收学校"), "接收学校", n, problems, field=SCHOOL_NAME)
        kind_text, status_text = normalize_text(columns.get(row, "类型")), normalize_text(columns.get(row, "状态"))
        kind, status = KINDS.get(kind_text), STATUSES.get(status_text)
        start = parse_date(columns.get(row, "开始日期"), "开始日期", n, problems, bounds=EXCHANGE_DATE_RANGE)
        end = parse_date(columns.get(row, "结束日期"), "结束日期", n, problems, required=False, bounds=EXCHANGE_DATE_RANGE)
        moved = parse_yes_no(columns.get(row, "迁编"), "迁编", n, problems)
        if kind is None:
            problems.add(n, f"类型「{kind_text}」无法识别，应为：{'、'.join(KINDS)}。")
        if status is None:
            problems.add(n, f"状态「{status_text}」无法识别，应为：{'、'.join(list(STATUSES)[: len(Exchange.Status)])}。")
        if not (columns.get(row, "派出学校") and columns.get(row, "接收学校")):
            problems.add(n, "派出学校和接收学校都必须填写。")
        if start and not end:
            end = default_term_end(start)
            if problem := date_out_of_range(end, f"结束日期（开始日期加{POLICY_TEXTS.term_years}年）", EXCHANGE_DATE_RANGE):
                problems.add(n, problem)
        if not start:
            return None
        if status in Exchange.LIVE and staff_id:
            self._check_overlap_within_file(staff_id, start, end, n)
        return ExchangeRow(n, staff_id, from_school, to_school, kind, start, end, moved, status)

    def _check_overlap_within_file(self, staff_id: str, start, end, row: int) -> None:
        # (start, end, row, start, end, row, …) of the teacher's earlier rows: one flat
        # tuple, a province's file has a few hundred thousand of them.
        spans = self.spans.get(staff_id, ())
        earlier = [spans[i + 2] for i in range(0, len(spans), 3) if start <= spans[i + 1] and end >= spans[i]]
        if earlier:
            self.problems.add(row, f"与第 {min(earlier)} 行是同一教师，交流时间重叠。")
        self.spans[staff_id] = (*spans, start, end, row)

    def check(self, parsed: list[ExchangeRow], teachers: dict[str, TeacherFacts], stored: list[StoredExchange]) -> None:
        problems, school_ids = self.problems, self.school_ids
        existing_live = self.live_before_import(stored)
        for item in parsed:
            progress.advance(progress.CHECKED)
            teacher = teachers.get(item.staff_id)
            if item.staff_id and teacher is None:
                problems.add(item.row, f"工号「{item.staff_id}」的教师不在系统中，请先导入教师。")
            for label, name in [("派出学校", item.from_school), ("接收学校", item.to_school)]:
                if name and name not in school_ids:
                    problems.add(item.row, f"{label}「{name}」不在学校名录中。")
            from_id, to_id = school_ids.get(item.from_school), school_ids.get(item.to_school)
            # A closed record may be from a school the teacher has since left; an open one may not.
            closed = item.status in (Exchange.Status.FINISHED, Exchange.Status.REJECTED, Exchange.Status.WITHDRAWN)
            if teacher and from_id and teacher.school_id != from_id and not closed:
                problems.add(
                    item.row,
                    rules.OWN_TEACHER.says(
                        teacher=f"{teacher.name}（{teacher.staff_id}）",
                        school=teacher.school_name,
                        from_school=item.from_school,
                    ),
                )
            live = item.status in Exchange.LIVE
            # The community rules for records carried out; refused or withdrawn ones never
            # were, whatever they said. Records before any roster belong to no community.
            community_type = core_id = None
            if live and from_id and to_id and from_id != to_id:
                year = school_year_of(item.start_date)
                community_id = self.communities.shared(from_id, to_id, year)
                if community_id is not None:
                    community_type, core_id = self.communities.type_and_core(community_id, year)
                elif self.communities.has_roster(year):
                    problems.add(item.row, rules.SHARE_A_COMMUNITY.says(year=year))
            found = findings_for(
                ExchangeTerms(
                    item.kind,
                    from_id,
                    to_id,
                    item.start_date,
                    item.planned_end,
                    bool(item.establishment_moved),
                    hire_date=teacher.hire_date if teacher else None,
                    community_type=community_type,
                    core_school_id=core_id,
                )
            )
            for message in rules.refusals(found):
                problems.add(item.row, message)
            item.notes = rules.notes(found) if live else []
            if item.notes:
                self.noted_rows += 1
                self.notes += len(item.notes)
                room = NOTES_LISTED - len(self.noted)
                self.noted.extend((item.row, note["message"]) for note in item.notes[: max(room, 0)])
            if not live or teacher is None:
                continue
            existing = existing_live[teacher.id]
            # Against what was already in the portal (the file's own rows: `parse`).
            for other in existing:
                same_record = (other.from_school_id, other.to_school_id, other.start_date) == (from_id, to_id, item.start_date)
                if not same_record and item.start_date <= other.planned_end and item.planned_end >= other.start_date:
                    problems.add(
                        item.row,
                        rules.NO_OVERLAP.says(
                            start=date_format(other.start_date),
                            end=date_format(other.planned_end),
                            status=Exchange.Status(other.status).label,
                        ),
                    )

    def live_before_import(self, stored: list[StoredExchange]) -> dict[int, list[StoredExchange]]:
        """Teacher id -> their exchanges that hold time (已提交 … 已结束), but those this
        import created."""
        live = defaultdict(list)
        for exchange in stored:
            if exchange.status in Exchange.LIVE and exchange.pk not in self.inserted:
                live[exchange.teacher_id].append(exchange)
        return live

    def write(self, parsed: list[ExchangeRow], teachers: dict[str, TeacherFacts], stored_list: list[StoredExchange]) -> None:
        # (`stored_list` is read after the chunk's teachers were locked: nobody else has
        # changed their records since.)
        stored = defaultdict(list)
        for exchange in stored_list:
            stored[exchange.teacher_id, exchange.from_school_id, exchange.to_school_id, exchange.start_date].append(exchange)
        new_exchanges, changed, touched = [], {}, set()
        for item in parsed:
            teacher, from_id, to_id = teachers[item.staff_id], self.school_ids[item.from_school], self.school_ids[item.to_school]
            values = {
                "kind": item.kind,
                "planned_end": item.planned_end,
                "establishment_moved": item.establishment_moved,
                "status": item.status,
                # Past records may predate any roster: then they belong to no community.
                "community_id": self.communities.shared(from_id, to_id, school_year_of(item.start_date)),
                "notes": item.notes,
            }
            key = (teacher.id, from_id, to_id, item.start_date)
            exchange = _record_for(stored[key], item.status)
            if exchange is None:
                exchange = StoredExchange(None, teacher.id, from_id, to_id, item.start_date, **values)
                new_exchanges.append(exchange)
                stored[key].append(exchange)
                touched.add(teacher.id)
            elif any(getattr(exchange, f) != v for f, v in values.items()):
                touched.add(teacher.id)
                for field_name, value in values.items():
                    setattr(exchange, field_name, value)
                if exchange.pk:
                    changed[exchange.pk] = exchange
        # Each new record with its history record (who imported it, when).
        ids = insert_rows(Exchange, NEW_EXCHANGE_FIELDS, [_new_exchange(e) for e in new_exchanges])
        record_creation(Exchange, ids)
        self.inserted.update(ids)
        _save_changes(changed)
        # 三年一轮，一律迁编，期满归队: the 编制 of each teacher whose records changed goes
        # where their records now leave it. (Settling leaves alone a 编制 at the teacher's
        # own school when no 迁编 exchange of theirs runs: most of a file of past records.)
        running = {e.teacher_id for e in [*stored_list, *new_exchanges] if e.status == Exchange.Status.IN_PROGRESS}
        by_id = {t.id: t for t in teachers.values()}
        settle_establishment([pk for pk in touched if pk in running or by_id[pk].establishment_school_id != by_id[pk].school_id])
        self.created += len(new_exchanges)
        # (A record an earlier chunk made and a later row changes is new, not updated.)
        self.updated += len(changed.keys() - self.inserted)


NOTES_LISTED = 20


def noted_summary(listed: list[tuple[int, str]], rows: int, notes: int) -> str:
    """The rows with 提示, for an import's summary: accepted, and the first few listed."""
    if not rows:
        return ""
    shown = "；".join(f"第 {row} 行：{message}" for row, message in listed)
    more = f"；另有 {notes - len(listed)} 条提示未列出" if notes > len(listed) else ""
    return f"其中 {rows} 行有提示（已导入，可在“教师交流”列表按“有提示”筛选）：{shown}{more}。"


class _Communities:
    """The communities of each 学年 a file touches, read once per 学年."""

    def __init__(self):
        self._schools = {}  # 学年 -> communities_by_school
        self._type_and_core = types_and_cores()
        self._roster_years = sorted({year for _, year in self._type_and_core})

    def shared(self, from_id: int, to_id: int, year: int) -> int | None:
        if year not in self._schools:
            self._schools[year] = communities_by_school(year)
        return shared_community_id(from_id, to_id, year, self._schools[year])

    def has_roster(self, year: int) -> bool:
        return roster_year_among(self._roster_years, year) is not None

    def type_and_core(self, community_id: int, year: int) -> tuple[str, int]:
        return self._type_and_core[community_id, roster_year_among(self._roster_years, year)]


def _record_for(candidates: list[StoredExchange], status: str) -> StoredExchange | None:
    """Which stored record a file row is: the same teacher, schools and start date may
    have been filed, withdrawn and filed again; prefer the one in the row's status, then
    one that holds time, then the latest (a record new from this file last of all)."""
    for wanted in (lambda e: e.status == status, lambda e: e.status in Exchange.LIVE, lambda e: True):
        matching = [e for e in candidates if wanted(e)]
        if matching:
            return max(matching, key=lambda e: e.pk or 0)
    return None


NEW_EXCHANGE_FIELDS = ["teacher_id", "from_school_id", "to_school_id", "start_date", *COMPARED, "reject_reason"]


def _new_exchange(exchange: StoredExchange) -> tuple:
    reject_reason = IMPORTED_REJECTION if exchange.status == Exchange.Status.REJECTED else ""
    return (*(getattr(exchange, f) for f in NEW_EXCHANGE_FIELDS[:-1]), reject_reason)


def _save_changes(changed: dict[int, StoredExchange]) -> None:
    """The few stored records a file changes, saved whole, each with its history record."""
    for exchange in in_batches(Exchange.objects.all(), "pk", list(changed)):
        for field_name in COMPARED:
            setattr(exchange, field_name, getattr(changed[exchange.pk], field_name))
        if exchange.status == Exchange.Status.REJECTED and not exchange.reject_reason:
            exchange.reject_reason = IMPORTED_REJECTION
        exchange._history_user = acting_user()
        exchange.save()
        progress.advance(progress.WRITTEN)
