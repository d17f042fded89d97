"""The one shape every workbook the portal writes has.

A `Sheet` yields rows; `write_workbook` streams sheets into an .xlsx with openpyxl's
write-only mode (memory stays flat however many rows), gives headers a style, and makes
sure no text cell can be taken by Excel for a formula.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO, Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from schools.names import looks_like_formula

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=12)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Styled:
    """A cell value with a style: a number format ('#,##0', '0.00%'), or a header/title."""

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

    def rows(self) -> Iterator[list]:
        raise NotImplementedError


def safe_text(value: str) -> str:
    # A leading apostrophe is how spreadsheet users themselves mark "text, not formula".
    return "'" + value if looks_like_formula(value) else value


def _cell(worksheet, value):
    """What to append for one value: the plain value when it needs no style (openpyxl
    writes those fastest), a styled `WriteOnlyCell` otherwise."""
    style = None
    if isinstance(value, Styled):
        style, value = value, value.value
    if isinstance(value, Decimal):
        value = float(value)
    elif isinstance(value, str):
        value = safe_text(value)
    if style is None:
        return value
    cell = WriteOnlyCell(worksheet, value=value)
    if style.number_format:
        cell.number_format = style.number_format
    if style.kind == "header":
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
    elif style.kind == "title":
        cell.font = TITLE_FONT
    return cell


def write_workbook(sheets: Iterable[Sheet], target: str | BinaryIO) -> None:
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.name)
        for index, width in enumerate(sheet.column_widths):
            worksheet.column_dimensions[_column_letter(index)].width = width
        if sheet.freeze:
            worksheet.freeze_panes = sheet.freeze
        for row in sheet.rows():
            worksheet.append([_cell(worksheet, value) for value in row])
    workbook.save(target)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
