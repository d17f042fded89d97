"""The daily loop in a real browser (Playwright, Debian's Chromium): a head files with a
remark → the bureau sees it waiting on the admin home and approves it on the exchange's
page → the head reads the message and the exchange's page → the calendar moves it → the
dashboard counts it. And the teachers list exported and imported back through the admin."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from conftest import BROWSER_TEST, log_in, make_community, make_school
from exchanges.models import Exchange
from jiaogongti.school_year import school_year_end, school_year_of
from schools.accounts import account_upsert
from teachers.models import Teacher

pytestmark = BROWSER_TEST
PASSWORD = "a-long-Password-2021"


def test_file_approve_read_move_count(live_server, browser, tmp_path):
    core = make_school("瑞安市第二实验小学", district="直属", locality="urban", ownership="public")
    member = make_school("瑞安市塘下镇第二小学", district="塘下", locality="rural", ownership="public", stage="primary")
    make_community(core, [member], year=2021, type="co_built")
    teacher = Teacher.objects.create(staff_id="T1", name="张明", school=member, hire_date=datetime.date(2015, 9, 1))
    for number in range(2, 8):
        Teacher.objects.create(staff_id=f"T{number}", name=f"教师{number}", school=member)
    account_upsert(username="head", password=PASSWORD, role="school_head", school_name=member.name)
    account_upsert(username="clerk", password=PASSWORD, role="bureau")
    start = min(timezone.localdate() + datetime.timedelta(days=7), school_year_end(school_year_of(timezone.localdate())))
    year = school_year_of(start)

    head = browser.new_context().new_page()
    log_in(head, live_server.url, "head", PASSWORD)
    head.goto(f"{live_server.url}/portal/schools/{member.pk}/exchanges/new/")
    head.select_option("#id_teacher", str(teacher.pk))
    head.select_option("#id_to_school", str(core.pk))
    head.select_option("#id_kind", "rotation")
    head.fill("#id_start_date", start.isoformat())
    head.fill("#id_remark", "到核心校跟岗学习语文教学")
    head.click("button:has-text('检查并提交')")  # a filing a week ahead raises no 提示: filed at once
    assert "交流申报已提交" in head.locator(".messages").inner_text()
    exchange = Exchange.objects.get()
    assert (exchange.status, exchange.remark) == ("filed", "到核心校跟岗学习语文教学")
    phone = browser.new_context(viewport={"width": 375, "height": 740}, storage_state=head.context.storage_state()).new_page()
    for path in ["", "exchanges/", "teachers/", f"exchanges/{exchange.pk}/"]:
        phone.goto(f"{live_server.url}/portal/schools/{member.pk}/{path}")
        sideways = phone.evaluate("() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
        assert sideways <= 0, f"/{path} scrolls {sideways} px sideways on a phone"
        as_cards = "() => [...document.querySelectorAll('table')].every(t => getComputedStyle(t.rows[0]).display === 'block')"
        assert phone.evaluate(as_cards), f"/{path}: a table does not read as cards (a row a card)"

    clerk = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    log_in(clerk, live_server.url, "clerk", PASSWORD)
    clerk.goto(f"{live_server.url}/dashboard/?year={year}")
    before = clerk.locator(".county-value").all_inner_texts()[2]
    clerk.goto(f"{live_server.url}/admin/")
    waiting = clerk.locator(".module.waiting")
    assert "塘下学区" in waiting.inner_text() and "交流申报" in waiting.inner_text()
    clerk.click(".module.waiting tr:has-text('塘下学区') a")  # its 交流申报 count
    clerk.click(f"#result_list a[href*='/{exchange.pk}/change/']")
    clerk.wait_for_selector("button:has-text('批准')")
    assert clerk.locator("#id_remark").input_value() == "到核心校跟岗学习语文教学"  # the head's remark, for the decision
    clerk.click("button:has-text('批准')")
    assert "张明的交流已批准。" in clerk.locator(".messagelist").inner_text()

    head.goto(f"{live_server.url}/portal/schools/{member.pk}/")
    assert "条未读" in head.locator("nav").inner_text()
    head.click("nav a:has-text('消息')")
    head.click("text=已批准：张明")
    assert "已批准" in head.locator("td.status").inner_text() and "状态记录" in head.content()

    call_command("advance_exchanges", "--today", start.isoformat())
    exchange.refresh_from_db()
    assert exchange.status == "in_progress"
    head.reload()
    assert "进行中" in head.locator("td.status").inner_text()

    clerk.goto(f"{live_server.url}/dashboard/?year={year}")
    after = clerk.locator(".county-value").all_inner_texts()[2]
    assert before.startswith("0 / 1") and after.startswith("1 / 1"), (before, after)  # 1 of 7 teachers: over 10 %


def test_the_teachers_list_is_exported_and_imported_back_through_the_admin(live_server, browser, tmp_path):
    school = make_school("瑞安市塘下镇第二小学", district="塘下")
    for number in range(1, 4):
        Teacher.objects.create(staff_id=f"T{number}", name=f"教师{number}", school=school, subject="语文")
    account_upsert(username="clerk", password=PASSWORD, role="bureau")
    page = browser.new_page(accept_downloads=True)
    log_in(page, live_server.url, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/admin/teachers/teacher/")
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    path = tmp_path / "teachers.xlsx"
    download.value.save_as(path)
    history = Teacher.history.count()
    page.goto(f"{live_server.url}/admin/teachers/teacher/import/")
    page.set_input_files("input[type=file]", str(path))
    page.click("input[type=submit]")
    page.wait_for_selector("text=确认导入")
    assert "新建 0 人、更新 0 人、未变 3 人" in page.content()
    page.click("input[value=确认导入]")
    page.wait_for_selector("text=教师导入完成")
    assert "新建 0 人、更新 0 人、未变 3 人" in page.content()
    assert Teacher.objects.count() == 3 and Teacher.history.count() == history
