"""A real browser: the bureau's exchange list fits a 1366 px screen with the menu open,
and an exchange is approved from its own page."""

import datetime

from conftest import BROWSER_TEST, log_in, make_community, make_school
from exchanges.models import Exchange
from schools.accounts import account_upsert
from teachers.models import Teacher

pytestmark = BROWSER_TEST
PASSWORD = "a-long-Password-2021"


def test_the_exchange_list_fits_1366_px_and_an_exchange_is_approved_on_its_page(live_server, browser):
    core = make_school("瑞安市安阳实验小学（集团）", district="直属")
    member = make_school("瑞安市马屿镇第四小学（校区）", district="马屿")
    make_community(core, [member], year=2021, type="co_built")
    teacher = Teacher.objects.create(staff_id="330381199001011234", name="欧阳明月", school=member)
    exchange = Exchange.objects.create(
        teacher=teacher,
        from_school=member,
        to_school=core,
        kind="rotation",
        start_date=datetime.date(2021, 9, 1),
        planned_end=datetime.date(2024, 8, 31),
        reject_reason="",
    )
    account_upsert(username="clerk", password=PASSWORD, role="bureau")
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    log_in(page, live_server.url, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/admin/exchanges/exchange/")
    assert page.locator("#nav-sidebar").is_visible()  # the menu open, as the admin opens it
    # Every column in view: the list's box needs no sideways scrolling beside the filters.
    overflow = page.evaluate("() => { const r = document.querySelector('.results'); return r.scrollWidth - r.clientWidth; }")
    assert overflow <= 0, f"the exchange list is {overflow} px too wide"
    page.click(f"#result_list a[href*='/{exchange.pk}/change/']")
    page.click("button:has-text('批准')")
    assert "欧阳明月的交流已批准。" in page.locator(".messagelist").inner_text()
    exchange.refresh_from_db()
    assert exchange.status == "approved"
    assert "已批准" in page.locator(".module", has_text="状态记录").inner_text()
