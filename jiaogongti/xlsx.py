"""Reading the first sheet of an .xlsx as a stream of rows, trusting nothing the file says.

Why not a library: measured on hostile files (README, "Reading .xlsx"), openpyxl's
read-only reader stops at the rows a sheet's <dimension> declares, parses a whole sheet
at load time when that element is missing (1.7 GB for 20 million empty rows) and keeps
every parsed row attached to the tree; python-calamine builds the sheet's whole rectangle
in memory (6 GB for one cell at AN5000000, a process abort for one at XFD1048576). This
reader parses the sheet XML with lxml as a stream and drops each element once read, so
memory stays flat; the row cap is applied to each row's own number, so a row numbered in
the millions or millions of empty rows stop at the cap. openpyxl still supplies what it
knows well: which number formats are dates, Excel's date serials, column letters.
"""

import datetime
import posixpath
import zipfile
from collections.abc import Iterator

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
WORKSHEET, ROW, CELL, VALUE, INLINE, TEXT, RUN, SHARED = (
    MAIN + tag for tag in ("worksheet", "row", "c", "v", "is", "t", "r", "si")
)
# Elements one row may hold (its cells and their values and runs): more is a hostile file,
# not a sheet. Excel's widest row has 16,384 cells.
MAX_ROW_ELEMENTS = 100_000
# workbook.xml, its relationships and styles.xml are a few KB to a few MB in any real file.
MAX_SMALL_PART = 20 * 1024 * 1024
CHUNK = 64 * 1024
MAX_BEFORE_FIRST_ROW = 4 * 1024 * 1024  # bytes of sheet XML before its first row ends
# Column letters to numbers, A to XFD (every column Excel has).
COLUMNS = {get_column_letter(number): number for number in range(1, 16_385)}
# Built-in formats that are dates in a Chinese Excel or WPS (年月日, 时分) though openpyxl's
# English table leaves them out.
CHINESE_DATE_FORMATS = set(range(27, 37)) | set(range(50, 59))


# What a user is told of a workbook that breaks while it is read (lxml and zipfile raise
# many kinds of error for one).
BROKEN = "Excel 文件无法读取，可能已损坏。请用 Excel 或 WPS 打开后重新保存再试。"
NOT_A_WORKBOOK = "文件不是有效的 Excel（.xlsx）文件，可能已损坏，或是改了扩展名的其他文件。"


class Unreadable(Exception):
    """The workbook's structure is broken; the message is for the user, in Chinese."""


def open_workbook(stream, max_unpacked: int) -> zipfile.ZipFile:
    """The workbook's zip, refused before anything is inflated if it is none, or if its
    directory declares more than `max_unpacked` bytes (zipfile never inflates a member past
    its declared size, so this bounds what parsing can unpack)."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as error:
        raise Unreadable(NOT_A_WORKBOOK) from error
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > max_unpacked:
        raise Unreadable(
            f"Excel 文件解压后过大（{_megabytes(unpacked)}，上限 {_megabytes(max_unpacked)}），可能是异常文件，已拒绝。"
        )
    if "xl/workbook.xml" not in archive.NameToInfo:
        raise Unreadable(NOT_A_WORKBOOK)
    return archive


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def text_rows(archive: zipfile.ZipFile, max_columns: int) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of the first sheet, each cell as the text an importer reads
    (`cell_text`); whatever breaks while reading is `Unreadable`."""
    try:
        for number, values in read_first_sheet(archive, max_columns):
            # (Most cells are text: they skip the conversions.)
            yield number, [v.strip() if type(v) is str else cell_text(v) for v in values]
    except Unreadable:
        raise
    except Exception as error:
        raise Unreadable(BROKEN) from error


def cell_text(value) -> str:
    """A cell's value as text: numbers as Excel shows them (an integral one without ".0"),
    dates in ISO form, booleans as 是/否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _parse(archive: zipfile.ZipFile, name: str, **options):
    # No entities are expanded and nothing is fetched: an XML bomb stays a few bytes.
    return etree.iterparse(archive.open(name), resolve_entities=False, no_network=True, **options)


def _parse_small(archive: zipfile.ZipFile, name: str, **options):
    """A part that is small in any real workbook, parsed whole only if it is."""
    if archive.getinfo(name).file_size > MAX_SMALL_PART:
        raise Unreadable("Excel 文件的结构部分异常庞大，可能是异常文件，已拒绝。")
    return _parse(archive, name, **options)


def _first_sheet(archive: zipfile.ZipFile) -> tuple[str, bool]:
    """The first sheet's part name, found as Excel finds it, and whether dates count from 1904."""
    sheet_id, date1904 = None, False
    for _, element in _parse_small(archive, "xl/workbook.xml", events=("end",)):
        if element.tag == MAIN + "workbookPr":
            date1904 = element.get("date1904") in ("1", "true")
        elif element.tag == MAIN + "sheet" and sheet_id is None:
            sheet_id = element.get(OFFICE_REL_ID)
    if sheet_id is None:
        raise Unreadable("Excel 文件中没有工作表。")
    if "xl/_rels/workbook.xml.rels" not in archive.NameToInfo:
        raise Unreadable("Excel 文件的第一个工作表缺失，文件可能已损坏。")
    for _, element in _parse_small(archive, "xl/_rels/workbook.xml.rels", events=("end",), tag=RELS + "Relationship"):
        if element.get("Id") == sheet_id:
            target = element.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            if name in archive.NameToInfo:
                return name, date1904
    raise Unreadable("Excel 文件的第一个工作表缺失，文件可能已损坏。")


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The shared strings table (every reader holds it whole; its size is bounded by the
    unpacked-size cap). Phonetic runs (<rPh>) are not part of the text."""
    if "xl/sharedStrings.xml" not in archive.NameToInfo:
        return []
    strings, depth, held = [], 0, 0
    for event, element in _parse(archive, "xl/sharedStrings.xml", events=("start", "end")):
        if event == "start":
            depth += 1
            continue
        depth -= 1
        if depth != 1:
            held += 1  # the parts of an item, read with it
            if held > MAX_ROW_ELEMENTS:
                raise Unreadable("Excel 文件的共享字符串中某一项异常庞大，可能是异常文件，已拒绝。")
            continue
        held = 0
        if element.tag == SHARED:
            strings.append(_item_text(element))
        element.getparent().remove(element)  # items and anything else: read, then cut
    return strings


def _item_text(item) -> str:
    """The text of a string item (<si>, or a cell's <is>): its <t>, or its runs' <t>s.
    Phonetic runs (<rPh>) are not part of the text."""
    if len(item) == 1 and item[0].tag == TEXT:  # by far the most common: one plain <t>
        return item[0].text or ""
    parts = [child.text or "" for child in item if child.tag == TEXT]
    parts += [text.text or "" for run in item if run.tag == RUN for text in run if text.tag == TEXT]
    return "".join(parts)


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles (cellXfs) whose number format shows a date."""
    if "xl/styles.xml" not in archive.NameToInfo:
        return set()
    custom, formats, in_cell_styles = {}, [], False
    for event, element in _parse_small(archive, "xl/styles.xml", events=("start", "end")):
        if element.tag == MAIN + "cellXfs":
            in_cell_styles = event == "start"
        elif event == "end" and element.tag == MAIN + "numFmt":
            custom[int(element.get("numFmtId", -1))] = element.get("formatCode", "")
        elif event == "end" and element.tag == MAIN + "xf" and in_cell_styles:
            formats.append(int(element.get("numFmtId", 0)))
    dates = set()
    for index, format_id in enumerate(formats):
        code = custom.get(format_id, BUILTIN_FORMATS.get(format_id, ""))
        if format_id in CHINESE_DATE_FORMATS or (code and is_date_format(code)):
            dates.add(index)
    return dates


def read_first_sheet(archive: zipfile.ZipFile, max_columns: int) -> Iterator[tuple[int, list]]:
    """(row number, values) for each row element of the first sheet, in order. Values are
    str, float, bool, datetime or None, placed in their own columns (a cell's r="C5"),
    up to `max_columns`. Row numbers come from the file or, where it gives none, follow on."""
    sheet, date1904 = _first_sheet(archive)
    strings = _shared_strings(archive)
    dates = _date_styles(archive)
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    # lxml reports only finished rows; after each chunk fed, everything finished is cut from
    # the tree, rows and whatever else a file puts there. The root is found from the first
    # row; what comes before it in a real sheet (columns, views) is a few KB.
    parser = etree.XMLPullParser(events=("end",), tag=ROW, resolve_entities=False, no_network=True)
    root, last, before_first_row = None, 0, 0
    with archive.open(sheet) as part:
        while chunk := part.read(CHUNK):
            parser.feed(chunk)
            if root is None:
                before_first_row += len(chunk)
                if before_first_row > MAX_BEFORE_FIRST_ROW:
                    raise Unreadable("Excel 文件的工作表在第一行之前有异常庞大的内容，可能是异常文件，已拒绝。")
            for _, element in parser.read_events():
                if root is None:
                    root = element.getroottree().getroot()
                number = int(element.get("r") or last + 1)
                if number <= last:
                    raise Unreadable(f"Excel 文件的行号顺序有误（第 {number} 行出现在第 {last} 行之后），文件可能已损坏。")
                last = number
                yield number, _row_values(element, strings, dates, epoch, max_columns)
            if root is not None:
                _cut_what_was_read(root)
    parser.close()


def _cut_what_was_read(root) -> None:
    """Along the path from the root to where parsing stands, every finished child is cut;
    an open row keeps its cells until it ends, but may only hold what a row can."""
    element = root
    while len(element):
        if element.tag == ROW:
            if sum(1 for _ in element.iter()) > MAX_ROW_ELEMENTS:
                raise Unreadable("Excel 文件中某一行的内容异常庞大，可能是异常文件，已拒绝。")
            return
        del element[:-1]
        element = element[-1]


def _row_values(row, strings: list[str], dates: set[int], epoch, max_columns: int) -> list:
    # The hot loop of every .xlsx import: plain attribute and child access (lxml's ElementPath
    # lookups cost ten times more).
    values: list = []
    for cell in row:
        if cell.tag != CELL:
            continue
        attributes = cell.attrib
        reference = attributes.get("r")
        if reference:
            column = COLUMNS.get(reference.rstrip("0123456789"))
            if column is None:
                raise Unreadable(f"Excel 文件中单元格编号「{reference[:20]}」无法识别，文件可能已损坏。")
        else:
            column = len(values) + 1
        if column > max_columns:
            continue
        if column <= len(values):
            raise Unreadable(f"Excel 文件中单元格 {reference} 重复或顺序有误，文件可能已损坏。")
        if column > len(values) + 1:
            values.extend([None] * (column - 1 - len(values)))
        values.append(_cell_value(cell, attributes, strings, dates, epoch))
    return values


def _cell_value(cell, attributes, strings: list[str], dates: set[int], epoch):
    kind = attributes.get("t", "n")
    part = cell[-1] if len(cell) else None  # <v> (after any <f>) or <is>
    if part is not None and part.tag not in (VALUE, INLINE):
        part = cell.find(VALUE) if kind != "inlineStr" else cell.find(INLINE)
    if kind == "inlineStr":
        return _item_text(part) if part is not None and part.tag == INLINE else ""
    raw = part.text if part is not None and part.tag == VALUE else None
    if raw is None:
        return None
    try:
        if kind == "s":
            return strings[int(raw)]
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":  # an ISO 8601 date, as some tools write them
            try:
                return datetime.datetime.fromisoformat(raw.strip().rstrip("Z"))
            except ValueError:
                return raw
        if kind in ("str", "e"):
            return raw  # a formula's text result, an error (#N/A)
        number = float(raw)
        is_date = int(attributes.get("s") or 0) in dates
    except (ValueError, IndexError) as error:
        raise Unreadable(f"Excel 文件中单元格 {attributes.get('r', '')} 的值「{raw[:20]}」无法读取，文件可能已损坏。") from error
    if is_date and 0 <= number < 2_958_466:  # up to 9999-12-31
        value = from_excel(number, epoch)
        if isinstance(value, datetime.datetime):
            return value
    return number  # (tabular writes an integral one without ".0")
