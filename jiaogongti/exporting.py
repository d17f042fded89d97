"""The one shape every workbook the portal writes has.

A `Sheet` yields rows; `write_workbook` streams sheets into an .xlsx with openpyxl's
write-only mode (memory stays flat however many rows), gives headers a style, and makes
sure no text cell can be taken by Excel for a formula.
"""

from decimal import Decimal
from typing import BinaryIO, Iterable, Iterator, NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from schools.names import looks_like_formula

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=12)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)


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

    def rows(self) -> Iterator[list]:
        raise NotImplementedError


def safe_text(value: str) -> str:
    # A leading apostrophe is how spreadsheet users themselves mark "text, not formula".
    return "'" + value if looks_like_formula(value) else value


class _Cells:
    """One sheet's values as openpyxl appends them.

    Plain values go as they are (openpyxl writes those fastest). A styled value goes in a
    cell made once per style and reused: a fresh, freshly styled cell for each of tens
    of thousands of formatted numbers cost more than writing them. Reuse is safe because
    openpyxl writes each cell of a row before it takes the next one from the row, which
    is a generator for that reason (a list would hold the same cell twice).
    """

    def __init__(self, worksheet):
        self.worksheet = worksheet
        self.by_style = {}

    def row(self, values) -> Iterator:
        for value in values:
            if isinstance(value, Styled):
                cell = self.by_style.get((value.number_format, value.kind)) or self._styled_cell(value)
                cell.value = _plain(value.value)
                yield cell
            else:
                yield _plain(value)

    def _styled_cell(self, style: Styled) -> WriteOnlyCell:
        cell = self.by_style[style.number_format, style.kind] = WriteOnlyCell(self.worksheet)
        if style.number_format:
            cell.number_format = style.number_format
        if style.kind == "header":
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = HEADER_ALIGNMENT
        elif style.kind == "title":
            cell.font = TITLE_FONT
        return cell


def _plain(value):
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_workbook(sheets: Iterable[Sheet], target: str | BinaryIO) -> None:
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.name)
        for index, width in enumerate(sheet.column_widths):
            worksheet.column_dimensions[_column_letter(index)].width = width
        if sheet.freeze:
            worksheet.freeze_panes = sheet.freeze
        cells = _Cells(worksheet)
        for row in sheet.rows():
            worksheet.append(cells.row(row))
    workbook.save(target)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
