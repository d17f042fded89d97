"""The one workbook writer: styles, numbers and formula-proof text."""

import datetime
import tempfile
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jiaogongti.exporting import Sheet, Styled, header, title, write_workbook


class Payments(Sheet):
    name = "付款"
    column_widths = (20, 12, 12, 10)

    def rows(self):
        yield title("2022学年付款")
        yield header("学校", "金额（元）", "补发（元）", "比例")
        yield ["甲校", Styled(12_000, "#,##0"), Styled(Decimal("3500.50"), "#,##0"), Styled(0.125, "0.0%")]
        yield ["=SUM(A1:A9)", Styled(8_000, "#,##0"), None, Styled(0.5, "0.0%")]


def test_cells_sharing_a_style_in_one_row_keep_their_own_values(tmp_path):
    path = tmp_path / "payments.xlsx"
    write_workbook([Payments()], path)
    sheet = load_workbook(path)["付款"]
    assert [cell.value for cell in sheet[3]] == ["甲校", 12_000, 3500.5, 0.125]
    assert [cell.number_format for cell in sheet[3]][1:] == ["#,##0", "#,##0", "0.0%"]
    assert [cell.value for cell in sheet[4]] == ["'=SUM(A1:A9)", 8_000, None, 0.5]


def test_titles_and_headers_are_bold_and_data_is_not(tmp_path):
    path = tmp_path / "payments.xlsx"
    write_workbook([Payments()], path)
    sheet = load_workbook(path)["付款"]
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 12
    assert all(cell.font.b for cell in sheet[2]) and sheet["B2"].fill.fgColor.rgb.endswith("DDEBF7")
    assert not any(cell.font.b for cell in sheet[3])
    # XlsxWriter stores Excel's own width, which adds the cell's padding to the width asked for.
    assert sheet.freeze_panes == "A2" and 20 <= sheet.column_dimensions["A"].width < 21


class Broken(Sheet):
    name = "坏表"

    def rows(self):
        yield header("学校")
        raise RuntimeError("a query failed half-way")


def test_a_sheet_that_fails_half_way_leaves_no_workbook_and_no_scratch_files(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = tmp_path / "report.xlsx"
    with pytest.raises(RuntimeError):
        write_workbook([Payments(), Broken()], path)
    assert list(tmp_path.iterdir()) == []


def test_dates_are_date_cells_and_times_are_the_bureaus_local_time(tmp_path, settings):
    settings.TIME_ZONE = "Asia/Shanghai"

    class Terms(Sheet):
        name = "任期"

        def rows(self):
            yield header("开始", "审批时间")
            yield [datetime.date(2022, 9, 1), datetime.datetime(2022, 9, 1, 1, 30, tzinfo=datetime.UTC)]

    path = tmp_path / "terms.xlsx"
    write_workbook([Terms()], path)
    day, approved = load_workbook(path)["任期"][2]
    assert day.is_date and day.value == datetime.datetime(2022, 9, 1) and day.number_format == "yyyy-mm-dd"
    assert approved.value == datetime.datetime(2022, 9, 1, 9, 30) and approved.number_format == "yyyy-mm-dd hh:mm"


def test_an_empty_text_is_an_empty_cell(tmp_path):
    class Roster(Sheet):
        name = "名单"

        def rows(self):
            yield ["甲校", "", None]

    path = tmp_path / "roster.xlsx"
    write_workbook([Roster()], path)
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet_xml.count("<c ") == 1  # Excel counts an empty text cell as filled (COUNTA, Ctrl+arrow)


def test_a_cell_excel_cannot_hold_stops_the_export_rather_than_vanish(tmp_path):
    class Notes(Sheet):
        name = "说明"

        def rows(self):
            yield ["长" * 40_000]

    path = tmp_path / "notes.xlsx"
    with pytest.raises(ValueError, match="row 1, column 1"):
        write_workbook([Notes()], path)
    assert not path.exists()


def test_sheets_print_on_a4_one_page_wide_with_the_header_on_every_page(tmp_path):
    class Wide(Sheet):
        name = "宽表"
        column_widths = (40, 30, 30)

        def rows(self):
            yield header("学校", "学区", "说明")
            yield ["甲校", "高楼", "—"]

    path = tmp_path / "print.xlsx"
    write_workbook([Payments(), Wide()], path)
    book = load_workbook(path)
    for sheet in book:
        # fitToWidth left out means 1, the format's default.
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    assert book["宽表"].page_setup.orientation == "landscape" and book["付款"].page_setup.orientation != "landscape"


def test_a_sheet_with_headers_only_says_it_has_no_data(tmp_path):
    class Empty(Sheet):
        name = "奖励"

        def rows(self):
            yield header("学校", "金额（元）")

    path = tmp_path / "empty.xlsx"
    write_workbook([Empty()], path)
    assert [cell.value for cell in load_workbook(path)["奖励"]["A"]] == ["学校", "（暂无数据）"]
