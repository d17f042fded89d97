"""Closing a 学年 (contracts.md, `close_year`): each rule by name."""

import datetime

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from evaluation.models import SchoolResult
from reports.closing import CHANGES_SHEET, closed_dashboard, closure_in_force, dashboard_changes
from reports.dashboard import dashboard
from reports.models import YearClosure
from reports.tests.test_past_years import cells, figures
from teachers.departures import record_departure

pytestmark = pytest.mark.django_db
D = datetime.date


def sheet_rows(path, name):
    return list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))


def test_a_closed_years_report_is_the_kept_one_with_an_empty_changes_sheet(tmp_path, county_2022):
    before = cells(tmp_path, 2022)
    call_command("close_year", "--year", "2022")
    after = cells(tmp_path, 2022)
    assert {key: value for key, value in after.items() if key[0] != CHANGES_SHEET} == before
    assert [key for key in after if key[0] == CHANGES_SHEET] == [(CHANGES_SHEET, 1, column) for column in range(1, 6)]
    assert sheet_rows(tmp_path / "report-2022.xlsx", CHANGES_SHEET) == [("工作表", "行", "列", "归档值", "当前值")]


def test_a_correction_after_closing_changes_no_kept_figure_and_is_listed(tmp_path, county_2022):
    core, gaolou, other, staff = county_2022
    call_command("close_year", "--year", "2022")
    kept = cells(tmp_path, 2022)
    # A correction of 2022: a teacher's departure typed late, dated inside the 学年.
    record_departure(staff[5], D(2022, 12, 31), "resigned")
    now = cells(tmp_path, 2022)
    assert {key: value for key, value in now.items() if key[0] != CHANGES_SHEET} == {
        key: value for key, value in kept.items() if key[0] != CHANGES_SHEET
    }
    changes = sheet_rows(tmp_path / "report-2022.xlsx", CHANGES_SHEET)[1:]
    assert ("特岗津贴", 2, "D", 11, 11) not in changes  # 教师人数: still counted in the months before
    assert ("特岗津贴", 2, "E", 11 * 12 * 800, (11 * 12 - 8) * 800) in changes  # 金额: eight months fewer


def test_closing_a_closed_year_again_changes_nothing(tmp_path, county_2022, capsys):
    call_command("close_year", "--year", "2022")
    closure = closure_in_force(2022)
    call_command("close_year", "--year", "2022")
    assert "本次未作改动" in capsys.readouterr().out
    assert YearClosure.objects.get() == closure and closure.sheets.count() == 10


def test_reopening_needs_a_reason_is_kept_and_closing_again_keeps_that_days_figures(tmp_path, county_2022):
    core, gaolou, other, staff = county_2022
    call_command("close_year", "--year", "2022")
    with pytest.raises(CommandError, match="必须填写理由"):
        call_command("close_year", "--year", "2022", "--reopen")
    call_command("close_year", "--year", "2022", "--reopen", "--reason", "补录2022学年离岗")
    assert closure_in_force(2022) is None
    record_departure(staff[5], D(2022, 12, 31), "resigned")
    call_command("close_year", "--year", "2022")
    reopened, closed = YearClosure.objects.order_by("closed_at")
    assert (reopened.reopen_reason, closed.reopened_at) == ("补录2022学年离岗", None)
    assert cells(tmp_path, 2022)[("特岗津贴", 2, 5)] == (11 * 12 - 8) * 800
    assert sheet_rows(tmp_path / "report-2022.xlsx", CHANGES_SHEET) == [("工作表", "行", "列", "归档值", "当前值")]


def test_a_year_in_progress_cannot_be_closed(county_2022):
    with pytest.raises(CommandError, match="尚未结束，不能归档"):
        call_command("close_year", "--year", str(datetime.date.today().year + 1))
    assert not YearClosure.objects.exists()


def test_a_closed_years_dashboard_is_the_kept_one_and_says_what_changed(county_2022):
    core, gaolou, other, staff = county_2022
    then = figures(2022)
    call_command("close_year", "--year", "2022")
    SchoolResult.objects.create(school=gaolou, school_year=2022, stage="primary", z_value=60.0, graduating_classes=2)
    closure = closure_in_force(2022)
    board = closed_dashboard(closure)
    assert len(board.districts) == len(then["districts"]) and board.county.allowance == then["county"]["allowance"]
    changes = dashboard_changes(closure, dashboard(2022))
    assert ("全市", "有成绩的成员校", 0, 1) in changes


def test_the_bureau_closes_and_reopens_a_year_in_the_admin_and_the_dashboard_says_so(bureau_client, county_2022):
    core, gaolou, other, staff = county_2022
    url = reverse("admin:reports_yearclosure_close")
    assert bureau_client.get(url).status_code == 200
    refused = bureau_client.post(url, {"year": 2022, "reason": "", "reopen": "1"}).content.decode()
    assert "没有归档，无需重新开放" in refused
    bureau_client.post(url, {"year": 2022, "close": "1"})
    assert closure_in_force(2022) is not None
    board = bureau_client.get(reverse("reports:dashboard"), {"year": 2022}).content.decode()
    assert 'id="closed-year"' in board and "归档后没有数据变化" in board
    record_departure(staff[5], D(2022, 12, 31), "resigned")
    board = bureau_client.get(reverse("reports:dashboard"), {"year": 2022}).content.decode()
    assert 'id="closed-changes-link"' in board
    changes = bureau_client.get(reverse("reports:closed_changes"), {"year": 2022}).content.decode()
    assert "特岗津贴（元）" in changes
    assert "必须填写理由" in bureau_client.post(url, {"year": 2022, "reason": " ", "reopen": "1"}).content.decode()
    bureau_client.post(url, {"year": 2022, "reason": "补录离岗", "reopen": "1"})
    assert closure_in_force(2022) is None
    assert "补录离岗" in bureau_client.get(reverse("admin:reports_yearclosure_changelist")).content.decode()


def test_a_row_added_after_closing_is_listed_alone_not_every_row_after_it():
    from reports.closing import _matched

    kept = [["学校", "人数"], ["甲校", 10], ["丙校", 30]]
    now = [["学校", "人数"], ["乙校", 20], ["甲校", 10], ["丙校", 31]]
    pairs = list(_matched(kept, now))
    assert pairs == [
        (1, ["学校", "人数"], ["学校", "人数"]),
        (2, ["甲校", 10], ["甲校", 10]),
        (3, ["丙校", 30], ["丙校", 31]),
        (2, [], ["乙校", 20]),
    ]
