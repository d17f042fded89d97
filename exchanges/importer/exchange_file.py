"""`import_exchanges` (contracts.md, "Exchanges"): a county's history of exchanges, or this
year's, loaded in one go. Each row is held against the rule book as a filing is; past
records always load (what is unusual is a 提示, listed in the summary), and a row that
names a stored record (same teacher, schools and start) updates it."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from jiaogongti import progress
from jiaogongti.bulk import PreparedRows, insert_prepared, prepare_rows
from jiaogongti.dates import date_out_of_range
from jiaogongti.db import statistics_kept_up
from jiaogongti.history import record_creation
from jiaogongti.importing import (
    Changes,
    ImportFailed,
    ImportResult,
    Problem,
    Problems,
    chunked,
    clean_name,
    find_columns,
    load_rows,
    parse_date,
    parse_yes_no,
    run_in_transaction,
)
from jiaogongti.school_year import school_year_of
from jiaogongti.text import normalize_text
from jiaogongti.write_behind import WriteBehind
from policy.figures import FiguresMemo
from schools.models import SCHOOL_NAME
from teachers.importer.shared import TeacherFacts, clean_staff_id, locked_teachers_by_staff_id, school_ids_by_name
from teachers.models import LeavingReason

from .. import exchange_rules as rules
from ..establishment import settle_establishment
from ..exchange_rules import ExchangeTerms, findings_for
from ..guards import lock_exchange_imports, refused_if_overlapping
from ..models import EXCHANGE_DATE_RANGE, Exchange, default_term_end
from .exchange_columns import CHANGE_LABELS, CHANGE_SHOWN, CLOSED, EXCHANGE_COLUMNS, KINDS, STATUSES
from .exchange_records import (
    NEW_EXCHANGE_FIELDS,
    FileCommunities,
    StoredExchange,
    new_exchange_row,
    record_for,
    save_changes,
    stored_exchanges,
)

NOTES_LISTED = 20


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

    @property
    def live(self) -> bool:
        return self.status in Exchange.LIVE


def import_exchanges(source: BinaryIO | str, *, filename: str | None = None, dry_run: bool = False) -> ImportResult:
    columns, data = find_columns(load_rows(source, filename), EXCHANGE_COLUMNS)
    return run_in_transaction(lambda: _ExchangeImport(columns).run(data), dry_run)


def noted_summary(listed: list[tuple[int, str]], rows: int, notes: int) -> str:
    """The rows with 提示, for an import's summary: accepted, and the first few listed."""
    if not rows:
        return ""
    shown = "；".join(f"第 {row} 行：{message}" for row, message in listed)
    more = f"；另有 {notes - len(listed)} 条提示未列出" if notes > len(listed) else ""
    return f"其中 {rows} 行有提示（已导入，可在“教师交流”列表按“有提示”筛选）：{shown}{more}。"


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
        self.communities = FileCommunities()
        self.school_ids: dict[str, int] = {}
        self.spans: dict[str, tuple] = {}  # staff_id -> the time its live rows hold
        self.inserted: set[int] = set()
        self.noted: list[tuple[int, str]] = []  # the first (row, 提示)s, for the summary
        self.noted_rows = self.notes = 0
        self.rows = self.created = self.updated = 0
        self.changes = Changes()
        self.figures = FiguresMemo()
        self._default_ends: dict = {}  # start date -> (planned end, problem or "")
        self.cells_of = columns.reader(EXCHANGE_COLUMNS)

    def run(self, data) -> ImportResult:
        lock_exchange_imports()
        with WriteBehind() as writes:
            for chunk in statistics_kept_up(chunked(data), writes, Exchange):
                parsed = [item for item in map(self.parse, chunk) if item is not None]
                staff_ids = {r.staff_id for r in parsed}
                writes.wait_for(staff_ids)  # a teacher's rows in the chunk being written
                teachers = locked_teachers_by_staff_id(staff_ids)
                names = {r.from_school for r in parsed} | {r.to_school for r in parsed}
                self.school_ids.update(school_ids_by_name(names - self.school_ids.keys()))
                stored = list(stored_exchanges({t.id for t in teachers.values()}))
                self.check(parsed, teachers, stored)
                if not self.problems:
                    writes.submit(staff_ids, self.write, *self.chunk_changes(parsed, teachers, stored))
                self.rows += len(parsed)
        self.problems.raise_if_any()
        unchanged = self.rows - self.created - self.updated
        summary = f"交流记录导入完成：新建 {self.created} 条、更新 {self.updated} 条、未变 {unchanged} 条。"
        return ImportResult(
            summary + noted_summary(self.noted, self.noted_rows, self.notes),
            counts={"noted": self.noted_rows, **self.changes.counts},
            changes=self.changes.listed,
        )

    # --- reading a row -------------------------------------------------------------------

    def parse(self, row) -> ExchangeRow | None:
        problems, n = self.problems, row.number
        staff_raw, from_raw, to_raw, kind_raw, start_raw, end_raw, moved_raw, status_raw = self.cells_of(row)
        staff_id = clean_staff_id(staff_raw, n, problems)
        from_school = clean_name(from_raw, "派出学校", n, problems, field=SCHOOL_NAME)
        to_school = clean_name(to_raw, "接收学校", n, problems, field=SCHOOL_NAME)
        kind, status = self._kind_and_status(kind_raw, status_raw, n)
        start = parse_date(start_raw, "开始日期", n, problems, bounds=EXCHANGE_DATE_RANGE)
        end = parse_date(end_raw, "结束日期", n, problems, required=False, bounds=EXCHANGE_DATE_RANGE)
        moved = parse_yes_no(moved_raw, "迁编", n, problems)
        if not (from_raw and to_raw):
            problems.add(n, "派出学校和接收学校都必须填写。")
        if start and not end:
            end, problem = self._default_end(start)
            if problem:
                problems.add(n, problem)
        if not start:
            return None
        if status in Exchange.LIVE and staff_id:
            self._check_overlap_within_file(staff_id, start, end, n)
        return ExchangeRow(n, staff_id, from_school, to_school, kind, start, end, moved, status)

    def _default_end(self, start) -> tuple:
        """The planned end of a row that gives none, and the problem with it if any: the same
        for every row of one start date (a file's rows share a few)."""
        if start not in self._default_ends:
            figures = self.figures.on(start)
            end = default_term_end(start, figures)
            problem = date_out_of_range(end, f"结束日期（开始日期加{figures.texts.term_years}年）", EXCHANGE_DATE_RANGE)
            self._default_ends[start] = end, problem
        return self._default_ends[start]

    def _kind_and_status(self, kind_raw: str, status_raw: str, row: int) -> tuple[str | None, str | None]:
        kind_text, status_text = normalize_text(kind_raw), normalize_text(status_raw)
        kind, status = KINDS.get(kind_text), STATUSES.get(status_text)
        if kind is None:
            self.problems.add(row, f"类型「{kind_text}」无法识别，应为：{'、'.join(KINDS)}。")
        if status is None:
            allowed = "、".join(list(STATUSES)[: len(Exchange.Status)])
            self.problems.add(row, f"状态「{status_text}」无法识别，应为：{allowed}。")
        return kind, status

    def _check_overlap_within_file(self, staff_id: str, start, end, row: int) -> None:
        # (start, end, row, start, end, row, …) of the teacher's earlier rows: one flat
        # tuple, a province's file has a few hundred thousand of them.
        spans = self.spans.get(staff_id, ())
        earlier = [spans[i + 2] for i in range(0, len(spans), 3) if start <= spans[i + 1] and end >= spans[i]]
        if earlier:
            self.problems.add(row, f"与第 {min(earlier)} 行是同一教师，交流时间重叠。")
        self.spans[staff_id] = (*spans, start, end, row)

    # --- checking a chunk by the rule book -----------------------------------------------

    def check(self, parsed: list[ExchangeRow], teachers: dict[str, TeacherFacts], stored: list[StoredExchange]) -> None:
        existing_live = self.live_before_import(stored)
        for item in parsed:
            progress.advance(progress.CHECKED)
            teacher = teachers.get(item.staff_id)
            from_id, to_id = self._check_teacher_and_schools(item, teacher)
            community_type, core_id = self._community_terms(item, from_id, to_id)
            self._apply_rule_book(item, teacher, from_id, to_id, community_type, core_id)
            if item.live and teacher is not None:
                self._check_against_stored(item, from_id, to_id, existing_live[teacher.id])

    def _check_teacher_and_schools(self, item: ExchangeRow, teacher: TeacherFacts | None) -> tuple[int | None, int | None]:
        if item.staff_id and teacher is None:
            self.problems.add(item.row, f"工号「{item.staff_id}」的教师不在系统中，请先导入教师。")
        for label, name in [("派出学校", item.from_school), ("接收学校", item.to_school)]:
            if name and name not in self.school_ids:
                self.problems.add(item.row, f"{label}「{name}」不在学校名录中。")
        from_id, to_id = self.school_ids.get(item.from_school), self.school_ids.get(item.to_school)
        # A teacher who has left takes no live exchange that starts after their last day.
        if teacher and teacher.left_on and item.live and item.start_date > teacher.left_on:
            reason = dict(LeavingReason.choices).get(teacher.leaving_reason, "")
            who = f"{teacher.name}（{teacher.staff_id}）"
            self.problems.add(item.row, rules.SERVING.says(teacher=who, left_on=date_format(teacher.left_on), reason=reason))
        # A closed record may be from a school the teacher has since left; an open one may not.
        if teacher and from_id and teacher.school_id != from_id and item.status not in CLOSED:
            who = f"{teacher.name}（{teacher.staff_id}）"
            self.problems.add(
                item.row, rules.OWN_TEACHER.says(teacher=who, school=teacher.school_name, from_school=item.from_school)
            )
        return from_id, to_id

    def _community_terms(self, item: ExchangeRow, from_id, to_id) -> tuple[str | None, int | None]:
        """The type and core of the community the row's schools share. The community rules
        apply to records carried out; refused or withdrawn ones never were, whatever they
        said. Records before any roster belong to no community."""
        if not (item.live and from_id and to_id and from_id != to_id):
            return None, None
        year = school_year_of(item.start_date)
        community_id = self.communities.shared(from_id, to_id, year)
        if community_id is not None:
            return self.communities.type_and_core(community_id, year)
        if self.communities.has_roster(year):
            self.problems.add(item.row, rules.SHARE_A_COMMUNITY.says(year=year))
        return None, None

    def _apply_rule_book(self, item: ExchangeRow, teacher, from_id, to_id, community_type, core_id) -> None:
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
            self.problems.add(item.row, message)
        item.notes = rules.notes(found) if item.live else []
        if item.notes:
            self.noted_rows += 1
            self.notes += len(item.notes)
            room = max(NOTES_LISTED - len(self.noted), 0)
            self.noted.extend((item.row, note["message"]) for note in item.notes[:room])

    def _check_against_stored(self, item: ExchangeRow, from_id, to_id, existing: list[StoredExchange]) -> None:
        """Against what was already in the portal (the file's own rows: `parse`)."""
        for other in existing:
            same_record = (other.from_school_id, other.to_school_id, other.start_date) == (from_id, to_id, item.start_date)
            if not same_record and item.start_date <= other.planned_end and item.planned_end >= other.start_date:
                self.problems.add(
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

    # --- writing a chunk ------------------------------------------------------------------

    def chunk_changes(self, parsed, teachers: dict[str, TeacherFacts], stored_list: list[StoredExchange]) -> tuple:
        """What writing the chunk does: the new records (ready to insert), the stored records
        changed (by pk), and the teachers whose 编制 must be settled. Worked out by the
        reading side, which has the chunk's teachers locked (`stored_list` was read after
        that: nobody else has changed their records since)."""
        new_exchanges, changed, touched = self._match(parsed, teachers, stored_list)
        # 三年一轮，一律迁编，期满归队: the 编制 of each teacher whose records changed goes
        # where their records now leave it. (Settling leaves alone a 编制 at the teacher's
        # own school when no 迁编 exchange of theirs runs: most of a file of past records.)
        running = {e.teacher_id for e in [*stored_list, *new_exchanges] if e.status == Exchange.Status.IN_PROGRESS}
        by_id = {t.id: t for t in teachers.values()}
        to_settle = [pk for pk in touched if pk in running or by_id[pk].establishment_school_id != by_id[pk].school_id]
        self.created += len(new_exchanges)
        # (A record an earlier chunk made and a later row changes is new, not updated.)
        self.updated += len(changed.keys() - self.inserted)
        return prepare_rows(Exchange, NEW_EXCHANGE_FIELDS, map(new_exchange_row, new_exchanges)), changed, to_settle

    def write(self, new_rows: PreparedRows, changed: dict[int, StoredExchange], to_settle: list[int]) -> None:
        """A chunk's `chunk_changes`, written (behind the reading of the next chunk)."""
        try:
            with refused_if_overlapping():
                # Each new record with its history record (who imported it, when).
                ids = insert_prepared(new_rows)
                record_creation(Exchange, ids)
                self.inserted.update(ids)
                save_changes(changed)
                settle_establishment(to_settle)
        except ValidationError as refused:
            raise ImportFailed([Problem(None, message) for message in refused.messages]) from refused

    def _match(self, parsed, teachers, stored_list) -> tuple[list[StoredExchange], dict[int, StoredExchange], set[int]]:
        """The records the rows add, the stored ones they change (by pk), and the teachers
        whose records either touches."""
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
            exchange = record_for(stored[key], item.status)
            record = lambda: f"第 {item.row} 行 {teacher.name}（{item.from_school} → {item.to_school}，{item.start_date}）"  # noqa: E731, B023 (called at once)
            if exchange is None:
                exchange = StoredExchange(None, teacher.id, from_id, to_id, item.start_date, **values)
                new_exchanges.append(exchange)
                stored[key].append(exchange)
                touched.add(teacher.id)
                self.changes.added(record)
            elif any(getattr(exchange, f) != v for f, v in values.items()):
                touched.add(teacher.id)
                for field_name, value in values.items():
                    if field_name in CHANGE_LABELS and getattr(exchange, field_name) != value:
                        show = CHANGE_SHOWN.get(field_name, lambda v: v)
                        self.changes.add(record(), CHANGE_LABELS[field_name], show(getattr(exchange, field_name)), show(value))
                    setattr(exchange, field_name, value)
                if exchange.pk:
                    changed[exchange.pk] = exchange
                    self.changes.changed()
            else:
                self.changes.kept(record)
        return new_exchanges, changed, touched
