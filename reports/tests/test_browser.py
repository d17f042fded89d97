"""A real browser opens the dashboard as bureau staff, checks it against the database and downloads the report."""

import datetime

import openpyxl

from communities.models import CommunityYear
from conftest import BROWSER_TEST, log_in, make_community, make_school
from exchanges.models import Exchange
from reports.dashboard import dashboard
from schools.accounts import account_upsert
from schools.models import School
from teachers.models import Teacher

pytestmark = BROWSER_TEST
PASSWORD = "a-long-Password-2021"


def test_bureau_reads_the_dashboard_and_downloads_the_report(live_server, browser, tmp_path):
    core = make_school("瑞安市实验小学", district="直属", locality="urban", ownership="public")
    member = make_school("瑞安市高楼镇中心小学", district="高楼", locality="rural", ownership="public")
    make_school("瑞安市高楼镇枫岭小学", district="高楼", locality="rural", ownership="public")
    make_community(core, [member], year=2021, type="co_built")
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=member)
    Exchange.objects.create(
        teacher=teacher,
        from_school=member,
        to_school=core,
        kind="support",
        status="in_progress",
        start_date=datetime.date(2021, 9, 1),
        planned_end=datetime.date(2024, 8, 31),
    )
    account_upsert(username="boss", password=PASSWORD, role="bureau")
    board = dashboard(2021)

    page = browser.new_page(accept_downloads=True)
    log_in(page, live_server.url, "boss", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/?year=2021")
    county_values = page.locator(".county-value").all_inner_texts()
    # Against the records themselves, not only against the service behind the page.
    targets = School.objects.filter(locality__in=["rural", "town"], ownership="public")
    covered = targets.filter(memberships__school_year=2021).count()
    assert county_values[0].startswith(f"{covered} / {targets.count()}") and (covered, targets.count()) == (1, 2)
    close = CommunityYear.objects.filter(school_year=2021, type__in=["merged", "co_built"]).count()
    assert county_values[1].startswith(f"{close} / {CommunityYear.objects.filter(school_year=2021).count()}")
    assert county_values[0].startswith(f"{board.county.coverage_covered} / {board.county.coverage_targets}")
    assert county_values[2].startswith(f"{board.county.co_built_compliant} / {board.county.co_built_members} 所达标")
    assert page.locator("svg rect").count() >= 3

    page.click("#download-report")  # the report is made in the background; its job page offers it
    with page.expect_download() as download_info:
        page.click("text=下载 2021学年教共体年度报表.xlsx")
    path = tmp_path / "report.xlsx"
    download_info.value.save_as(path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[:5] == ["教共体名单", "覆盖与类型", "教师交流", "Z值与奖励", "特岗津贴"]
    (header, row) = list(workbook["教师交流"].iter_rows(values_only=True))
    assert row[:4] == ("瑞安市高楼镇中心小学", "共建型", 1, 1)


def test_a_clerk_clicks_three_figures_and_each_list_totals_what_was_clicked(
    live_server, browser, ruian_districts, activity_categories
):
    """The demo county: 经费 (a sum), a 学区's type share (a count through the roster) and
    the 开课率 (a section of the communities' work), each clicked as a clerk would."""
    from django.core.management import call_command

    from jiaogongti.school_year import current_school_year

    call_command("setup_demo")
    account_upsert(username="clerk", password=PASSWORD, role="bureau")
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, live_server.url, "clerk", PASSWORD)
    board = f"{live_server.url}/dashboard/?year={current_school_year()}"
    for chart, link in [(8, ".county-value"), (2, ".bars a >> nth=2"), (7, ".county-value")]:
        page.goto(board)
        clicked = page.locator(f"[data-chart='{chart}'] {link}")
        figure = clicked.get_attribute("data-figure")
        assert figure
        clicked.click()
        anchor = page.url.partition("#")[2]
        total = page.locator(f"#{anchor} .list-total" if anchor else ".list-total").first
        assert total.get_attribute("data-figure") == figure, page.url
        assert total.is_visible() and total.inner_text().startswith("合计")


def test_the_dashboard_and_the_admin_home_fit_a_phone(live_server, browser, ruian_districts, activity_categories):
    """375 px wide (a phone), the demo county: nothing wider than the screen."""
    from django.core.management import call_command

    call_command("setup_demo")
    account_upsert(username="clerk", password=PASSWORD, role="bureau")
    phone = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    log_in(phone, live_server.url, "clerk", PASSWORD)
    for address in ("/dashboard/", "/admin/"):
        phone.goto(live_server.url + address)
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, f"{address} lays out at {width} px"
