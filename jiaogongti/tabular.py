"""Reading an uploaded .xlsx or .csv into rows of strings, safely.

Every importer starts here. The limits (contracts.md, "Files") are checked before any
parsing: the file's size, the unpacked size an .xlsx declares (so a zip bomb is refused
without being inflated), and the number of rows, blank ones included, while reading.
Rows are streamed: memory does not grow with what the file claims or with blank rows
(.xlsx: `xlsx.py`, which says why it is not openpyxl's reader).
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

# Nothing we import has more columns than this; a sheet claiming 16,384 columns is not
# read cell by cell.
MAX_COLUMNS = 40
# No row of ours comes near this many characters (40 columns of long text); a longer line
# is refused before it is split into cells.
MAX_LINE_CHARS = 64 * 1024
# A workbook this big (its packed size) is read in a process of its own, beside the import
# (`xlsx_process`), when it comes as a file on disk (the command's, or a job's upload).
# Measured with import_teachers on SQLite, in turns: 8,000 rows (230 KB) took as long
# either way; 35,000 rows (1 MB) took 3.5–3.8 s apart against 4.1–4.6 s here.
READ_APART_FROM_BYTES = 1024 * 1024


class FileRejected(Exception):
    """The file cannot be read at all; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class Row:
    number: int  # 1-based, as a spreadsheet shows it
    cells: tuple[str, ...]

    def is_blank(self) -> bool:
        return not any(self.cells)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def read_rows(source: BinaryIO | str | Path, filename: str | None = None) -> list[Row]:
    """All the rows of `iter_rows`, for small files and tests."""
    return list(iter_rows(source, filename))


def iter_rows(source: BinaryIO | str | Path, filename: str | None = None) -> Iterator[Row]:
    """The non-blank rows of the file's first sheet (or the CSV), as trimmed strings with
    their row numbers, read as a stream: nothing the file says about itself (its declared
    dimensions, its row numbers) decides how much is read or kept in memory."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        if not path.exists():
            raise FileRejected(f"找不到文件：{path}")
        with path.open("rb") as handle:
            yield from _iter_rows(handle, filename, path)
        return
    yield from _iter_rows(source, filename, None)


def _iter_rows(source: BinaryIO, filename: str | None, path: Path | None) -> Iterator[Row]:
    filename = filename or getattr(source, "name", "") or ""
    suffix = Path(filename).suffix.lower()
    size = _size_of(source)
    if size == 0:
        raise FileRejected("文件是空的。")
    if size > settings.JGT_MAX_UPLOAD_BYTES:
        raise FileRejected(f"文件太大（{_megabytes(size)}），上限为 {_megabytes(settings.JGT_MAX_UPLOAD_BYTES)}。")
    if suffix == ".xlsx":
        rows = _read_xlsx(source, path, size)
    elif suffix == ".csv":
        rows = _read_csv(source)
    elif suffix in {".xls", ".et", ".wps"}:
        raise FileRejected("不支持旧版 Excel（.xls）文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再上传。")
    else:
        raise FileRejected("只能导入 .xlsx 或 .csv 文件。")
    yield from _capped(rows)


def _size_of(stream: BinaryIO) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _capped(rows: Iterator[Row]) -> Iterator[Row]:
    """Every row counts toward the cap, blank ones too: a sheet of millions of empty rows
    (or one row numbered 5,000,000) is refused as soon as it passes the cap, not read on."""
    # A header, a title and a few section or blank rows come on top of the data rows.
    limit = settings.JGT_MAX_DATA_ROWS
    for row in rows:
        if row.number > limit + 100:
            raise FileRejected(f"文件行数超过上限（{limit:,} 行数据），请拆分后分批导入。")
        if not row.is_blank():
            yield row


def _trimmed(cells: list[str]) -> tuple[str, ...]:
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _read_xlsx(stream: BinaryIO, path: Path | None, size: int) -> Iterator[Row]:
    from . import xlsx_process

    try:
        if path is not None and size >= READ_APART_FROM_BYTES:
            rows = xlsx_process.rows_in_child(path, MAX_COLUMNS, settings.JGT_MAX_UNPACKED_BYTES)
        else:
            rows = _xlsx_rows_here(stream)
        for number, cells in rows:
            yield Row(number, _trimmed(cells))
    except xlsx_process.Refused as refused:
        raise FileRejected(str(refused)) from refused


def _xlsx_rows_here(stream: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    from . import xlsx, xlsx_process  # imported here: the CSV path and the web start-up do not need it

    try:
        yield from xlsx.text_rows(xlsx.open_workbook(stream, settings.JGT_MAX_UNPACKED_BYTES), MAX_COLUMNS)
    except xlsx.Unreadable as unreadable:
        raise xlsx_process.Refused(str(unreadable)) from unreadable


# How a workbook or another binary file begins: renamed to .csv, it is told as such.
BINARY_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF-")


def _read_csv(stream: BinaryIO) -> Iterator[Row]:
    if stream.read(8).startswith(BINARY_STARTS):
        raise FileRejected("文件不是文本格式的 CSV，可能是改了扩展名的其他文件。")
    text = io.TextIOWrapper(stream, encoding=_encoding_of(stream), newline="")
    reader = csv.reader(_bounded_lines(text))
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            yield Row(number, _trimmed([v.strip() for v in values[:MAX_COLUMNS]]))
    except csv.Error as error:
        raise FileRejected("CSV 文件格式有误（如引号不成对），无法读取。") from error
    except _LineRefused as refused:  # the row being read when the line came: as the rows are numbered
        raise FileRejected(f"第 {number + 1} 行{refused}") from refused
    finally:
        if not stream.closed:
            text.detach()  # the caller owns the stream: leave it open


class _LineRefused(Exception):
    """A line that is no part of a row; the message follows its row's number."""


def _bounded_lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The file's lines, each refused before it is built into a row if it is longer than any
    real row (a 48 MB file of one line would otherwise become millions of cells) or holds a
    NUL character (PostgreSQL cannot store it, SQLite cuts text at it)."""
    while line := text.readline(MAX_LINE_CHARS + 1):
        if len(line) > MAX_LINE_CHARS:
            raise _LineRefused(f"过长（超过 {MAX_LINE_CHARS:,} 个字符），不像是表格的一行，文件未导入。")
        if "\x00" in line:
            raise _LineRefused(
                "含有空字符（NUL，编码为 0 的不可见字符）：文件可能已损坏，或不是文本格式的 CSV"
                "（如改了扩展名的其他文件）。请检查后重新保存为 CSV 或 .xlsx。"
            )
        yield line


def _encoding_of(stream: BinaryIO) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes as it, else GB18030 (which
    would accept most UTF-8 bytes as garbage, so it is tried second). Decoded a chunk at a
    time and thrown away: the rows are read in a second pass."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        stream.seek(0)
        try:
            while chunk := stream.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        stream.seek(0)
        return encoding
    raise FileRejected("无法识别 CSV 文件的编码，请保存为 UTF-8 或 GBK 编码。")
