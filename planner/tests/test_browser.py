"""A real browser, from a head's 学科缺口 and volunteer to the bureau filing the plan."""

import datetime

from conftest import BROWSER_TEST, log_in, make_community, make_school
from exchanges.models import Exchange
from planner.models import PlanRun
from schools.accounts import account_upsert
from teachers.models import Teacher

pytestmark = BROWSER_TEST
PASSWORD = "a-long-Password-2021"


def test_a_heads_subject_gap_and_volunteer_reach_the_plan_the_bureau_files(live_server, browser):
    core = make_school("瑞安市安阳实验小学（集团）", district="直属")
    member = make_school("瑞安市马屿镇第四小学（校区）", district="马屿")
    make_community(core, [member], year=2021, type="co_built")
    hired = datetime.date(2010, 9, 1)
    for n in range(30):  # 30 在职: 3 to exchange
        Teacher.objects.create(staff_id=f"M{n:02d}", name=f"成员校老师{n}", school=member, subject="数学", hire_date=hired)
        Teacher.objects.create(staff_id=f"C{n:02d}", name=f"核心校老师{n}", school=core, subject="数学", hire_date=hired)
    Teacher.objects.create(staff_id="C99", name="美术老师", school=core, subject="美术", hire_date=hired)
    account_upsert(username="head", password=PASSWORD, role="school_head", school_name=member.name)
    account_upsert(username="clerk", password=PASSWORD, role="bureau")

    head = browser.new_page(viewport={"width": 390, "height": 844})  # a head's phone
    log_in(head, live_server.url, "head", PASSWORD)
    head.click("nav >> text=交流意向")
    head.fill("input[name=subject]", "美术")
    head.fill("form:has(input[name=subject][required]) input[name=count]", "1")
    head.click("button:has-text('添加学科缺口')")
    assert "已保存学科缺口" in head.content()
    head.select_option("select[aria-label='成员校老师7的交流意向']", "volunteer")
    head.locator("tr", has_text="成员校老师7").locator("button:has-text('保存')").click()
    assert "已保存交流意向" in head.content()

    clerk = browser.new_page(viewport={"width": 1366, "height": 800})
    log_in(clerk, live_server.url, "clerk", PASSWORD)
    clerk.goto(f"{live_server.url}/admin/planner/planrun/add/")
    clerk.click("input[name=_save]")
    assert "已开始生成计划" in clerk.locator(".messagelist").inner_text()  # on the run's own page
    clerk.reload()  # (worked out at once here; a county's takes seconds)
    names = clerk.locator("table", has_text="选派理由").inner_text()
    assert "美术老师" in names and "成员校老师7" in names and "自愿报名" in names
    assert "是" in clerk.locator("table", has_text="达标").first.inner_text()

    # The bureau swaps the volunteer for a colleague of the same school; the rest is solved again.
    clerk.click("a[aria-label='调换成员校老师7']")
    assert "从瑞安市马屿镇第四小学（校区）到瑞安市安阳实验小学（集团）" in clerk.content()
    clerk.check("input[aria-label='换成成员校老师12']")
    clerk.click("button:has-text('换入所选教师并重新生成')")
    assert "已调换，正在重新生成计划" in clerk.locator(".messagelist").inner_text()
    names = clerk.locator("table", has_text="选派理由").inner_text()
    assert "成员校老师12" in names and "教育局调换指定" in names and "成员校老师7" not in names

    # …takes the 美术 teacher out (a form of its own: not the run's read-only form around it)…
    clerk.check("input[aria-label='移出美术老师']")
    clerk.click("button:has-text('移出所选教师并重新生成')")
    assert "已移出 1 名教师" in clerk.locator(".messagelist").inner_text()
    assert "美术老师（C99）" in clerk.locator(".plan-run").inner_text()  # named among those not in the plan
    names = clerk.locator("table", has_text="选派理由").inner_text()
    assert "美术老师" not in names and "成员校老师12" in names  # the swap kept
    assert PlanRun.objects.count() == 3

    # …and files it, after saying yes.
    clerk.once("dialog", lambda dialog: dialog.accept())
    clerk.click("button:has-text('全部录入为“已提交”')")
    assert "已录入 3 条交流（已提交）" in clerk.locator(".messagelist").inner_text()
    filed = Exchange.objects.filter(status=Exchange.Status.FILED)
    assert filed.count() == 3 and filed.filter(teacher__name="成员校老师12").exists()
    assert not filed.filter(teacher__name="美术老师").exists()
