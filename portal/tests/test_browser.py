"""A real browser (Playwright driving Debian's Chromium): a head files, the bureau approves."""

import datetime

from conftest import BROWSER_TEST, log_in, make_community, make_school
from exchanges.models import Exchange
from schools.accounts import account_upsert
from teachers.models import Teacher

PASSWORD = "a-long-Password-2021"
pytestmark = BROWSER_TEST


def test_head_files_an_exchange_the_bureau_approves_and_the_head_sees_it(live_server, browser):
    core = make_school("瑞安市第二实验小学", district="直属")
    school = make_school("瑞安市塘下镇第二小学")
    make_community(core, [school], year=2021, type="co_built")
    Teacher.objects.create(staff_id="T1", name="张老师", school=school)
    account_upsert(username="head", password=PASSWORD, role="school_head", school_name=school.name)
    account_upsert(username="boss", password=PASSWORD, role="bureau")

    head = browser.new_page()
    log_in(head, live_server.url, "head", PASSWORD)
    head.click("text=申报教师交流")
    head.select_option("#id_teacher", label="张老师（T1）")
    head.select_option("#id_to_school", label="瑞安市第二实验小学")
    head.select_option("#id_kind", "支教")  # 迁编 follows the kind: only 交流轮岗 moves the 编制 by rule
    assert not head.is_checked("#id_establishment_moved")
    head.select_option("#id_kind", "交流轮岗")
    assert head.is_checked("#id_establishment_moved")
    head.fill("#id_start_date", datetime.date.today().replace(month=9, day=1).isoformat())
    head.fill("#id_remark", "成员校缺数学老师")  # the length used shows as it is typed
    assert head.locator("#id_remark + .length-count").inner_text().strip().startswith("已输入 8 / ")
    head.click("text=检查并提交")
    # This 1 September has passed: the 提示 shows before anything is filed, and the head confirms.
    assert "开始日期" in head.locator("#filing-notes").inner_text() and not Exchange.objects.exists()
    head.click("text=确认提交申报")
    assert "交流申报已提交" in head.locator(".messages").inner_text()
    assert head.locator(".exchange-row .status").first.inner_text().startswith("已提交")

    bureau = browser.new_page()
    log_in(bureau, live_server.url, "boss", PASSWORD)
    bureau.goto(f"{live_server.url}/admin/exchanges/exchange/")
    bureau.check("input.action-select")
    bureau.select_option("select[name=action]", "approve")
    bureau.click("button[name=index]")
    assert "已批准 1 条交流" in bureau.locator(".messagelist").inner_text()

    head.goto(f"{live_server.url}/portal/schools/{school.pk}/exchanges/")
    assert head.locator(".exchange-row .status").first.inner_text().startswith("已批准")
    assert Exchange.objects.get().status == "approved"


def test_a_head_who_sends_the_filing_again_keeps_one_and_is_told(live_server, browser):
    """The page sent twice (a double click on a slow line, or 后退 and 提交 again): one
    exchange, and the second submission lands where the first did, with a sentence."""
    core = make_school("瑞安市第二实验小学", district="直属")
    school = make_school("瑞安市塘下镇第二小学")
    make_community(core, [school], year=2021, type="co_built")
    Teacher.objects.create(staff_id="T1", name="张老师", school=school)
    account_upsert(username="head", password=PASSWORD, role="school_head", school_name=school.name)

    head = browser.new_page()
    log_in(head, live_server.url, "head", PASSWORD)
    head.click("text=申报教师交流")
    form_url = head.url
    head.select_option("#id_teacher", label="张老师（T1）")
    head.select_option("#id_to_school", label="瑞安市第二实验小学")
    head.select_option("#id_kind", "支教")
    head.fill("#id_start_date", datetime.date.today().replace(month=9, day=1).isoformat())
    head.click("text=检查并提交")  # its 提示 shown, then confirmed: the submission that files
    token = head.input_value("input[name=submission_token]")
    fields = head.evaluate("() => Object.fromEntries(new FormData(document.querySelector('form[method=post]:not([action])')))")
    head.click("text=确认提交申报")
    assert "交流申报已提交" in head.locator(".messages").inner_text()
    # The same form posted again from the page the browser still holds.
    again = head.request.post(form_url, form={**fields, "submission_token": token})
    assert again.ok and "这份表单已经提交过，没有重复保存" in again.text()
    assert Exchange.objects.count() == 1
