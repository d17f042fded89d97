"""Assessing a community in a real browser (Playwright, Debian's Chromium): a 协作型 core
school applies for 项目评估, the bureau scores it, the 考核 reflects it, the report shows it.
The 学年 is the current one, in progress: figures so far, 尚无 where nothing is on record
yet, and no grade or confirmation until it ends."""

import io

import openpyxl
from PIL import Image

from conftest import BROWSER_TEST, log_in, make_community, make_school
from jiaogongti.school_year import current_school_year
from schools.accounts import account_upsert

pytestmark = BROWSER_TEST
PASSWORD = "a-long-Password-2021"


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def test_apply_score_assess_report(live_server, browser, tmp_path):
    year = current_school_year()
    core = make_school("瑞安市安阳实验中学", district="直属")
    member = make_school("瑞安市飞云中学", district="飞云")
    community = make_community(core, [member], year=year, type="cooperative").community
    account_upsert(username="core", password=PASSWORD, role="school_head", school_name=core.name)
    account_upsert(username="clerk", password=PASSWORD, role="bureau")

    head = browser.new_context().new_page()
    log_in(head, live_server.url, "core", PASSWORD)
    head.goto(f"{live_server.url}/portal/communities/{community.pk}/")
    head.click("text=＋ 申报项目评估")
    head.fill("#id_title", "城乡同步课堂提质项目")
    head.fill("#id_goals", "成员校每周三节同步课堂，课后研讨全覆盖")
    head.fill("#id_period_start", f"{year}-09-01")
    head.fill("#id_period_end", f"{year + 1}-06-30")
    head.check(f"input[name=members][value='{member.pk}']")
    head.fill("#id_evidence", "成员校开课率 95%，青年教师 6 人获奖")
    head.set_input_files("#id_documents", files=[{"name": "课堂照片.jpg", "mimeType": "image/jpeg", "buffer": photo()}])
    head.click("button:has-text('提交申报')")
    assert "项目评估已申报" in head.locator(".messages").inner_text()

    clerk = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True).new_page()
    log_in(clerk, live_server.url, "clerk", PASSWORD)
    clerk.goto(f"{live_server.url}/admin/assessment/projectreview/")
    clerk.click("#result_list tbody a:text-is('评审')")
    clerk.fill("#id_score", "95")
    clerk.fill("#id_comments", "成效明显，建议推广")
    clerk.click("button:has-text('保存评审结果')")
    assert "评审结果已保存" in clerk.locator(".messages").inner_text()
    assert "95.0 分，优秀" in clerk.content()

    clerk.goto(f"{live_server.url}/admin/assessment/assessmentresult/year/?year={year}")
    row = clerk.locator("#result_list tbody tr").first.inner_text()
    assert community.code in row and "95.0" in row  # the 项目评估 column
    assert "尚无" in row and "学年结束后评定" in row and "截至今日" in row
    assert "学年正在进行" in clerk.locator("#in-progress").inner_text()
    assert clerk.locator("button:has-text('确认本学年考核结果')").count() == 0

    head.goto(f"{live_server.url}/portal/communities/{community.pk}/")
    shown = head.locator("#assessment").inner_text()
    assert "项目评估 95.0" in shown and "学年结束后评定" in shown and "不合格" not in shown

    clerk.goto(f"{live_server.url}/dashboard/?year={year}")
    clerk.click("#download-report")
    with clerk.expect_download() as download_info:
        clerk.click(f"text=下载 {year}学年教共体年度报表.xlsx")
    path = tmp_path / "report.xlsx"
    download_info.value.save_as(path)
    rows = list(openpyxl.load_workbook(path)["教共体考核"].iter_rows(values_only=True))
    line = next(r for r in rows[1:] if r[0] == core.name)
    assert line[rows[0].index("项目评估")] == 95 and line[rows[0].index("等级")] is None
    assert line[-1].startswith("学年进行中")
