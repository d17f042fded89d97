"""Reading files safely (contracts.md, "Files")."""

import time
import tracemalloc
import zipfile

import openpyxl
import pytest

from jiaogongti.tabular import FileRejected, read_rows


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


def test_a_zip_bomb_is_refused_quickly_with_little_memory(tmp_path):
    path = zip_bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 5 * 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(FileRejected) as rejected:
        read_rows(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "解压后过大" in str(rejected.value)
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
