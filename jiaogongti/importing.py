"""The one shape every importer has.

Parse (file -> rows of strings, `tabular`) -> normalise and validate every row, collecting
every problem with its row number -> write everything in one transaction. An importer
supplies the middle and the write; this module supplies the rest, so the admin upload
and the management command run the very same code.
"""

import datetime
import functools
import gc
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import transaction

from jiaogongti.text import looks_like_formula, normalize_text

from . import progress
from .dates import date_out_of_range
from .db import import_page_cache, one_of
from .tabular import FileRejected, Row, iter_rows


@dataclass(frozen=True)
class Problem:
    row: int | None
    message: str

    def __str__(self):
        return f"第 {self.row} 行：{self.message}" if self.row else self.message


class ImportFailed(Exception):
    """Nothing was written; `problems` says why, each with its row number."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ImportResult:
    summary: str
    dry_run: bool = False
    counts: dict = field(default_factory=dict)
    changes: list[dict] = field(default_factory=list)  # the first rows a file changes, old → new (`Changes`)

    def __str__(self):
        if not self.dry_run:
            return self.summary
        # A preview says what confirming will do, never that it was done.
        said = self.summary.replace("已重新计算", "将重新计算")
        if "导入完成：" in said:
            return said.replace("导入完成：", "导入预览（数据库尚未改动），确认后：", 1)
        return f"预览（数据库尚未改动）：{said}"


CHANGES_LISTED = 100  # of each kind: new records, field changes, unchanged records


class Changes:
    """What a file does to the stored records, for the preview before an import is
    confirmed: the records it adds, each field it changes (old → new) and the records it
    leaves as they are; the first CHANGES_LISTED of each listed, all counted.

    `listed` is what the job keeps: each entry a dict with its `kind` ("new", "changed",
    "unchanged"); `counts` how many of each there are in all."""

    def __init__(self):
        self.listed: list[dict] = []
        self.records = {"new": 0, "changed": 0, "unchanged": 0}
        self._shown = {"new": 0, "changed": 0, "unchanged": 0}

    def add(self, record: str, field_label: str, old, new) -> None:
        """One field of a stored record the file changes."""
        if self._shown["changed"] < CHANGES_LISTED:
            self._shown["changed"] += 1
            self.listed.append(
                {"kind": "changed", "record": record, "field": field_label, "old": _shown(old), "new": _shown(new)}
            )

    def added(self, record) -> None:
        """A record the file adds; `record` says which, or makes the text when called
        (a province's file adds hundreds of thousands, of which a hundred are shown)."""
        self._record("new", record)

    def changed(self) -> None:
        """A stored record the file changes (its fields through `add`)."""
        self.records["changed"] += 1

    def kept(self, record) -> None:
        """A stored record the file leaves as it is."""
        self._record("unchanged", record)

    def _record(self, kind: str, record) -> None:
        self.records[kind] += 1
        if self._shown[kind] < CHANGES_LISTED:
            self._shown[kind] += 1
            self.listed.append({"kind": kind, "record": record() if callable(record) else record})

    @property
    def counts(self) -> dict:
        """For the job's counts: records new, changed and unchanged."""
        return {f"{kind}_records": count for kind, count in self.records.items()}


def _shown(value) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return YES_NO_TEXT[value]
    return str(value)


class Problems(list):
    """Collects problems while validating; `raise_if_any()` ends the import."""

    def add(self, row: int | None, message: str) -> None:
        self.append(Problem(row, message))

    def raise_if_any(self) -> None:
        if self:
            raise ImportFailed(sorted(self, key=lambda p: p.row or 0))


def load_rows(source: BinaryIO | str, filename: str | None = None) -> Iterator[Row]:
    """The file's non-blank rows, streamed; a file that cannot be read ends the import.
    (Reading ahead in a thread while the database works was tried and measured: 200,000
    exchanges on PostgreSQL took 1.03× as long, so the rows are read in the importer's own
    thread.)"""
    try:
        for row in iter_rows(source, filename):
            progress.advance(progress.READ)
            yield row
    except FileRejected as rejected:
        raise ImportFailed([Problem(None, str(rejected))]) from rejected


class Columns:
    """Finds a header row by its column names and reads cells by column name."""

    def __init__(self, header: Row, required: list[str], optional: list[str] = ()):
        names = [normalize_text(c) for c in header.cells]
        self.header_row = header.number
        self.index = {}
        for name in [*required, *optional]:
            if name in names:
                self.index[name] = names.index(name)
        self.missing = [name for name in required if name not in self.index]

    def get(self, row: Row, name: str) -> str:
        position = self.index.get(name)
        if position is None or position >= len(row.cells):
            return ""
        return row.cells[position].strip()

    def reader(self, names: list[str]) -> Callable[[Row], list[str]]:
        """`get` of each of `names` at once, the positions found once: a province's file
        is read a few hundred thousand rows at a time."""
        positions = [self.index.get(name) for name in names]

        def cells_of(row: Row) -> list[str]:
            cells = row.cells
            count = len(cells)
            return [cells[p].strip() if p is not None and p < count else "" for p in positions]

        return cells_of


def find_columns(rows: Iterable[Row], required: list[str], optional: list[str] = ()) -> tuple[Columns, Iterator[Row]]:
    """The header is the first non-blank row; returns the columns and the data rows after
    it, still streamed. A file with no data rows is refused before anything else is done."""
    rows = iter(rows)
    header = next(rows, None)
    if header is None:
        raise ImportFailed([Problem(None, "文件中没有任何数据。")])
    columns = Columns(header, required, optional)
    if columns.missing:
        raise ImportFailed(
            [
                Problem(
                    header.number,
                    f"缺少列：{'、'.join(columns.missing)}。第一行应是表头：{' | '.join(required)}",
                )
            ]
        )
    first = next(rows, None)
    if first is None:
        raise ImportFailed([Problem(None, "文件只有表头，没有数据行。")])
    return columns, itertools.chain([first], rows)


def clean_name(raw: str, label: str, row: int, problems: Problems, *, field) -> str:
    """A name as typed: normalised, refused if it is a formula or longer than the model
    `field` it fills (SQLite would store it whole, PostgreSQL refuse the import)."""
    name = normalize_text(raw)
    if name and looks_like_formula(name):
        problems.add(row, f"{label}「{raw}」以 = + - @ 开头，像是电子表格公式，不能作为名称。")
        return ""
    return within_length(name, field, label, row, problems)


def within_length(value: str, field, label: str, row: int, problems: Problems) -> str:
    """`value` if it fits the model field's max_length, else "" and a problem."""
    if len(value) > field.max_length:
        problems.add(row, f"{label}太长（{len(value)} 个字），最多 {field.max_length} 个字：「{value[:20]}…」")
        return ""
    return value


_DATE_PATTERNS = [
    # Blanks are folded away by normalize_text, so a time of day follows the date directly.
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
]


def parse_date(
    raw: str, label: str, row: int, problems: Problems, *, bounds: tuple[datetime.date, datetime.date], required: bool = True
) -> datetime.date | None:
    """A date as people type it (2021-09-01, 2021/9/1, 2021.9.1, 2021年9月1日) or as Excel
    stores it, within the plausible `bounds` of the field it fills."""
    text = normalize_text(raw)
    if not text:
        if required:
            problems.add(row, f"{label}为空。")
        return None
    value = _date_of(text)
    if value is None:
        problems.add(row, f"{label}「{raw}」不是有效日期，请写成 2021-09-01 的形式。")
    elif problem := date_out_of_range(value, label, bounds):
        problems.add(row, problem)
        return None
    return value


@functools.lru_cache(maxsize=20_000)
def _date_of(text: str) -> datetime.date | None:
    """The date a text spells, or None. Dates repeat down a file: each is read once."""
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


YES_NO = {"是": True, "否": False}
YES_NO_TEXT = {value: text for text, value in YES_NO.items()}  # how a file (and an export) writes them


def parse_yes_no(raw: str, label: str, row: int, problems: Problems) -> bool | None:
    text = normalize_text(raw)
    if text not in YES_NO:
        problems.add(row, f"{label}「{raw}」应填 是 或 否。")
        return None
    return YES_NO[text]


def create_in_batches(create: Callable[[list], object], objects: list, size: int = 2_000) -> None:
    """`create(batch)` for each batch of `objects`, counting them as written."""
    for start in range(0, len(objects), size):
        batch = objects[start : start + size]
        create(batch)
        progress.advance(progress.WRITTEN, len(batch))


CHUNK_ROWS = 5_000


def chunked(rows: Iterable) -> Iterator[list]:
    """A stream of rows as lists of at most CHUNK_ROWS: an import holds one at a time."""
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        yield chunk


def in_batches(queryset, field: str, values, size: int = 5_000):
    """The rows of `queryset` whose `field` is one of `values`, asked for a batch at a
    time: a file's worth of keys is more than one SQL statement may carry."""
    values = list(values)
    for start in range(0, len(values), size):
        yield from queryset.filter(one_of(field, values[start : start + size]))


@contextmanager
def rare_garbage_collection():
    """Python's cycle collector runs after every 700 new objects and, now and then, walks
    every object alive: an import's hundreds of thousands of rows, again and again. What an
    import makes holds no reference cycles (reference counting frees it), so the collector
    runs far less often while it works (measured: 200,000 exchanges in 29 s, then 18 s)."""
    threshold = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def run_in_transaction(write: Callable[[], ImportResult], dry_run: bool) -> ImportResult:
    """Write all or nothing. A dry run does the same work and rolls it back, so its
    report is exactly what a real import would do."""
    with rare_garbage_collection(), import_page_cache(), transaction.atomic():
        result = write()
        if dry_run:
            transaction.set_rollback(True)
            result.dry_run = True
    return result
