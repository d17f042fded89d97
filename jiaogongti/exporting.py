"""The one shape every workbook the portal writes has.

A `Sheet` yields rows; `write_workbook` streams sheets into an .xlsx with XlsxWriter in
constant-memory mode (each row goes to a scratch file as the next one starts, so memory
stays flat however many rows), gives headers a style, and makes sure no text cell can
be taken by Excel for a formula. Reading workbooks is openpyxl's job (`tabular.py`).
"""

import datetime
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import BinaryIO, NamedTuple

import xlsxwriter
from django.utils import timezone
from django.utils.functional import Promise
from xlsxwriter.utility import xl_cell_to_rowcol

from jiaogongti.text import looks_like_formula

from . import progress

HEADER_STYLE = {"bold": True, "bg_color": "#DDEBF7", "align": "center", "valign": "vcenter", "text_wrap": True}
TITLE_STYLE = {"bold": True, "font_size": 12}
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
NO_DATA = "（暂无数据）"
PORTRAIT_WIDTH = 90  # column widths (in characters) an A4 page holds upright


class Styled(NamedTuple):
    """A cell value with a style: a number format ('#,##0', '0.00%'), or a header/title.

    A named tuple, not a dataclass: reports make tens of thousands, and it is built the
    fastest."""

    value: object
    number_format: str | None = None
    kind: str = ""  # "", "header" or "title"


def header(*titles: str) -> list[Styled]:
    return [Styled(t, kind="header") for t in titles]


def title(text: str) -> list[Styled]:
    return [Styled(text, kind="title")]


class Sheet:
    """A sheet: a name, column widths, and rows of values (or `Styled` values)."""

    name: str = "Sheet"
    column_widths: tuple[int, ...] = ()
    freeze: str | None = "A2"
    says_when_empty: bool = True  # a （暂无数据） row under the headers when no data row comes

    def rows(self) -> Iterator[list]:
        raise NotImplementedError


def safe_text(value: str) -> str:
    # A leading apostrophe is how spreadsheet users themselves mark "text, not formula".
    return "'" + value if looks_like_formula(value) else value


def write_workbook(sheets: Iterable[Sheet], target: str | BinaryIO) -> None:
    # The rows wait in a scratch folder of our own until the workbook is assembled: if a
    # sheet fails half-way, the folder goes and the target is never written.
    with tempfile.TemporaryDirectory(prefix="jgt-xlsx-") as scratch:
        workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "tmpdir": scratch})
        formats = _Formats(workbook)
        for sheet in sheets:
            worksheet = workbook.add_worksheet(sheet.name)
            _set_up_page(worksheet, sheet)
            row_index, has_data = -1, False
            for row_index, row in enumerate(sheet.rows()):
                has_data = has_data or not all(isinstance(value, Styled) and value.kind for value in row)
                for column, value in enumerate(row):
                    _write_cell(worksheet, formats, row_index, column, value)
                progress.advance(progress.WRITTEN)
            if not has_data and sheet.says_when_empty:  # headers alone read like a sheet that failed to fill
                worksheet.write_string(row_index + 1, 0, NO_DATA)
        workbook.close()


def _set_up_page(worksheet, sheet: Sheet) -> None:
    """Columns, frozen headers, and a print layout: A4, one page wide (landscape when the
    columns are wide), the header row repeated on every page."""
    for index, width in enumerate(sheet.column_widths):
        worksheet.set_column(index, index, width)
    worksheet.set_paper(9)  # A4
    if sum(sheet.column_widths) > PORTRAIT_WIDTH:
        worksheet.set_landscape()
    worksheet.fit_to_pages(1, 0)
    if sheet.freeze:
        worksheet.freeze_panes(sheet.freeze)
        header_rows, _ = xl_cell_to_rowcol(sheet.freeze)
        if header_rows:
            worksheet.repeat_rows(0, header_rows - 1)


def _write_cell(worksheet, formats: "_Formats", row: int, column: int, value) -> None:
    """Each type by its own writer: never XlsxWriter's `write`, which would take a text
    starting with '=' for a formula."""
    if isinstance(value, Styled):
        value, number_format, kind = value
        cell_format = formats.of(number_format, kind)
    else:
        number_format, kind, cell_format = None, "", None
    if value is None or value == "":
        # Nothing, as an empty cell in Excel is nothing; a header's fill shows even so.
        written = 0 if cell_format is None else worksheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, str):
        written = worksheet.write_string(row, column, safe_text(value), cell_format)
    elif isinstance(value, bool):
        written = worksheet.write_boolean(row, column, value, cell_format)
    elif isinstance(value, (int, float, Decimal)):
        written = worksheet.write_number(row, column, float(value) if isinstance(value, Decimal) else value, cell_format)
    elif isinstance(value, datetime.date):
        written = _write_date(worksheet, formats, row, column, value, number_format, kind)
    elif isinstance(value, Promise):  # a lazily translated label
        written = worksheet.write_string(row, column, safe_text(str(value)), cell_format)
    else:
        raise TypeError(f"no cell for {type(value).__name__} {value!r}")
    # XlsxWriter answers a cell it cannot hold (past Excel's last row, text over 32,767
    # characters) with a negative code, not an error: a report must not lose it unseen.
    if written < 0:
        raise ValueError(f"{worksheet.name}: row {row + 1}, column {column + 1} cannot be written to Excel (code {written})")


def _write_date(worksheet, formats: "_Formats", row: int, column: int, value: datetime.date, number_format, kind) -> int:
    # A date needs a date format, or Excel shows it as a serial number.
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):  # Excel has no time zones: the bureau's local time
            value = timezone.make_naive(value)
        number_format = number_format or DATETIME_FORMAT
    else:
        number_format = number_format or DATE_FORMAT
    return worksheet.write_datetime(row, column, value, formats.of(number_format, kind))


class _Formats:
    """One XlsxWriter format per (number format, kind), made on first use."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.made = {}

    def of(self, number_format: str | None, kind: str):
        cell_format = self.made.get((number_format, kind))
        if cell_format is None:
            properties = {"header": HEADER_STYLE, "title": TITLE_STYLE}.get(kind, {})
            if number_format:
                properties = {**properties, "num_format": number_format}
            cell_format = self.made[number_format, kind] = self.workbook.add_format(properties)
        return cell_format
