"""Reading files safely (contracts.md, "Files")."""

import itertools
import subprocess
import time
import tracemalloc
import zipfile
from collections.abc import Iterator

import openpyxl
import pytest

from jiaogongti import tabular, xlsx_process
from jiaogongti.tabular import FileRejected, iter_rows, read_rows


@pytest.fixture(autouse=True)
def read_here(monkeypatch):
    """Every workbook read in this process, however big (tracemalloc sees the reader's
    memory), but where a test asks to read it apart (the `read_apart` fixture, conftest)."""
    monkeypatch.setattr(tabular, "READ_APART_FROM_BYTES", float("inf"))


def zip_bomb(path, unpacked_mb=600):
    """A small .xlsx-looking zip whose one part inflates to `unpacked_mb` of zeros."""
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for _ in range(unpacked_mb):
                part.write(chunk)
    return path


def refused_with_time_and_memory(path) -> tuple[str, float, int]:
    """Read a file that must be refused: the message, the seconds and the peak bytes it took."""
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(FileRejected) as rejected:
        read_rows(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return str(rejected.value), elapsed, peak


def test_a_zip_bomb_is_refused_quickly_with_little_memory(tmp_path):
    path = zip_bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 5 * 1024 * 1024
    message, elapsed, peak = refused_with_time_and_memory(path)
    assert "解压后过大" in message
    assert elapsed < 1.0
    assert peak < 5 * 1024 * 1024


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path, settings):
    settings.JGT_MAX_UPLOAD_BYTES = 1000
    path = tmp_path / "big.csv"
    path.write_text("学校,学区\n" + "瑞安市阁巷小学,飞云\n" * 200, encoding="utf-8")
    with pytest.raises(FileRejected) as rejected:
        read_rows(path)
    assert "文件太大" in str(rejected.value)


def test_too_many_rows_are_refused(tmp_path, settings):
    settings.JGT_MAX_DATA_ROWS = 100
    path = tmp_path / "many.csv"
    path.write_text("学校,学区\n" + "瑞安市阁巷小学,飞云\n" * 200, encoding="utf-8")
    with pytest.raises(FileRejected) as rejected:
        read_rows(path)
    assert "行数超过上限" in str(rejected.value)


def test_numbers_and_dates_from_excel_become_plain_text(tmp_path):
    import datetime

    workbook = openpyxl.Workbook()
    workbook.active.append([202100012345, 12.0, 12.5, datetime.datetime(2021, 9, 1), None, " x ", None])
    path = tmp_path / "v.xlsx"
    workbook.save(path)
    assert read_rows(path)[0].cells == ("202100012345", "12", "12.5", "2021-09-01", "", "x")


def test_an_id_that_excel_already_rounded_is_not_passed_off_as_digits(tmp_path):
    # Excel keeps 15 significant digits: an 18-digit ID typed as a number is already
    # wrong in the file. It must not come out looking like a valid ID.
    workbook = openpyxl.Workbook()
    workbook.active.append([330381199001011234.0])
    path = tmp_path / "id.xlsx"
    workbook.save(path)
    assert not read_rows(path)[0].cells[0].isdigit()


def test_gbk_csv_is_detected(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("学校,学区\n瑞安市阁巷小学,飞云\n".encode("gbk"))
    assert read_rows(path)[1].cells == ("瑞安市阁巷小学", "飞云")


def test_a_missing_file_is_reported_in_chinese(tmp_path):
    with pytest.raises(FileRejected) as rejected:
        read_rows(tmp_path / "nope.csv")
    assert "找不到文件" in str(rejected.value)


# --- What a file says about itself is not trusted (issue: data the bureau can trust) ---------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def inline_row(number: int | None, values) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values)
    return f'<row r="{number}">{cells}</row>' if number else f"<row>{cells}</row>"


def crafted_sheet(path, body: str | Iterator[str]):
    """An .xlsx whose sheet part is `body` inside <worksheet>, written by hand."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for piece in [body] if isinstance(body, str) else body:
                part.write(piece.encode())
            part.write(b"</worksheet>")
    return path


def crafted_xlsx(path, sheet_rows, *, dimension: str | None = None):
    """An .xlsx written by hand, as other tools write them: `sheet_rows` are <row> elements
    (strings, or an iterable of them streamed into the part)."""
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    return crafted_sheet(path, itertools.chain([head, "<sheetData>"], sheet_rows, ["</sheetData>"]))


def test_every_row_is_read_whatever_the_sheet_dimension_says(tmp_path):
    rows = [inline_row(1, ["学校", "学区"])] + [inline_row(n, [f"学校{n}", "飞云"]) for n in range(2, 12)]
    path = crafted_xlsx(tmp_path / "dimension.xlsx", rows, dimension="A1:B3")
    assert [row.cells[0] for row in read_rows(path)] == ["学校", *[f"学校{n}" for n in range(2, 12)]]


def test_blank_rows_count_toward_the_row_cap(tmp_path, settings):
    settings.JGT_MAX_DATA_ROWS = 1_000
    csv_path = tmp_path / "blank.csv"
    csv_path.write_text("学校,学区\n" + "\n" * 5_000 + "瑞安市阁巷小学,飞云\n", encoding="utf-8")
    xlsx_path = crafted_xlsx(tmp_path / "blank.xlsx", [inline_row(1, ["学校", "学区"]), *["<row/>"] * 5_000])
    for path in (csv_path, xlsx_path):
        with pytest.raises(FileRejected) as rejected:
            read_rows(path)
        assert "行数超过上限" in str(rejected.value)


def test_millions_of_empty_rows_are_refused_quickly_with_little_memory(tmp_path, settings):
    # 3 million <row/> elements: 18 MB unpacked, well under the unpacked cap, and far past
    # the row cap (lowered here to keep the test short). Reading stops at the cap.
    settings.JGT_MAX_DATA_ROWS = 50_000
    path = crafted_xlsx(
        tmp_path / "empty-rows.xlsx", itertools.chain([inline_row(1, ["学校"])], itertools.repeat("<row/>", 3_000_000))
    )
    message, elapsed, peak = refused_with_time_and_memory(path)
    assert "行数超过上限" in message
    assert elapsed < 10
    assert peak < 20 * 1024 * 1024


def test_one_row_numbered_in_the_millions_is_refused_at_the_cap(tmp_path):
    path = crafted_xlsx(tmp_path / "far.xlsx", [inline_row(1, ["学校"]), inline_row(5_000_000, ["瑞安市阁巷小学"])])
    started = time.perf_counter()
    with pytest.raises(FileRejected) as rejected:
        read_rows(path)
    assert "行数超过上限" in str(rejected.value)
    assert time.perf_counter() - started < 10


def test_rows_are_streamed_not_read_whole(tmp_path):
    path = tmp_path / "stream.csv"
    path.write_text("学校,学区\n" + "瑞安市阁巷小学,飞云\n" * 100_000, encoding="utf-8")
    rows = iter_rows(path)
    tracemalloc.start()
    count = sum(1 for _ in rows)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 100_001
    assert peak < 5 * 1024 * 1024


@pytest.mark.parametrize(
    "junk",
    [
        itertools.repeat("<sheetData/>", 300_000),  # the container itself, over and over
        itertools.chain(["<mergeCells>"], itertools.repeat("<x/>", 1_000_000), ["</mergeCells>"]),  # after the rows
    ],
    ids=["repeated-sheetData", "huge-element-after-the-rows"],
)
def test_stray_elements_are_cut_as_they_are_read(tmp_path, junk):
    rows = f"<sheetData>{inline_row(1, ['学校'])}{inline_row(2, ['瑞安市阁巷小学'])}</sheetData>"
    path = crafted_sheet(tmp_path / "junk.xlsx", itertools.chain([rows], junk))
    tracemalloc.start()
    started = time.perf_counter()
    cells = [row.cells for row in read_rows(path)]
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert cells == [("学校",), ("瑞安市阁巷小学",)]
    assert elapsed < 20 and peak < 30 * 1024 * 1024


def test_a_huge_element_before_the_first_row_is_refused_with_little_memory(tmp_path):
    junk = itertools.chain(["<sheetViews>"], itertools.repeat("<x/>", 2_000_000), ["</sheetViews>"])
    rows = f"<sheetData>{inline_row(1, ['学校'])}</sheetData>"
    path = crafted_sheet(tmp_path / "junk-first.xlsx", itertools.chain(junk, [rows]))
    message, _, peak = refused_with_time_and_memory(path)
    assert "第一行之前有异常庞大的内容" in message
    assert peak < 60 * 1024 * 1024


def test_a_row_holding_more_than_a_row_can_is_refused(tmp_path):
    cells = "".join(itertools.repeat("<c><v>1</v></c>", 60_000))
    path = crafted_sheet(tmp_path / "wide.xlsx", f'<sheetData><row r="1">{cells}</row></sheetData>')
    message, _, peak = refused_with_time_and_memory(path)
    assert "异常庞大" in message


def test_cells_land_in_their_own_columns_and_dates_come_from_their_format(tmp_path):
    import datetime

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["C1"] = "工号", "入职日期"
    sheet["A2"], sheet["C2"] = "T1", datetime.date(2015, 9, 1)
    sheet["C2"].number_format = 'yyyy"年"m"月"d"日"'
    sheet["B3"] = True
    path = tmp_path / "columns.xlsx"
    workbook.save(path)
    assert [row.cells for row in read_rows(path)] == [("工号", "", "入职日期"), ("T1", "", "2015-09-01"), ("", "是")]


def test_a_nul_byte_past_the_first_64_kb_is_refused_with_its_row_number(tmp_path):
    path = tmp_path / "late_nul.csv"
    rows = ["学校,学区"] + [f"瑞安市第{n}小学,塘下" for n in range(5_000)]
    rows.insert(4_000, "JGT0002\x00坏,塘下")
    path.write_text("\n".join(rows), encoding="utf-8")
    assert path.stat().st_size > 65536
    with pytest.raises(FileRejected, match="第 4001 行含有空字符"):
        read_rows(path)


def test_a_line_longer_than_any_row_is_refused_before_it_is_built(tmp_path):
    path = tmp_path / "one_line.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("学校")
        for _ in range(1_000):
            handle.write(",ab" * 16_000)  # 48 MB of one line, as a hostile file had
    message, seconds, peak = refused_with_time_and_memory(path)
    assert "第 1 行过长" in message
    assert peak < 20 * 1024 * 1024 and seconds < 5


def test_a_nul_is_told_by_the_row_it_is_in_when_a_cell_above_spans_lines(tmp_path):
    path = tmp_path / "multiline.csv"
    path.write_text('学校,说明\n甲校,"第一行\n第二行"\n乙\x00校,x\n', encoding="utf-8")
    with pytest.raises(FileRejected, match="第 3 行含有空字符"):
        read_rows(path)


# --- a big workbook, read in a process of its own (`xlsx_process`) ---------------------


def mixed_workbook(path):
    """A workbook as Excel saves one: shared strings, numbers, a date, a boolean, gaps."""
    import datetime

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["工号", "姓名", "入职日期", "人数", "在编"])
    for n in range(1, 1_200):
        sheet.append([f"T{n:05d}", f"教师{n}", datetime.date(2000 + n % 20, 9, 1), n * 2, n % 2 == 0])
    sheet["B600"] = None
    sheet["E700"] = "  带空格的文字  "
    sheet["C2"].number_format = 'yyyy"年"m"月"d"日"'
    workbook.save(path)
    return path


def test_a_workbook_read_apart_gives_the_rows_it_gives_read_here(tmp_path, read_apart):
    path = mixed_workbook(tmp_path / "mixed.xlsx")
    apart = read_rows(path)
    assert len(read_apart) == 1
    with path.open("rb") as stream:  # a stream, not a file on disk: read here
        here = read_rows(stream, "mixed.xlsx")
    assert len(read_apart) == 1
    assert apart == here
    assert len(apart) == 1_200 and apart[1].cells == ("T00001", "教师1", "2001-09-01", "2", "否")
    assert apart[599].cells == ("T00599", "", "2019-09-01", "1198", "否")


def test_a_workbook_named_from_another_folder_is_read_apart(tmp_path, read_apart, monkeypatch):
    mixed_workbook(tmp_path / "mixed.xlsx")
    monkeypatch.chdir(tmp_path)  # as `manage.py import_teachers mixed.xlsx` run from the file's folder
    assert len(read_rows("mixed.xlsx")) == 1_200 and read_apart


@pytest.mark.parametrize(
    "hostile, message",
    [
        ("zip_bomb", "解压后过大"),
        ("not_a_zip", "不是有效的 Excel"),
        ("broken_xml", "无法读取，可能已损坏"),
        ("far_row", "行数超过上限"),
        ("wide_row", "异常庞大"),
    ],
)
def test_a_hostile_workbook_read_apart_is_refused_with_the_same_message(tmp_path, read_apart, hostile, message):
    path = tmp_path / f"{hostile}.xlsx"
    if hostile == "zip_bomb":
        zip_bomb(path)
    elif hostile == "not_a_zip":
        path.write_bytes(b"%PDF-1.4 not a workbook" * 100)
    elif hostile == "broken_xml":
        crafted_sheet(path, f"<sheetData>{inline_row(1, ['学校'])}<row r='2'><c><v>1</v></row></sheetData>")
    elif hostile == "far_row":
        crafted_xlsx(path, [inline_row(1, ["学校"]), inline_row(5_000_000, ["瑞安市阁巷小学"])])
    else:
        crafted_sheet(path, f'<sheetData><row r="1">{"<c><v>1</v></c>" * 60_000}</row></sheetData>')
    with pytest.raises(FileRejected, match=message):
        read_rows(path)
    assert read_apart


def test_the_unpacked_cap_reaches_the_child(tmp_path, read_apart, settings):
    path = mixed_workbook(tmp_path / "mixed.xlsx")
    settings.JGT_MAX_UNPACKED_BYTES = 10_000
    with pytest.raises(FileRejected, match="解压后过大"):
        read_rows(path)


def test_stopping_early_stops_the_child(tmp_path, monkeypatch):
    path = crafted_xlsx(tmp_path / "long.xlsx", (inline_row(n, [f"学校{n}", "飞云"]) for n in range(1, 200_000)))
    children = []
    popen = subprocess.Popen
    monkeypatch.setattr(xlsx_process.subprocess, "Popen", lambda *a, **k: children.append(popen(*a, **k)) or children[-1])
    rows = xlsx_process.rows_in_child(path, 40, 500 * 1024 * 1024)
    assert next(rows) == (1, ["学校1", "飞云"])
    rows.close()  # as when an import fails on its first chunk
    assert children[0].returncode is not None


def test_a_child_that_dies_is_an_error_of_ours_not_a_refusal_of_the_file(tmp_path, read_apart, monkeypatch):
    path = crafted_xlsx(tmp_path / "long.xlsx", (inline_row(n, [f"学校{n}", "飞云"]) for n in range(1, 200_000)))
    popen = subprocess.Popen

    def killed_at_once(*args, **kwargs):
        child = popen(*args, **kwargs)
        child.kill()
        return child

    monkeypatch.setattr(xlsx_process.subprocess, "Popen", killed_at_once)
    with pytest.raises(xlsx_process.ReaderDied, match="status -9"):
        read_rows(path)
