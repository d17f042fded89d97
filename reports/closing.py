"""Closing a 学年 (contracts.md, `close_year`): the annual report's cells and the
dashboard's figures kept as they are that day, so a past year's figures never move.

Records of a closed year may still be corrected: the report then writes the kept cells
and, in `归档后变化`, each kept cell the records now give differently; the dashboard shows
the kept figures and how many differ. Reopening needs a reason and is kept; closing again
keeps the figures of that day."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from xlsxwriter.utility import xl_col_to_name

from jiaogongti.exporting import Sheet, header
from jiaogongti.school_year import school_year_label, school_year_over

from .dashboard import Dashboard, DistrictLine, dashboard
from .kept import cell_record, cell_value, dashboard_record, kept_dashboard_of, plain
from .models import KeptSheet, YearClosure
from .sheets import annual_report_sheets

CHANGES_SHEET = "归档后变化"
REOPEN_REASON_MAX_LENGTH = YearClosure._meta.get_field("reopen_reason").max_length


@contextmanager
def one_snapshot():
    """Every read inside sees the records of one moment, so the report's cells and the
    dashboard agree though the portal writes meanwhile: a transaction, REPEATABLE READ on
    PostgreSQL (where by default each statement sees the latest commits; SQLite's reads in
    a transaction see one state already). Inside a caller's transaction, that one's."""
    connection = transaction.get_connection()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def closure_in_force(year: int) -> YearClosure | None:
    return YearClosure.objects.filter(school_year=year, reopened_at__isnull=True).first()


class Closed(NamedTuple):
    closure: YearClosure
    newly: bool  # False: the year was closed already, and nothing changed


def close_year(year: int, *, by=None) -> Closed:
    """Keep the 学年's report and dashboard as they are now. A 学年 still in progress is
    refused (its 考核 is not graded yet); a closed one is left as it is."""
    if not school_year_over(year):
        raise ValidationError(f"{school_year_label(year)}尚未结束，不能归档：归档保存的是学年结束后的定稿数据。")
    if (closure := closure_in_force(year)) is not None:
        return Closed(closure, False)
    with one_snapshot():
        return _keep(year, by)


def _keep(year: int, by) -> Closed:
    sheets = [
        KeptSheet(
            position=position,
            name=sheet.name,
            column_widths=list(sheet.column_widths),
            freeze=sheet.freeze or "",
            rows=[[cell_record(value) for value in row] for row in sheet.rows()],
        )
        for position, sheet in enumerate(annual_report_sheets(year))
    ]
    board = dashboard_record(dashboard(year))
    try:
        with transaction.atomic():
            closure = YearClosure.objects.create(school_year=year, closed_at=timezone.now(), closed_by=by, dashboard=board)
            for sheet in sheets:
                sheet.closure = closure
            KeptSheet.objects.bulk_create(sheets)
    except IntegrityError:  # closed meanwhile by someone else: theirs is kept
        return Closed(closure_in_force(year), False)
    return Closed(closure, True)


@transaction.atomic
def reopen_year(year: int, *, reason: str, by=None) -> YearClosure:
    """The 学年 is open again; its closing stays on record with the reason."""
    closure = YearClosure.objects.select_for_update().filter(school_year=year, reopened_at__isnull=True).first()
    if closure is None:
        raise ValidationError(f"{school_year_label(year)}没有归档，无需重新开放。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("重新开放归档的学年必须填写理由。")
    if len(reason) > REOPEN_REASON_MAX_LENGTH:
        raise ValidationError(f"理由请不超过 {REOPEN_REASON_MAX_LENGTH} 字。")
    closure.reopened_at, closure.reopened_by, closure.reopen_reason = timezone.now(), by, reason
    closure.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    return closure


# --- the report of a closed year ---------------------------------------------------------


class KeptReportSheet(Sheet):
    """A sheet as it was kept."""

    def __init__(self, kept: KeptSheet):
        self.kept = kept
        self.name = kept.name
        self.column_widths = tuple(kept.column_widths)
        self.freeze = kept.freeze or None

    def rows(self) -> Iterator[list]:
        for row in self.kept.rows:
            yield [cell_value(record) for record in row]


class Change(NamedTuple):
    sheet: str
    row: int  # as Excel numbers it
    column: str  # as Excel names it
    kept: object
    now: object


def report_changes(closure: YearClosure) -> list[Change]:
    """Each kept cell that the records now give differently (and each cell they now give
    where none was kept), sheet by sheet. Rows are matched by their first cell (the school,
    the community) where it names each row once on both sides, so a row added or gone does
    not shift every row after it; else by position. Row numbers are the kept sheet's (a
    row that is new, the sheet's now)."""
    now_sheets = {sheet.name: sheet for sheet in annual_report_sheets(closure.school_year)}
    changes = []
    for kept in closure.sheets.all():
        kept_rows = [[plain(cell_value(record)) for record in row] for row in kept.rows]
        now_rows = [[plain(value) for value in row] for row in now_sheets[kept.name].rows()] if kept.name in now_sheets else []
        for row_number, was, is_now in _matched(kept_rows, now_rows):
            for column in range(max(len(was), len(is_now))):
                kept_cell = was[column] if column < len(was) else None
                now_cell = is_now[column] if column < len(is_now) else None
                if kept_cell != now_cell:
                    changes.append(Change(kept.name, row_number, xl_col_to_name(column), kept_cell, now_cell))
    return changes


def _matched(kept_rows: list[list], now_rows: list[list]) -> Iterator[tuple[int, list, list]]:
    """(row number, kept row, current row) pairs; a row missing on one side is []."""

    def keys(rows):
        return [row[0] if row and row[0] is not None else None for row in rows]

    kept_keys, now_keys = keys(kept_rows), keys(now_rows)
    every_row_named = None not in kept_keys + now_keys
    if not every_row_named or len(set(kept_keys)) < len(kept_keys) or len(set(now_keys)) < len(now_keys):
        for index in range(max(len(kept_rows), len(now_rows))):
            yield (
                index + 1,
                kept_rows[index] if index < len(kept_rows) else [],
                now_rows[index] if index < len(now_rows) else [],
            )
        return
    now_by_key = {key: (index, row) for index, (key, row) in enumerate(zip(now_keys, now_rows, strict=True))}
    for index, (key, row) in enumerate(zip(kept_keys, kept_rows, strict=True)):
        yield index + 1, row, (now_by_key.pop(key)[1] if key in now_by_key else [])
    for index, row in sorted(now_by_key.values()):
        yield index + 1, [], row


class ChangesSheet(Sheet):
    name = CHANGES_SHEET
    column_widths = (16, 8, 8, 30, 30)
    says_when_empty = False  # the contract: only its header row when nothing changed

    def __init__(self, changes: list[Change]):
        self.changes = changes

    def rows(self) -> Iterator[list]:
        yield header("工作表", "行", "列", "归档值", "当前值")
        for change in self.changes:
            yield [change.sheet, change.row, change.column, _shown(change.kept), _shown(change.now)]


def _shown(value):
    return "（空）" if value is None else value


def report_sheets(year: int) -> list[Sheet]:
    """The annual report's sheets: the kept ones and their changes for a closed 学年, else
    the figures as the records give them now."""
    closure = closure_in_force(year)
    if closure is None:
        return annual_report_sheets(year)
    kept = [KeptReportSheet(sheet) for sheet in closure.sheets.all()]
    return [*kept, ChangesSheet(report_changes(closure))]


# --- the dashboard of a closed year --------------------------------------------------------


class DashboardChange(NamedTuple):
    line: str  # 全市 or the 学区
    figure: str
    kept: object
    now: object


FIGURE_LABELS = {
    "coverage_targets": "覆盖目标学校数",
    "coverage_covered": "已覆盖学校数",
    "communities": "教共体数",
    "close_communities": "融合型、共建型教共体数",
    "co_built_members": "共建型成员校（可核算）",
    "co_built_compliant": "交流达标的共建型成员校",
    "co_built_without_teachers": "无教师记录的共建型成员校",
    "members_with_results": "有成绩的成员校",
    "members_rewarded": "获Z值奖励的成员校",
    "rewards": "Z值奖励（元）",
    "rewards_granted": "已确认发放的奖励（元）",
    "allowance": "特岗津贴（元）",
    "allowance_teachers": "特岗津贴人数",
    "activities_planned": "计划活动数",
    "activities_met": "已开展计入计划的活动数",
    "lessons_due": "应开同步课堂节数",
    "lessons_held": "已开同步课堂节数",
    "lessons_discussed": "已研讨节数",
    "funds": "经费（元）",
    "assessed": "已考核教共体数",
    "excellent": "优秀教共体数",
}


def closed_dashboard(closure: YearClosure) -> Dashboard:
    return kept_dashboard_of(closure.dashboard)


def dashboard_changes(closure: YearClosure, now: Dashboard) -> list[DashboardChange]:
    """Each of the kept dashboard's figures that the records now give differently."""
    kept = closed_dashboard(closure)
    now_lines = {_line_name(line): line for line in [now.county, *now.districts]}
    changes = []
    for line in [kept.county, *kept.districts]:
        current = now_lines.get(_line_name(line), DistrictLine(line.district))
        for field_name, label in FIGURE_LABELS.items():
            was, is_now = _figure(getattr(line, field_name)), _figure(getattr(current, field_name))
            if was != is_now:
                changes.append(DashboardChange(_line_name(line), label, was, is_now))
    return changes


def _line_name(line: DistrictLine) -> str:
    return "全市" if line.district is None else f"{line.district.name}学区"


def _figure(value):
    return len(value) if isinstance(value, set) else value


def closed_on(closure: YearClosure) -> datetime.date:
    return timezone.localtime(closure.closed_at).date()
